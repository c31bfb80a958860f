package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/dpgcheck/dpgcheck/internal/config"
	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/engine"
	"github.com/dpgcheck/dpgcheck/internal/hosting"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/rootfs"
)

// evaluation is what the command line and the Action ask the engine to
// evaluate: a folder on this machine, and what the user chose.
type evaluation struct {
	dir        string // the folder to evaluate
	display    string // how the report names it
	configFile string // --config (a path on this machine); "" looks in the folder
	standards  []string
	govstack   govstackChoice
	failOn     report.FailOn
	log        *slog.Logger
	target     report.Target // what the caller knows better than the checkout (an Action's repository and commit)
	host       func(ctx context.Context, repository string) *hosting.Facts
	// base, when set, compares the folder with a pull request's base.
	base *engine.Base
	// registry is --registry: the project's DPGA registry record (a path or
	// an http(s) URL); "" for none.
	registry string
}

// evaluateDir opens the folder (os.OpenRoot: symlinks cannot leave it),
// reads what the user gave on this machine (--config, the reference
// specification) and asks the engine for the report.
func evaluateDir(ctx context.Context, env Env, e evaluation) (*report.Report, error) {
	// A folder that is not there is said before anything is read or
	// downloaded for it.
	root, err := openTree(e.dir, e.display)
	if err != nil {
		return nil, err
	}
	root.Close()
	o, err := prepare(ctx, env, e)
	if err != nil {
		return nil, err
	}
	return evaluateIn(ctx, e.dir, e.display, e.govstack.referenceSpec, o)
}

// openTree opens the folder dir, named display in messages.
func openTree(dir, display string) (*os.Root, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, os.ErrInvalid) || strings.Contains(err.Error(), "not a directory") {
			return nil, usagef("%s is not a directory to evaluate", display)
		}
		return nil, fmt.Errorf("open %s: %w", display, err)
	}
	return root, nil
}

// prepare reads what every evaluation of a run shares (--config, a building
// block's reference specification) into the engine's options, once: a batch
// evaluates many folders with them.
func prepare(ctx context.Context, env Env, e evaluation) (engine.Options, error) {
	o := engine.Options{Standards: e.standards, Catalog: criteria.Builtin(), FailOn: e.failOn, Now: env.Now(),
		Tool: report.Tool{Name: "dpgcheck", Version: Version()}, Host: e.host, Base: e.base, Log: e.log, Target: e.target}
	if e.configFile != "" {
		data, err := readConfigPath(e.configFile)
		if err != nil {
			return o, asUsage(err, true)
		}
		o.Config = &engine.ConfigFile{Name: e.configFile, Data: data}
	}
	if e.govstack.buildingBlock != "" {
		e.log.Info("reading the reference specification", "building-block", e.govstack.buildingBlock, "from", displaySource(e.govstack.referenceSpec))
		data, err := readReference(ctx, e.govstack.referenceSpec, http.DefaultClient)
		if err != nil {
			return o, err
		}
		ref, cat, std, err := engine.LoadReference(o.Catalog, e.govstack.buildingBlock, displaySource(e.govstack.referenceSpec), data)
		if err != nil {
			return o, asUsage(err, false)
		}
		o.Reference, o.Catalog = ref, cat
		o.Standards = append(append([]string{}, e.standards...), std.ID)
	}
	if e.registry != "" {
		if err := loadRegistry(ctx, e, &o); err != nil {
			return o, err
		}
	}
	return o, nil
}

// evaluateIn evaluates the folder dir, named display in the report, with
// the prepared options; referenceSpec is where the reference specification
// was read from (it is not a candidate API when it is inside dir).
func evaluateIn(ctx context.Context, dir, display, referenceSpec string, o engine.Options) (*report.Report, error) {
	root, err := openTree(dir, display)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	o.Target.Path = filepath.ToSlash(display)
	if o.Reference != nil {
		ref := *o.Reference
		ref.InRepo = pathInside(dir, referenceSpec)
		o.Reference = &ref
	}
	fsys := rootfs.New(root) // one openat per file, not one per path element
	defer fsys.Close()
	r, err := engine.Evaluate(ctx, fsys, o)
	if err != nil {
		return nil, asUsage(err, false)
	}
	return r, nil
}

// asUsage turns a configuration the user must fix into a usage error (exit
// 2); anything about --config (given) is one too. Other errors are runtime
// errors (exit 3).
func asUsage(err error, given bool) error {
	var ce *engine.ConfigError
	var cfe *config.Error
	if errors.As(err, &ce) || errors.As(err, &cfe) || given {
		return &usageError{err.Error()}
	}
	return err
}

// readConfigPath reads the configuration file at path (--config) as the
// engine reads one in the repository, and opens it without blocking, so that
// not even a FIFO put in place after the stat can stall the read.
func readConfigPath(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	if err := config.CheckFile(path, info); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	defer f.Close()
	return engine.ReadOpenedConfig(path, f)
}
