// Package sdg owns facts about the UN Sustainable Development Goals: the 17
// goals, their 169 targets, and the keywords dpgcheck uses to suggest goals
// from a README (as hints for a person, never as a result).
package sdg

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
)

// Goal is one of the 17 SDGs.
type Goal struct {
	Number  int
	Name    string
	numbers int    // targets 1..numbers
	letters string // lettered targets, "abc"
}

// Goals lists the SDGs; Goals[i].Number == i+1.
// Source: UN General Assembly resolution A/RES/70/1 (169 targets).
var Goals = []Goal{
	{1, "No Poverty", 5, "ab"},
	{2, "Zero Hunger", 5, "abc"},
	{3, "Good Health and Well-being", 9, "abcd"},
	{4, "Quality Education", 7, "abc"},
	{5, "Gender Equality", 6, "abc"},
	{6, "Clean Water and Sanitation", 6, "ab"},
	{7, "Affordable and Clean Energy", 3, "ab"},
	{8, "Decent Work and Economic Growth", 10, "ab"},
	{9, "Industry, Innovation and Infrastructure", 5, "abc"},
	{10, "Reduced Inequalities", 7, "abc"},
	{11, "Sustainable Cities and Communities", 7, "abc"},
	{12, "Responsible Consumption and Production", 8, "abc"},
	{13, "Climate Action", 3, "ab"},
	{14, "Life Below Water", 7, "abc"},
	{15, "Life on Land", 9, "abc"},
	{16, "Peace, Justice and Strong Institutions", 10, "ab"},
	{17, "Partnerships for the Goals", 19, ""},
}

// Lookup returns goal n (1-17).
func Lookup(n int) (Goal, bool) {
	if n < 1 || n > len(Goals) {
		return Goal{}, false
	}
	return Goals[n-1], true
}

// Targets returns the ids of the goal's targets: "3.1" ... "3.9", "3.a" ... "3.d".
func (g Goal) Targets() []string {
	var out []string
	for i := 1; i <= g.numbers; i++ {
		out = append(out, fmt.Sprintf("%d.%d", g.Number, i))
	}
	for _, l := range g.letters {
		out = append(out, fmt.Sprintf("%d.%c", g.Number, l))
	}
	return out
}

// ValidTarget reports whether target (such as "3.8" or "16.9") is a target of
// goal g. It returns a message saying what is valid when it is not.
func (g Goal) ValidTarget(target string) (bool, string) {
	goal, rest, ok := strings.Cut(strings.TrimSpace(target), ".")
	if !ok || goal != strconv.Itoa(g.Number) {
		return false, fmt.Sprintf("target %q is not a target of SDG %d: write it as %d.N, such as %q", target, g.Number, g.Number, g.Targets()[0])
	}
	for _, t := range g.Targets() {
		if t == goal+"."+strings.ToLower(rest) {
			return true, ""
		}
	}
	return false, fmt.Sprintf("SDG %d has no target %q; its targets are %s", g.Number, target, strings.Join(g.Targets(), ", "))
}

// keywords suggest goals from project text. They are deliberately specific.
var keywords = map[int][]string{
	1:  {"poverty", "social protection", "cash transfer", "microfinance", "financial inclusion", "social registry"},
	2:  {"hunger", "food security", "agricultur", "farmer", "nutrition", "crop"},
	3:  {"health", "patient", "clinic", "hospital", "disease", "medical", "fhir", "hl7", "immuni", "vaccin", "epidemi", "maternal"},
	4:  {"education", "learning", "school", "student", "teacher", "curricul", "literacy"},
	5:  {"gender", "women", "girls", "gender-based violence"},
	6:  {"water", "sanitation", "hygiene", "wash "},
	7:  {"energy", "electricity", "solar", "renewable"},
	8:  {"employment", "jobs", "livelihood", "economic growth", "payment", "small business"},
	9:  {"infrastructure", "connectivity", "internet access", "innovation"},
	10: {"inequalit", "inclusion", "disabilit", "accessib", "migrant", "refugee"},
	11: {"urban", "city", "cities", "housing", "transport", "disaster"},
	12: {"consumption", "waste", "recycl", "supply chain"},
	13: {"climate", "emission", "carbon", "greenhouse"},
	14: {"ocean", "marine", "fisher", "coastal"},
	15: {"forest", "biodiversity", "wildlife", "land use", "deforestation", "conservation"},
	16: {"identity", "civil registration", "birth registration", "justice", "governance", "transparency", "corruption", "human rights", "legal identity"},
	17: {"open data", "interoperab", "partnership", "digital public good", "statistics"},
}

var wordRE = lazyregexp.New(`[a-z]+`)

// Suggestion is a goal suggested from keywords, with the keywords found.
type Suggestion struct {
	Goal     int
	Keywords []string
}

// Suggest returns goals whose keywords occur in text, most hits first, at most
// max goals. It is a hint for a person filling in the SDGs, nothing more.
func Suggest(text string, max int) []Suggestion {
	lower := " " + strings.Join(wordRE.FindAllString(strings.ToLower(text), -1), " ") + " "
	var out []Suggestion
	for goal, kws := range keywords {
		var hits []string
		for _, kw := range kws {
			if strings.Contains(lower, " "+kw) {
				hits = append(hits, strings.TrimSpace(kw))
			}
		}
		if len(hits) > 0 {
			out = append(out, Suggestion{Goal: goal, Keywords: hits})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].Keywords) != len(out[j].Keywords) {
			return len(out[i].Keywords) > len(out[j].Keywords)
		}
		return out[i].Goal < out[j].Goal
	})
	if len(out) > max {
		out = out[:max]
	}
	return out
}
