package cli

import (
	"context"

	"github.com/dpgcheck/dpgcheck/internal/github"
	"github.com/dpgcheck/dpgcheck/internal/hosting"
)

// What GitHub knows about a repository (its owner, the organisation's
// default code of conduct, private vulnerability reporting, the homepage) is
// evidence a DPGA reviewer sees. It costs up to three requests; the engine
// asks only when a rule says it could settle a criterion the repository
// leaves open, and at most once per run (the base of a pull request is judged
// with the same facts as its head).

// clientFacts asks GitHub through client.
func clientFacts(client *github.Client) func(context.Context, string) *hosting.Facts {
	return func(ctx context.Context, repository string) *hosting.Facts {
		repo, err := github.ParseRepo(repository)
		if err != nil {
			return nil
		}
		return client.Facts(ctx, repo)
	}
}

// tokenFacts asks GitHub (at apiURL, else GITHUB_API_URL) with the token in
// GITHUB_TOKEN, for the command line; without a token it does not ask (anonymous requests share a small
// rate limit, and a reviewer's view needs no guess).
func tokenFacts(env Env, apiURL string) func(context.Context, string) *hosting.Facts {
	token := env.Getenv("GITHUB_TOKEN")
	if token == "" {
		return nil
	}
	if apiURL == "" {
		apiURL = env.Getenv("GITHUB_API_URL")
	}
	return func(ctx context.Context, repository string) *hosting.Facts {
		client, err := github.New(ctx, github.Config{APIURL: apiURL, Token: token, Transport: env.Transport})
		if err != nil {
			return hosting.Unknown("GitHub", repository, "what GitHub knows was not read: "+err.Error())
		}
		return clientFacts(client)(ctx, repository)
	}
}
