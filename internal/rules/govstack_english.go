package rules

import (
	"regexp"
	"strings"
	"unicode"
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

var urlLike = regexp.MustCompile(`\S*://\S*|\S+@\S+\.\S+`)

// proseLanguage returns the language whose common words a text uses most,
// or "" when the text is too short or too poor in common words to tell.
func proseLanguage(text string) string {
	text = urlLike.ReplaceAllString(text, " ")
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
