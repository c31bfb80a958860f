package action

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/sethvargo/go-githubactions"
)

// Output is a step output.
type Output struct{ Name, Value string }

// WriteOutputs appends outputs to the GITHUB_OUTPUT file in the multi-line
// form name<<DELIMITER. The delimiter is random for each value and checked
// against it, so no value can end its block early and forge other outputs
// (go-githubactions uses a fixed delimiter). An empty path writes nothing.
func WriteOutputs(path string, outs []Output) error {
	if path == "" {
		return nil
	}
	var b strings.Builder
	for _, o := range outs {
		if strings.ContainsAny(o.Name, "\r\n<=") {
			return fmt.Errorf("output name %q is not valid", o.Name)
		}
		var delim string
		for {
			var r [16]byte
			if _, err := rand.Read(r[:]); err != nil {
				return err
			}
			delim = "dpgcheck_" + hex.EncodeToString(r[:])
			if !strings.Contains(o.Value, delim) {
				break
			}
		}
		fmt.Fprintf(&b, "%s<<%s\n%s\n%s\n", o.Name, delim, o.Value, delim)
	}
	return appendFile(path, b.String())
}

// MaxSummary is GitHub's limit on a step's job summary: above 1 MiB the
// upload is aborted ("supports content up to a size of 1024k").
const MaxSummary = 1 << 20

// AppendSummary appends Markdown to the GITHUB_STEP_SUMMARY file, cut at a
// character boundary to stay under MaxSummary. An empty path writes nothing.
func AppendSummary(path, md string) error {
	if path == "" {
		return nil
	}
	const note = "\n\n*(cut: the job summary is limited to 1 MiB)*\n"
	if len(md) > MaxSummary {
		cut := MaxSummary - len(note)
		for cut > 0 && !utf8.RuneStart(md[cut]) {
			cut--
		}
		md = md[:cut] + note
	}
	return appendFile(path, md)
}

func appendFile(path, s string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if _, err := io.WriteString(f, s); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

// Annotation is a workflow-command annotation.
type Annotation struct {
	Path    string
	Line    int
	Level   string // failure, warning or notice
	Title   string
	Message string
}

// maxPerLevel is GitHub's limit on workflow-command annotations shown per
// step and level (10 errors, 10 warnings); more are dropped silently.
const maxPerLevel = 10

// Annotate writes annotations as workflow commands (::error file=...), at
// most maxPerLevel per level, and says how many were left out.
func Annotate(a *githubactions.Action, anns []Annotation) {
	count := map[string]int{}
	dropped := 0
	for _, an := range anns {
		if count[an.Level] >= maxPerLevel {
			dropped++
			continue
		}
		count[an.Level]++
		fields := map[string]string{"file": an.Path, "line": fmt.Sprint(max(an.Line, 1)), "title": an.Title}
		w := a.WithFieldsMap(fields)
		switch an.Level {
		case "failure":
			w.Errorf("%s", an.Message)
		case "warning":
			w.Warningf("%s", an.Message)
		default:
			w.Noticef("%s", an.Message)
		}
	}
	if dropped > 0 {
		a.Noticef("%d more annotations were left out (GitHub shows 10 per level per step); the job summary lists every finding", dropped)
	}
}
