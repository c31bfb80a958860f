package github

import (
	"context"
	"errors"
	"fmt"

	gh "github.com/google/go-github/v60/github"
)

// MalformedAnswerError is a successful answer dpgcheck could not use: not
// JSON, not the shape GitHub's description promises, or without the id that
// the next request needs.
type MalformedAnswerError struct {
	Method string
	Path   string
	Status int
	Err    error
}

func (e *MalformedAnswerError) Error() string {
	return fmt.Sprintf("%s %s: GitHub's answer (%d) could not be read: %v", e.Method, e.Path, e.Status, e.Err)
}

func (e *MalformedAnswerError) Unwrap() error { return e.Err }

// IsMalformedAnswer reports whether err is an answer dpgcheck could not use.
func IsMalformedAnswer(err error) bool {
	var me *MalformedAnswerError
	return errors.As(err, &me)
}

// checkAnswer names the request when GitHub answered with success but the
// answer could not be decoded: go-github returns the bare decoding error.
func checkAnswer(resp *gh.Response, err error) error {
	if err == nil || resp == nil || resp.Response == nil || resp.Request == nil || resp.StatusCode >= 300 {
		return err
	}
	var accepted *gh.AcceptedError
	if errors.As(err, &accepted) || IsTimeout(err) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return &MalformedAnswerError{Method: resp.Request.Method, Path: resp.Request.URL.Path, Status: resp.StatusCode, Err: err}
}

// missingID is the error of a successful answer without the id dpgcheck
// needs from it.
func missingID(resp *gh.Response, what string) error {
	err := fmt.Errorf("the answer has no %s id", what)
	if resp == nil || resp.Response == nil || resp.Request == nil {
		return err
	}
	return &MalformedAnswerError{Method: resp.Request.Method, Path: resp.Request.URL.Path, Status: resp.StatusCode, Err: err}
}
