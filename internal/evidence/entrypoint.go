package evidence

import (
	"bytes"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// EntrypointScript is a repository script an image starts with.
type EntrypointScript struct {
	Path string // repository path of the script
	Line int    // line of the ENTRYPOINT or CMD that starts it
	// Forwards: the script replaces itself with the service (exec) or
	// traps SIGTERM; otherwise the shell stays PID 1 and the service never
	// sees the signal.
	Forwards bool
}

// capScript bounds an entrypoint script read.
const capScript = 256 << 10

var (
	scriptExec = lazyregexp.New(`(?m)^[ \t]*(?:[A-Za-z_][A-Za-z0-9_]*=\S*[ \t]+)*exec[ \t]+[^<>&0-9\s]`)
	scriptTrap = lazyregexp.New(`(?m)^[ \t]*trap[ \t].*\b(TERM|SIGTERM|15|INT)\b`)
	initBinary = lazyregexp.New(`(^|/)(tini|dumb-init|catatonit|s6-svscan|init)$`)
)

// readEntrypoints finds, for each product Dockerfile, the script its final
// image starts and reads whether the script hands signals on.
func (b *builder) readEntrypoints() {
	files := map[string]bool{}
	for _, f := range b.repo.Files {
		files[f] = true
	}
	for _, d := range b.repo.Dockerfiles {
		script, line := startScript(d)
		if script == "" {
			continue
		}
		p := scriptSource(d, script, files)
		if p == "" {
			continue
		}
		forwards, ok := b.scripts[p]
		if !ok {
			data, err := readCapped(b.fsys, p, capScript)
			if err != nil {
				continue
			}
			b.repo.Stats.FilesRead++
			b.repo.Stats.BytesRead += int64(len(data))
			forwards = handsSignalsOn(data)
		}
		d.Entrypoint = &EntrypointScript{Path: p, Line: line, Forwards: forwards}
	}
}

// scriptOf returns what records whether a shell script read during the walk
// hands signals on, so that an entrypoint is never read twice.
func scriptOf(p string, data []byte) func(*builder) {
	if !strings.HasSuffix(p, ".sh") && !bytes.HasPrefix(data, []byte("#!")) || len(data) > capScript {
		return nil
	}
	forwards := handsSignalsOn(data)
	return func(b *builder) {
		if len(b.scripts) >= 100_000 {
			return
		}
		if b.scripts == nil {
			b.scripts = map[string]bool{}
		}
		b.scripts[p] = forwards
	}
}

// handsSignalsOn reports a script that replaces itself with the service
// (exec) or traps SIGTERM.
func handsSignalsOn(data []byte) bool {
	return scriptExec.Match(data) || scriptTrap.Match(data)
}

// Start returns what the final image runs first: the last ENTRYPOINT of
// its stages, else the last CMD.
func (d *Dockerfile) Start() (Instruction, bool) {
	_, chain, ok := d.FinalImage()
	if !ok {
		return Instruction{}, false
	}
	var entry, cmd *Instruction
	for _, st := range chain {
		for i, ins := range st.Instructions {
			switch ins.Cmd {
			case "ENTRYPOINT":
				entry = &st.Instructions[i]
			case "CMD":
				cmd = &st.Instructions[i]
			}
		}
	}
	switch {
	case entry != nil:
		return *entry, true
	case cmd != nil:
		return *cmd, true
	}
	return Instruction{}, false
}

// startScript returns the script path (inside the image) that the image
// starts with, and the line that starts it; "" when it starts a binary or
// an init process (tini, dumb-init).
func startScript(d *Dockerfile) (string, int) {
	ins, ok := d.Start()
	if !ok {
		return "", 0
	}
	args, ok := ExecForm(ins.Args)
	if !ok || len(args) == 0 || initBinary.MatchString(args[0]) {
		return "", 0
	}
	first := args[0]
	if base := path.Base(first); (base == "sh" || base == "bash") && len(args) > 1 && !strings.HasPrefix(args[1], "-") {
		first = args[1]
	}
	if !strings.HasSuffix(first, ".sh") && !strings.Contains(strings.ToLower(path.Base(first)), "entrypoint") {
		return "", 0
	}
	return first, ins.Line
}

// scriptSource maps a path inside the image to the repository file the
// final image's COPY or ADD instructions put there, trying the build
// context at the Dockerfile's folder and at the repository root.
func scriptSource(d *Dockerfile, target string, files map[string]bool) string {
	_, chain, _ := d.FinalImage()
	workdir := "/"
	var found string
	for _, st := range chain {
		for _, ins := range st.Instructions {
			switch ins.Cmd {
			case "WORKDIR":
				w := strings.TrimSpace(ins.Args)
				if !path.IsAbs(w) {
					w = path.Join(workdir, w)
				}
				workdir = w
			case "COPY", "ADD":
				if p := copiedFrom(ins.Args, workdir, target); p != "" {
					for _, ctx := range []string{path.Dir(d.Path), "."} {
						if c := path.Join(ctx, p); files[c] {
							found = c // a later COPY to the same place wins
							break
						}
					}
				}
			}
		}
	}
	return found
}

// copiedFrom returns the source (relative to the build context) that a COPY
// or ADD instruction puts at target, or "".
func copiedFrom(args, workdir, target string) string {
	var words []string
	if exec, ok := ExecForm(args); ok {
		words = exec
	} else {
		for _, w := range strings.Fields(args) {
			if strings.HasPrefix(w, "--from") {
				return "" // from another stage or image
			}
			if !strings.HasPrefix(w, "--") {
				words = append(words, w)
			}
		}
	}
	if len(words) < 2 {
		return ""
	}
	srcs, dest := words[:len(words)-1], words[len(words)-1]
	intoDir := strings.HasSuffix(dest, "/") || len(srcs) > 1
	dest = path.Clean(dest)
	if !path.IsAbs(dest) {
		dest = path.Join(workdir, dest)
	}
	target = path.Clean(target)
	if !path.IsAbs(target) {
		target = path.Join(workdir, target)
	}
	for _, src := range srcs {
		if strings.Contains(src, "://") || strings.ContainsAny(src, "*?$") {
			continue
		}
		src = strings.TrimPrefix(path.Clean(src), "/")
		switch {
		case !intoDir && dest == target:
			return src
		case path.Join(dest, path.Base(src)) == target && path.Ext(src) != "":
			return src
		case strings.HasPrefix(target, dest+"/"):
			// A folder copied into dest: target is inside it.
			rel := strings.TrimPrefix(target, dest+"/")
			if src == "." {
				return rel
			}
			return path.Join(src, rel)
		}
	}
	return ""
}
