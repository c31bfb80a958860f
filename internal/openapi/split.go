package openapi

import (
	"bytes"
	"runtime"
	"sync"

	"go.yaml.in/yaml/v3"
)

// The YAML parser reads about 12 MB/s, so a 1 MB description takes some
// 80 ms to read. Large block-style YAML documents are therefore cut into
// pieces at mapping keys and the pieces are parsed in parallel. A piece that
// starts inside nested mappings repeats the keys it sits under ("paths:",
// "components:\n  schemas:") as a header, so it is valid YAML by itself;
// the pieces' trees are then stitched back together and their lines shifted.
//
// A cut must never change what the document means. Cuts are made only at a
// key line whose enclosing keys all have their value on the following
// lines, so the key cannot sit inside a block scalar, and a flow collection
// or quoted string cut in two makes the piece before the cut fail. Where
// cuts could be made, every line must be a key or a list item indented like
// its siblings; a document that is irregular there, uses tabs, directives,
// several documents or line breaks other than \n is parsed whole. If any
// piece fails (for the reasons above, or because an alias refers to an
// anchor in another piece), the whole document is parsed in one go instead.
// FuzzParse checks that pieces never give a tree other than the whole.

// splitOptions controls the parallel reading of large YAML documents.
type splitOptions struct {
	minBytes   int // documents smaller than this are read in one piece
	chunkBytes int // target size of a piece; 0 picks one from the worker count
	workers    int // parallel parsers; 0 means GOMAXPROCS
}

// defaultSplit is what Parse and Validate use.
var defaultSplit = splitOptions{minBytes: 192 << 10}

// YAML line breaks besides \n and \r\n.
var (
	nel                = []byte("\u0085")
	lineSeparator      = []byte("\u2028")
	paragraphSeparator = []byte("\u2029")
)

// maxSplitDepth bounds how deep in the document a cut may be made.
const maxSplitDepth = 3

// chunk is one piece of the document: header (the enclosing key lines),
// then data[start:end], which begins on line firstLine.
type chunk struct {
	start, end int
	firstLine  int
	header     []byte
	levels     int // enclosing keys repeated in header
}

// decodeYAMLSplit reads data in parallel pieces. It returns false when the
// document is too small, cannot be cut, or a piece fails to parse; the
// caller then parses the whole document.
func decodeYAMLSplit(data []byte, opt splitOptions) (*yaml.Node, bool) {
	if len(data) < opt.minBytes {
		return nil, false
	}
	workers := opt.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
		if workers < 2 {
			return nil, false
		}
	}
	target := opt.chunkBytes
	if target <= 0 {
		// Pieces are uneven (cuts only fall between keys), so make more
		// of them than there are workers.
		target = len(data)/(8*workers) + 1
	}
	chunks := planChunks(data, target)
	if len(chunks) < 2 {
		return nil, false
	}
	trees := make([]*yaml.Node, len(chunks))
	parse := func(i int) {
		c := chunks[i]
		text := make([]byte, 0, len(c.header)+c.end-c.start)
		text = append(append(text, c.header...), data[c.start:c.end]...)
		root, err := decodeYAML(text)
		if err != nil || root == nil || root.Kind != yaml.MappingNode {
			return
		}
		shiftLines(root, c.firstLine-bytes.Count(c.header, []byte{'\n'})-1)
		trees[i] = root
	}
	if workers == 1 {
		for i := range chunks {
			parse(i) // in order, in this goroutine: for tests and fuzzing
		}
	} else {
		var wg sync.WaitGroup
		slots := make(chan struct{}, workers)
		for i := range chunks {
			slots <- struct{}{}
			wg.Go(func() {
				defer func() { <-slots }()
				parse(i)
			})
		}
		wg.Wait()
	}
	for _, tree := range trees {
		if tree == nil {
			return nil, false
		}
	}
	root := trees[0]
	for i := 1; i < len(trees); i++ {
		if !appendChunk(root, trees[i], chunks[i].levels) {
			return nil, false
		}
	}
	return root, true
}

// lineGroup describes the lines directly under one key (or at the top
// level): their indentation and what kinds of line they are.
type lineGroup struct {
	indent int // -1 until the first line
	kinds  lineKind
}

// lineKind classifies a line for planChunks.
type lineKind uint8

const (
	keyLineKind      lineKind = 1 << iota // "key:" or "key: value"
	sequenceLineKind                      // "- item"
	otherLineKind                         // anything else: a tag, a flow collection, text
)

