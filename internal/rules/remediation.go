package rules

import "strings"

// attestHint is the sentence that tells how to attest a criterion, added to
// a next step that does not already say it.
func attestHint(id string) string {
	return "Then attest it under `attestations: {" + id + ": ...}` with links to the evidence."
}

// tellsToAttest reports whether a next step already says to attest.
func tellsToAttest(remediation string) bool {
	return strings.Contains(remediation, "`attestations:")
}

// withoutRepeatedSentences drops a sentence of a next step's prose (its
// first line) that repeats an earlier one, so that a remediation composed of
// a rule's words and the catalogue's never says the same thing twice. What
// follows the first line (a YAML example) is kept as it is.
func withoutRepeatedSentences(s string) string {
	prose, block, hasBlock := strings.Cut(s, "\n")
	var kept []string
	seen := map[string]bool{}
	for _, sentence := range sentences(prose) {
		if !seen[sentence] {
			seen[sentence] = true
			kept = append(kept, sentence)
		}
	}
	out := strings.Join(kept, " ")
	if hasBlock {
		out += "\n" + block
	}
	return out
}

// sentences splits prose after each ". ", "! " or "? " followed by a capital
// letter or a backtick; an abbreviation such as "e.g. x" does not end one.
func sentences(prose string) []string {
	var out []string
	start := 0
	for i := 0; i+2 < len(prose); i++ {
		if strings.IndexByte(".!?", prose[i]) >= 0 && prose[i+1] == ' ' && startsSentence(prose[i+2]) {
			out = append(out, strings.TrimSpace(prose[start:i+1]))
			start = i + 2
		}
	}
	if rest := strings.TrimSpace(prose[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

func startsSentence(c byte) bool { return c >= 'A' && c <= 'Z' || c == '`' }
