package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/batch"
	"github.com/dpgcheck/dpgcheck/internal/safetext"
)

// runMerge is dpgcheck batch merge [--out DIR2] DIR: it reads the reports
// and error records of DIR (through an os.Root, so no link leads out of
// it) and writes summary.json, summary.csv, summary.md and summary.html into
// DIR2 (default DIR), each atomically.
func runMerge(env Env, args []string) (int, error) {
	fl := flag.NewFlagSet("dpgcheck batch merge", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	out := fl.String("out", "", "")
	var dirs []string
	for {
		if err := fl.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(env.Stderr, usageText)
			}
			return 0, usagef("%v (see dpgcheck help)", err)
		}
		if fl.NArg() == 0 {
			break
		}
		dirs = append(dirs, fl.Arg(0))
		args = fl.Args()[1:]
	}
	if len(dirs) != 1 {
		return 0, usagef("batch merge takes one folder, the --out of dpgcheck batch (got %d)", len(dirs))
	}
	dir := dirs[0]
	if *out == "" {
		*out = dir
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || strings.Contains(err.Error(), "not a directory") {
			return 0, usagef("%s is not a folder of reports", dir)
		}
		return 0, fmt.Errorf("open %s: %w", dir, err)
	}
	defer root.Close()
	s, err := batch.Merge(root.FS())
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", dir, err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return 0, fmt.Errorf("make the output folder: %w", err)
	}
	writers := []struct {
		name  string
		write func(io.Writer, *batch.Summary) error
	}{
		{"summary.json", batch.WriteJSON},
		{"summary.csv", batch.WriteCSV},
		{"summary.md", batch.WriteMarkdown},
		{"summary.html", batch.WriteHTML},
	}
	var written []string
	for _, w := range writers {
		var buf bytes.Buffer
		if err := w.write(&buf, s); err != nil {
			return 0, fmt.Errorf("%s: %w", w.name, err)
		}
		if err := writeAtomic(*out, w.name, buf.Bytes()); err != nil {
			return 0, err
		}
		written = append(written, filepath.Join(*out, w.name))
	}
	v := s.Verdicts
	fmt.Fprintf(env.Stderr, "dpgcheck batch merge: %d evaluated (%d pass, %d fail, %d need review), %d failed to evaluate; wrote %s\n",
		len(s.Evaluated), v["pass"], v["fail"], v["needs-review"], len(s.Failed), safetext.Line(strings.Join(written, ", ")))
	return ExitPass, nil
}
