package engine

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/dpgcheck/dpgcheck/internal/config"
)

// ConfigError is a configuration that cannot be used: invalid (its message
// names the file, line and column), not a regular file, or too large. The
// command line exits 2 on it.
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// ReadConfig reads the configuration name of fsys. A missing file is an error
// wrapping fs.ErrNotExist; a file that is not regular or is too large is a
// *ConfigError naming it; any other error is an I/O error (a candidate that
// exists but cannot be read is never skipped: the evaluation would silently
// lose its attestations and waivers). The file is stat'ed before it is
// opened: opening a FIFO would block until a writer appears.
func ReadConfig(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	if err := config.CheckFile(name, info); err != nil {
		return nil, &ConfigError{Err: err}
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	defer f.Close()
	return ReadOpenedConfig(name, f)
}

// ReadOpenedConfig checks an opened configuration file again (it may have
// been replaced since it was stat'ed) and reads it within the cap.
func ReadOpenedConfig(name string, f fs.File) ([]byte, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	if err := config.CheckFile(name, info); err != nil {
		return nil, &ConfigError{Err: err}
	}
	data, err := config.Read(name, f)
	var cerr *config.Error
	if errors.As(err, &cerr) {
		return nil, &ConfigError{Err: err}
	}
	return data, err
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
