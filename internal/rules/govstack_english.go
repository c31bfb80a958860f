package rules

import (
	"strings"
	"unicode"

	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// Language of prose: the share of each language's most common words. Only a
// clear majority of another language's words makes a text "not English":
// lists of links, badges, commands and product names carry few common words
// of any language and must not read as foreign.

var commonWords = map[string][]string{
	"English":    {"the", "and", "to", "of", "is", "for", "with", "this", "that", "in", "on", "are", "be", "you", "it", "as", "can", "by", "from", "or", "an", "will", "your", "which", "if", "use", "all", "not"},
	"French":     {"de", "en", "le", "la", "les", "des", "est", "et", "une", "pour", "dans", "du", "que", "qui", "sur", "avec", "pas", "sont", "au", "ce", "vous", "par", "aux", "cette", "être"},
	"Spanish":    {"de", "en", "la", "el", "los", "las", "del", "que", "y", "es", "para", "con", "por", "una", "se", "su", "al", "como", "más", "este", "esta", "son", "puede"},
	"Portuguese": {"de", "os", "que", "em", "para", "com", "uma", "do", "da", "não", "é", "por", "se", "dos", "das", "ao", "como", "mais", "na", "no", "ser"},
	"German":     {"der", "die", "das", "und", "ist", "nicht", "mit", "für", "ein", "eine", "zu", "den", "von", "auf", "sich", "dem", "des", "im", "werden", "auch", "wird"},
	"Indonesian": {"yang", "dan", "di", "untuk", "dengan", "ini", "dari", "ke", "itu", "tidak", "ada", "dalam", "akan", "pada", "atau"},
	"Russian":    {"и", "в", "не", "на", "что", "с", "для", "по", "это", "как", "из", "или"},
}

var wordIndex = func() map[string][]string {
	idx := map[string][]string{}
	for lang, ws := range commonWords {
		for _, w := range ws {
			idx[w] = append(idx[w], lang)
		}
	}
	return idx
}()

// withoutAddresses returns text with its URLs and e-mail addresses blanked:
// the tokens between white space (as \s has it: tab, line feed, form
// feed, carriage return, space) that hold "://", or an "@" after at least
// one character and followed by a dot between two characters. Their
// letters are not words of the prose. (The regular expression
// \S*://\S*|\S+@\S+\.\S+ blanks the same tokens, much more slowly.)
func withoutAddresses(text string) string {
	if !strings.Contains(text, "://") && !strings.Contains(text, "@") {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(text); {
		if textindex.SpaceByte(text[i]) {
			b.WriteByte(text[i])
			i++
			continue
		}
		j := i
		for j < len(text) && !textindex.SpaceByte(text[j]) {
			j++
		}
		if tok := text[i:j]; strings.Contains(tok, "://") || emailLike(tok) {
			b.WriteByte(' ')
		} else {
			b.WriteString(tok)
		}
		i = j
	}
	return b.String()
}

// emailLike reports a token with an "@" after at least one character and,
// after it, a dot with a character on each side.
func emailLike(tok string) bool {
	for i := 1; i < len(tok); i++ {
		if tok[i] != '@' {
			continue
		}
		if rest := tok[i+1:]; len(rest) >= 3 && strings.IndexByte(rest[1:len(rest)-1], '.') >= 0 {
			return true
		}
	}
	return false
}

// proseLanguage returns the language whose common words a text uses most,
// or "" when the text is too short or too poor in common words to tell.
func proseLanguage(text string) string {
	text = withoutAddresses(text)
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	if len(words) < 20 {
		return ""
	}
	counts := map[string]int{}
	for _, w := range words {
		for _, lang := range wordIndex[w] {
			counts[lang]++
		}
	}
	best, n := "", 0
	for lang, c := range counts {
		if c > n || c == n && lang == "English" {
			best, n = lang, c
		}
	}
	if n < 5 || float64(n)/float64(len(words)) < 0.05 {
		return ""
	}
	return best
}

// english reports whether a text reads as English, or is too short or too
// poor in prose to tell (a text is not accused on no evidence).
func english(text string) bool {
	lang := proseLanguage(text)
	return lang == "" || lang == "English"
}