// planChunks finds the cuts. Each chunk but the first starts at a key line
// whose enclosing key lines all end in ":" (optionally with a comment).
func planChunks(data []byte, target int) []chunk {
	type open struct {
		indent   int
		children lineGroup
		line     []byte
		// sequenceItem is true for "- ..." lines.
		sequenceItem bool
		valueOpen    bool // the key's value starts on a following line, and so do its parents'
	}
	var (
		stack  []open
		chunks = []chunk{{start: 0, firstLine: 1}}
		lineNo = 0
		root   = lineGroup{indent: -1}
		// chunkHasContent is false until the current chunk has a line
		// that is not blank or a comment: a chunk of comments alone is an
		// empty document.
		chunkHasContent = false
	)
	for pos := 0; pos < len(data); {
		lineNo++
		end := bytes.IndexByte(data[pos:], '\n')
		next := len(data)
		if end >= 0 {
			end += pos
			next = end + 1
		} else {
			end = len(data)
		}
		line := bytes.TrimSuffix(data[pos:end], []byte("\r"))
		start := pos
		pos = next
		if bytes.IndexByte(line, '\r') >= 0 || bytes.Contains(line, nel) || bytes.Contains(line, lineSeparator) || bytes.Contains(line, paragraphSeparator) {
			return nil // other YAML line breaks: line numbers would differ
		}
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		rest := line[indent:]
		if len(rest) == 0 || rest[0] == '#' {
			continue
		}
		if rest[0] == '\t' {
			return nil // tabs make indentation ambiguous: do not cut
		}
		if indent == 0 && (bytes.HasPrefix(rest, []byte("---")) || bytes.HasPrefix(rest, []byte("...")) || rest[0] == '%') {
			return nil // several documents or directives: do not cut
		}
		sequenceItem := rest[0] == '-' && (len(rest) == 1 || rest[1] == ' ')
		// Pop what this line closes: deeper lines, and lines at the same
		// indentation except the key a sequence sits under ("key:\n- item").
		for len(stack) > 0 {
			top := stack[len(stack)-1]
			if top.indent < indent || top.indent == indent && sequenceItem && !top.sequenceItem {
				break
			}
			stack = stack[:len(stack)-1]
		}
		parentsOpen := len(stack) == 0 || stack[len(stack)-1].valueOpen
		isKey, valueOnNextLines := blockKeyLine(rest)
		kind := otherLineKind
		switch {
		case sequenceItem:
			kind = sequenceLineKind
		case isKey:
			kind = keyLineKind
		}
		// Where cuts can be made (at the top level and under keys whose
		// value starts on the next line), every line must be a key or a
		// sequence item, not both among siblings, and indented like its
		// first sibling. Anywhere that is not so, the document is irregular
		// (valid or not) and only a whole parse can say what it means: do
		// not cut at all.
		siblings := &root
		if len(stack) > 0 {
			siblings = &stack[len(stack)-1].children
		}
		if siblings.indent < 0 {
			siblings.indent = indent
		}
		if indent != siblings.indent {
			return nil
		}
		siblings.kinds |= kind
		if parentsOpen && (siblings.kinds&otherLineKind != 0 || siblings.kinds == keyLineKind|sequenceLineKind) {
			return nil
		}
		if isKey && !sequenceItem && parentsOpen && len(stack) <= maxSplitDepth && chunkHasContent &&
			start-chunks[len(chunks)-1].start >= target {
			var header []byte
			for _, o := range stack {
				header = append(append(header, o.line...), '\n')
			}
			chunks[len(chunks)-1].end = start
			chunks = append(chunks, chunk{start: start, firstLine: lineNo, header: header, levels: len(stack)})
		}
		chunkHasContent = true
		stack = append(stack, open{
			indent:       indent,
			children:     lineGroup{indent: -1},
			line:         line,
			sequenceItem: sequenceItem,
			valueOpen:    parentsOpen && isKey && !sequenceItem && valueOnNextLines,
		})
	}
	chunks[len(chunks)-1].end = len(data)
	return chunks
}

// blockKeyLine reports whether a line (without its indentation) is a block
// mapping key, and whether its value is left for the following lines
// ("key:" with nothing but an optional comment after it). Keys starting
// with a YAML indicator other than a quote are not recognised, which only
// means no cut is made there.
func blockKeyLine(rest []byte) (isKey, valueOnNextLines bool) {
	i := 0
	switch rest[0] {
	case '\'', '"':
		quote := rest[0]
		for i = 1; i < len(rest); i++ {
			if quote == '"' && rest[i] == '\\' {
				i++
				continue
			}
			if rest[i] == quote {
				if quote == '\'' && i+1 < len(rest) && rest[i+1] == '\'' {
					i++
					continue
				}
				break
			}
		}
		if i >= len(rest) {
			return false, false
		}
		i++
		for i < len(rest) && rest[i] == ' ' {
			i++
		}
		if i >= len(rest) || rest[i] != ':' {
			return false, false
		}
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`':
		return false, false
	default:
		for ; i < len(rest); i++ {
			if rest[i] == ':' && (i+1 == len(rest) || rest[i+1] == ' ') {
				break
			}
			if rest[i] == '#' && rest[i-1] == ' ' {
				return false, false // a comment before any ':'
			}
		}
		if i >= len(rest) {
			return false, false
		}
	}
	// rest[i] is the ':' ending the key.
	value := bytes.TrimLeft(rest[i+1:], " ")
	return true, len(value) == 0 || value[0] == '#'
}

// shiftLines adds delta to the line of every node of a piece's tree.
// Aliases are not followed: their targets are in the tree too.
func shiftLines(n *yaml.Node, delta int) {
	n.Line += delta
	for _, c := range n.Content {
		shiftLines(c, delta)
	}
}

// appendChunk appends a piece's top-level mapping to the document's. The
// first levels entries of the piece, one per nesting level, are the
// repeated header keys: their contents continue the document's last entry
// at that level.
func appendChunk(dst, src *yaml.Node, levels int) bool {
	if dst.Kind != yaml.MappingNode || src.Kind != yaml.MappingNode {
		return false
	}
	if levels == 0 {
		dst.Content = append(dst.Content, src.Content...)
		return true
	}
	if len(src.Content) < 2 || len(dst.Content) < 2 {
		return false
	}
	last := len(dst.Content) - 1
	if src.Content[0].Value != dst.Content[last-1].Value {
		return false
	}
	if empty := dst.Content[last]; empty.Kind == yaml.ScalarNode && empty.Tag == "!!null" && empty.Value == "" {
		// The previous piece ended right after the header key.
		dst.Content[last] = src.Content[1]
	} else if !appendChunk(dst.Content[last], src.Content[1], levels-1) {
		return false
	}
	dst.Content = append(dst.Content, src.Content[2:]...)
	return true
}
