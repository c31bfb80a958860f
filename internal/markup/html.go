package markup

import (
	"bytes"
	"strings"
)

// htmlTags masks HTML tags, reporting autolinks (<https://...>) and
// <a href="..."> anchors, whose text runs to a </a> on the same line.
func (in *inline) htmlTags() {
	buf, i := in.buf, 0
	if in.b.inTag {
		k := bytes.IndexByte(buf, '>')
		if k < 0 {
			in.mask(0, len(buf))
			return
		}
		in.mask(0, k+1)
		in.b.inTag, i = false, k+1
	}
	anchor, textAt := -1, 0
	for ; i < len(buf); i++ {
		if buf[i] != '<' {
			continue
		}
		if end := autolinkEnd(buf, i); end > 0 {
			in.link(i, "", in.src[i+1:end])
			in.mask(i, end+1)
			i = end
			continue
		}
		j := i + 1
		closing := j < len(buf) && buf[j] == '/'
		if closing {
			j++
		}
		if j >= len(buf) || !isASCIILetter(buf[j]) {
			continue
		}
		end, ok := scanTo(buf, j, '>', "<")
		name := j
		for name < end && isASCIIAlnum(buf[name]) {
			name++
		}
		isAnchor := name-j == 1 && lowerASCII(buf[j]) == 'a'
		switch {
		case !ok && end == len(buf) && isBlank(in.src[:i]): // a tag continued on the next line
			if isAnchor && !closing {
				in.link(i, "", attrValue(in.src[name:], "href"))
			}
			in.mask(i, len(buf))
			in.b.inTag = true
			return
		case !ok:
			i = end - 1
			continue
		case isAnchor && !closing:
			if url := attrValue(in.src[name:end], "href"); url != "" {
				anchor, textAt = in.link(i, "", url), end+1
			}
		case isAnchor && anchor >= 0:
			in.b.setLinkText(anchor, in.src[textAt:i])
			anchor = -1
		}
		in.mask(i, end+1)
		i = end
	}
}

// autolinkEnd returns the index of the '>' that closes a CommonMark autolink
// such as <https://example.org> opening at buf[i], or -1.
func autolinkEnd(buf []byte, i int) int {
	j := i + 1
	for j < len(buf) && j-i <= 33 && (isASCIIAlnum(buf[j]) || strings.IndexByte("+.-", buf[j]) >= 0) {
		j++
	}
	if j-i-1 < 2 || j >= len(buf) || buf[j] != ':' || !isASCIILetter(buf[i+1]) {
		return -1
	}
	k, ok := scanTo(buf, j+1, '>', "< \t")
	if !ok || k == j+1 {
		return -1
	}
	return k
}

// attrValue returns the value of the named attribute in the inside of an
// HTML tag, or "".
func attrValue(tag, name string) string {
	for k := 0; k < len(tag); {
		j := indexFold(tag[k:], name)
		if j < 0 {
			return ""
		}
		j += k
		k = j + len(name)
		if j == 0 || (tag[j-1] != ' ' && tag[j-1] != '\t') {
			continue
		}
		s := strings.TrimLeft(tag[k:], " \t")
		if !strings.HasPrefix(s, "=") {
			continue
		}
		s = strings.TrimLeft(s[1:], " \t")
		if s != "" && (s[0] == '"' || s[0] == '\'') {
			if e := strings.IndexByte(s[1:], s[0]); e >= 0 {
				return s[1 : 1+e]
			}
			return ""
		}
		if e := strings.IndexAny(s, " \t"); e >= 0 {
			s = s[:e]
		}
		return s
	}
	return ""
}
