package cli

import "runtime/debug"

// version is set at build time: -ldflags "-X github.com/dpgcheck/dpgcheck/internal/cli.version=v1.2.3".
var version = ""

// Version returns the version of this build: the one set at link time, else
// the module version recorded by the Go toolchain, else "dev".
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
