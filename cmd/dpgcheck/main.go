// Command dpgcheck evaluates a repository against the Digital Public Goods
// Standard; see the README.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/dpgcheck/dpgcheck/internal/cli"
)

func main() {
	// An interrupted run (Ctrl-C, a cancelled workflow) stops its work,
	// removes its temporary folders and keeps what it has written.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
