package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/report"
	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// data#req-13 asks that data be classified per data type or field group into
// at least three sensitivity levels. A single system-wide statement ("the
// maximum sensitivity of the information processed is CUI") is not such a
// classification.

// classificationContext is a line about classifying data by sensitivity.
var classificationContext = docWords.MustCompile(`(?i)\bclassif(y|ied|ication)\b|\bsensitivity\b|\bx-data-classification\b`)

// classificationMention is what mentions a classification without showing
// one: the reviewer is pointed to it.
var classificationMention = docWords.MustCompile(`(?i)\b(data classification|x-data-classification|classified as (public|internal|confidential)|sensitivity (level|classification)s?)\b`)

// sensitivityLevel is a level of a classification scheme.
var sensitivityLevel = lazyregexp.New(`(?i)\b(public|open|internal|restricted|confidential|highly confidential|secret|top secret|sensitive|highly sensitive|protected|official|unclassified)\b`)

// levelItem is a list item or table row that starts with a level:
// "- **Public**: ...", "| Internal | ...", "3. Confidential - ...".
var levelItem = lazyregexp.New(`(?i)^\s*(?:[-*+]|\d+[.)]|\|)?\s*(?:\*\*|__|` + "`" + `)?(public|open|internal|restricted|confidential|highly confidential|secret|sensitive|highly sensitive|protected|official|unclassified)\b`)

// classificationScheme finds a classification into at least three levels:
// a line that names the levels ("classification Open/Restricted/
// Confidential"), or a line about classification followed by a list whose
// items start with the levels. It returns the line and the levels.
func classificationScheme(ix *textindex.Index, d *evidence.Doc) (int, []string) {
	if !ix.MayMatch(d.Prose, classificationContext) {
		return 0, nil
	}
	lines := strings.Split(d.Prose, "\n")
	for i, l := range lines {
		if !classificationContext.Regexp().MatchString(l) {
			continue
		}
		if levels := distinctLevels(sensitivityLevel.FindAllString(l, -1)); len(levels) >= 3 && listedTogether(l) {
			return i + 1, levels
		}
		var listed []string
		for _, next := range lines[i+1 : min(i+12, len(lines))] {
			if m := levelItem.FindStringSubmatch(next); m != nil {
				listed = append(listed, m[1])
			}
		}
		if levels := distinctLevels(listed); len(levels) >= 3 {
			return i + 1, levels
		}
	}
	return 0, nil
}

// listedTogether reports levels written as a list of levels ("Open/
// Restricted/Confidential", "public, internal or confidential"), not as
// words of a sentence ("a public API, an internal queue").
var levelList = lazyregexp.New(`(?i)\b(?:public|open|internal|restricted|confidential|secret|sensitive|protected|official|unclassified)\s*(?:/|,|\||;|\bor\b|\band\b|->|<|>)\s*(?:highly\s+)?(?:public|open|internal|restricted|confidential|secret|sensitive|protected|official|unclassified)\b`)

func listedTogether(line string) bool { return levelList.MatchString(line) }

// distinctLevels returns the levels, capitalised, first spelling kept.
func distinctLevels(words []string) []string {
	var out []string
	for _, w := range words {
		w = strings.ToUpper(w[:1]) + strings.ToLower(w[1:])
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// data#req-13: data classified by sensitivity level.
func classification(in *Input) Result {
	r := in.Repo
	docs := r.Docs
	if r.Readme != nil {
		docs = append([]*evidence.Doc{r.Readme}, docs...)
	}
	seen := map[string]bool{}
	for _, d := range docs {
		if seen[d.Path] || notClaims(d.Path) {
			continue
		}
		seen[d.Path] = true
		if line, levels := classificationScheme(texts(r), d); line > 0 {
			return passWith(fmt.Sprintf("data is classified into levels (%s)", strings.Join(levels, ", ")), []report.Evidence{report.At(d.Path, line)},
				"whether every data type or field group carries a level, and the handling rules per level, need a reviewer")
		}
	}
	if ev := docsMatching(r, classificationMention, 2); len(ev) > 0 {
		res := manual(in)
		res.Message = "sensitivity or classification is mentioned, but no classification of data types or fields into levels was found; a reviewer checks that the data model labels each data type or field group with one of at least three levels (public, internal, confidential) and that handling rules per level are documented"
		res.Evidence = ev
		return res
	}
	return manual(in)
}
