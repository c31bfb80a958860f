package markup

import "strings"

// maxHTMLHeadingLines bounds how far an <hN> heading may run before its </hN>.
const maxHTMLHeadingLines = 20

func parseMarkdown(b *builder, lines []string) {
	inComment := false
	for i := frontMatterEnd(lines); i < len(lines); i++ {
		line, open := stripComments(lines[i], inComment)
		inComment = open
		if isBlank(line) {
			b.inTag = false
			continue
		}
		if char, n, info, ok := openFence(line); ok {
			end := i + 1
			for end < len(lines) && !closesFence(lines[end], char, n) {
				end++
			}
			b.code(info, i+1, lines[i+1:end], indentOf(line))
			i, inComment, b.inTag = end, false, false
			continue
		}
		if level, text, ok := prefixHeading(line, '#', 3); ok {
			b.heading(level, text, i+1)
			b.prose(Markdown, text, i+1)
			continue
		}
		if level, text, ok := htmlHeading(lines, i, line); ok {
			b.heading(level, text, i+1)
		} else if !inComment && i+1 < len(lines) && isParagraphText(line) {
			if level := setextLevel(lines[i+1]); level > 0 {
				b.heading(level, line, i+1)
				b.prose(Markdown, line, i+1)
				i++ // the underline
				continue
			}
		}
		b.prose(Markdown, line, i+1)
	}
}

// frontMatterEnd returns the index of the first line after YAML front matter
// ("---" on the first line up to the next "---" or "..."), or 0.
func frontMatterEnd(lines []string) int {
	if len(lines) == 0 || strings.TrimRight(lines[0], " \t") != "---" {
		return 0
	}
	for j := 1; j < len(lines); j++ {
		if s := strings.TrimRight(lines[j], " \t"); s == "---" || s == "..." {
			return j + 1
		}
	}
	return 0
}

// stripComments removes HTML comments from line. open says whether the line
// starts inside a comment; the result says whether it ends inside one. A
// comment left open must start the line, as a CommonMark HTML block does;
// elsewhere an unclosed "<!--" is text.
func stripComments(line string, open bool) (string, bool) {
	if !open && !strings.Contains(line, "<!--") {
		return line, false
	}
	var sb strings.Builder
	rest := line
	for {
		if open {
			k := strings.Index(rest, "-->")
			if k < 0 {
				return sb.String(), true
			}
			rest, open = rest[k+3:], false
			sb.WriteByte(' ')
		}
		k := strings.Index(rest, "<!--")
		if k < 0 || (!strings.Contains(rest[k+4:], "-->") && (sb.Len() > 0 || !isBlank(rest[:k]))) {
			break
		}
		sb.WriteString(rest[:k])
		rest, open = rest[k+4:], true
	}
	sb.WriteString(rest)
	return sb.String(), false
}

// openFence recognises an opening code fence: three or more backticks or
// tildes, then an info string. Fences are accepted at any indentation, so
// that fences inside list items are found too.
func openFence(line string) (char byte, n int, info string, ok bool) {
	s := strings.TrimLeft(line, " \t")
	if len(s) < 3 || (s[0] != '`' && s[0] != '~') {
		return 0, 0, "", false
	}
	for n < len(s) && s[n] == s[0] {
		n++
	}
	info = strings.TrimSpace(s[n:])
	if n < 3 || (s[0] == '`' && strings.IndexByte(info, '`') >= 0) {
		return 0, 0, "", false
	}
	return s[0], n, info, true
}

// closesFence reports whether line closes a fence of n chars: the same char,
// at least as many, and nothing else.
func closesFence(line string, char byte, n int) bool {
	s := strings.TrimSpace(line)
	return len(s) >= n && strings.Trim(s, string(char)) == ""
}

// prefixHeading recognises a heading made of 1 to 6 marks and a blank, as
// in "## Usage" or AsciiDoc's "== Usage", indented by at most maxIndent
// spaces. A closing run of marks after a blank is removed.
func prefixHeading(line string, mark byte, maxIndent int) (level int, text string, ok bool) {
	s := line
	for k := 0; k < maxIndent && strings.HasPrefix(s, " "); k++ {
		s = s[1:]
	}
	for level < len(s) && s[level] == mark {
		level++
	}
	if level == 0 || level > 6 || (level < len(s) && s[level] != ' ' && s[level] != '\t') {
		return 0, "", false
	}
	text = strings.TrimSpace(s[level:])
	if t := strings.TrimRight(text, string(mark)); t == "" || strings.HasSuffix(t, " ") || strings.HasSuffix(t, "\t") {
		text = strings.TrimSpace(t)
	}
	return level, text, true
}

// htmlHeading recognises an HTML heading, <h1 align="center">Title</h1>,
// that opens on line i (an HTML line) and closes within a few lines.
func htmlHeading(lines []string, i int, line string) (level int, text string, ok bool) {
	s := strings.TrimLeft(line, " \t")
	if !strings.HasPrefix(s, "<") {
		return 0, "", false
	}
	start := -1
	for k := 0; k+3 <= len(s) && start < 0; k++ {
		if s[k] == '<' && lowerASCII(s[k+1]) == 'h' && '1' <= s[k+2] && s[k+2] <= '6' &&
			(k+3 == len(s) || strings.IndexByte(" \t>/", s[k+3]) >= 0) {
			start, level = k, int(s[k+2]-'0')
		}
	}
	if start < 0 {
		return 0, "", false
	}
	gt := strings.IndexByte(s[start:], '>')
	if gt < 0 {
		return 0, "", false
	}
	closeTag := "</h" + s[start+2:start+3]
	var sb strings.Builder
	rest := s[start+gt+1:]
	for j := i; j < len(lines) && j <= i+maxHTMLHeadingLines; j++ {
		if j > i {
			rest = lines[j]
		}
		k := indexFold(rest, closeTag)
		if k >= 0 {
			rest = rest[:k]
		}
		sb.WriteString(truncate(rest, maxCleanInput-sb.Len()))
		if k >= 0 {
			return level, sb.String(), true
		}
		if sb.Len() < maxCleanInput {
			sb.WriteByte(' ')
		}
	}
	return 0, "", false
}

// isParagraphText reports whether line can be the text of a setext heading:
// paragraph text, not a list item, table row, quote, HTML or a link
// reference definition.
func isParagraphText(line string) bool {
	s := strings.TrimSpace(line)
	if s == "" || indentOf(line) >= 4 || strings.IndexByte("><|[", s[0]) >= 0 && (s[0] != '[' || strings.Contains(s, "]:")) {
		return false
	}
	return !isListItem(s) && !strings.Contains(s, "|") && containsWord(s)
}

// setextLevel returns 1 for an "===" underline, 2 for "---", else 0.
func setextLevel(line string) int {
	s := strings.TrimRight(line, " \t")
	if indentOf(s) > 3 {
		return 0
	}
	switch s = strings.TrimLeft(s, " "); {
	case s == "":
		return 0
	case strings.Trim(s, "=") == "":
		return 1
	case strings.Trim(s, "-") == "":
		return 2
	}
	return 0
}
