package publiccode

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// ParseError reports a publiccode.yml that cannot be read: invalid YAML, a
// document that is not a mapping, or one that exceeds MaxNodes.
type ParseError struct {
	Line int // 1-based; 0 when unknown
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("publiccode.yml:%d: %s", e.Line, e.Msg)
	}
	return "publiccode.yml: " + e.Msg
}

// yamlLine matches the position prefix of go.yaml.in/yaml errors.
var yamlLine = lazyregexp.New(`^line (\d+): `)

// yamlError turns an error of the YAML library into a ParseError, moving the
// line out of the message.
func yamlError(err error) *ParseError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		if n, convErr := strconv.Atoi(m[1]); convErr == nil {
			line = n
		}
		msg = msg[len(m[0]):]
	}
	return &ParseError{Line: line, Msg: "invalid YAML: " + clip(msg)}
}
