// Command dpgcheck evaluates a repository against the Digital Public Goods
// Standard; see the README.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/dpgcheck/dpgcheck/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Main(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
