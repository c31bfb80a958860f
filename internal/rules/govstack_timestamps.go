package rules

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
	"github.com/dpgcheck/dpgcheck/internal/openapi"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// nameWords splits a field name into lower-case words: createdAt,
// created_at and created-at all give [created at]; HTTPDate gives
// [http date].
func nameWords(name string) []string {
	var words []string
	var cur []rune
	runes := []rune(name)
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for i, c := range runes {
		switch {
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			flush()
			continue
		case unicode.IsUpper(c) && len(cur) > 0:
			prevLower := unicode.IsLower(runes[i-1]) || unicode.IsDigit(runes[i-1])
			nextLower := i+1 < len(runes) && unicode.IsLower(runes[i+1])
			if prevLower || nextLower && unicode.IsUpper(runes[i-1]) {
				flush()
			}
		}
		cur = append(cur, c)
	}
	flush()
	return words
}

// timeNames are field names that are timestamps on their own.
var timeNames = []string{"created", "updated", "modified", "issued", "expires", "expiry", "expiration", "timestamp",
	"date", "time", "datetime", "dob", "birthday"}

// notTimeEnds are last words that make a name starting with "date" a
// setting about dates, not a date: dateFormat, timestampPrecision.
var notTimeEnds = []string{"format", "zone", "timezone", "type", "pattern", "id", "by", "unit", "units", "precision",
	"source", "count", "field", "key", "name", "kind", "mode", "style", "range", "offset", "locale"}

// isTimeField reports whether a field name names a date or a timestamp, by
// its words: createdAt, updated_at, timestamp, birthDate, dateOfBirth,
// validFrom. Suffixes that only look alike are not: csr_format ("at"),
// java_runtime_version ("time"), updatedBy, birthCertificateId.
func isTimeField(name string) bool {
	w := nameWords(name)
	if len(w) == 0 {
		return false
	}
	first, last := w[0], w[len(w)-1]
	switch {
	case len(w) == 1:
		return slices.Contains(timeNames, last)
	case last == "at", last == "on" && strings.HasSuffix(w[len(w)-2], "ed"):
		return true
	case last == "date", last == "time", last == "timestamp", last == "datetime":
		return true
	case (first == "date" || first == "timestamp" || first == "datetime") && !slices.Contains(notTimeEnds, last):
		return true
	case len(w) == 2 && (first == "valid" || first == "not") && (last == "from" || last == "until" || last == "to" || last == "before" || last == "after"):
		return true
	}
	return false
}

// isoTimestamp matches ISO 8601 dates and date-times (extended or basic
// format); its groups are the time and the zone.
var isoTimestamp = lazyregexp.New(`^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$|^\d{8}(T\d{6}(?:[.,]\d+)?(Z|[+-]\d{4})?)?$`)

// otherDate matches dates written in other ways: 28-04-1977, 04/28/1977,
// 28.04.1977, 1977/04/28, 28 Apr 1977, April 28, 1977, Mon, 28 Apr 1977.
var otherDate = lazyregexp.New(`(?i)^(\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}/\d{1,2}/\d{1,2}|((mon|tue|wed|thu|fri|sat|sun)[a-z]*,? )?\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2},? \d{4})(\b.*)?$`)

// datePattern is a format that spells a date layout other than ISO 8601's
// (dd-MM-yyyy, MM/dd/yyyy).
var datePattern = lazyregexp.New(`(?i)(dd|mm)[-/.](mm|dd)[-/.](yy|yyyy)|yyyy/mm/dd`)

// timeVerdict is what an example or a declaration says about a field.
type timeVerdict int

const (
	timeISO      timeVerdict = iota // ISO 8601, in UTC or a date
	timeNotISO                      // a date written another way: a violation
	timeUnclear                     // nothing shows the format, or not UTC
	timeNotADate                    // the value is not a date at all
)

// judgeExample says whether an example value is an ISO 8601 date or UTC
// date-time, and why not.
func judgeExample(v string) (timeVerdict, string) {
	v = strings.TrimSpace(v)
	if m := isoTimestamp.FindStringSubmatch(v); m != nil {
		clock, zone := m[1]+m[3], m[2]+m[4]
		switch {
		case clock == "":
			return timeISO, ""
		case zone == "":
			return timeUnclear, "has no time zone (end it with Z for UTC)"
		case zone == "Z" || strings.Trim(zone, "+-:0") == "":
			return timeISO, ""
		}
		return timeNotISO, "is not in UTC (end it with Z, and give local time next to it)"
	}
	if otherDate.MatchString(v) {
		return timeNotISO, "is not an ISO 8601 date (YYYY-MM-DD, or 2025-11-12T13:30:00Z for a date-time)"
	}
	return timeNotADate, ""
}

// timeFindings collects what the API descriptions say about timestamps.
type timeFindings struct {
	good, bad, unclear       []report.Evidence
	problems, unclearReasons []string
}

func (f *timeFindings) add(v timeVerdict, at report.Evidence, what string) {
	switch v {
	case timeISO:
		f.good = append(f.good, at)
	case timeNotISO:
		f.bad = append(f.bad, at)
		f.problems = append(f.problems, what)
	case timeUnclear:
		f.unclear = append(f.unclear, at)
		f.unclearReasons = append(f.unclearReasons, what)
	}
}

// schemaAt is the evidence for a line of a schema: in the file the schema
// is written in (another file for a $ref to it).
func schemaAt(s *evidence.APISpec, sc *openapi.Schema, line int) report.Evidence {
	if sc.File != "" {
		return report.At(sc.File, line)
	}
	return specLine(s, line)
}

// judgeTimeField judges one field named like a timestamp.
func (f *timeFindings) judgeTimeField(s *evidence.APISpec, parent *openapi.Schema, name, where string, line int, ps *openapi.Schema) {
	at := schemaAt(s, parent, line)
	label := fmt.Sprintf("%s:%d %s.%s", at.Path, at.Line, where, name)
	switch {
	case ps.Type == "integer" || ps.Type == "number":
		f.add(timeUnclear, at, label+" is a number (epoch time is not ISO 8601)")
		return
	case !isString(ps):
		return
	}
	format := strings.ToLower(ps.Format)
	declared := false
	switch {
	case format == "date-time" || format == "date" || strings.Contains(format, "iso"):
		declared = true
	case datePattern.MatchString(format):
		f.add(timeNotISO, at, fmt.Sprintf("%s has format %q, not ISO 8601", label, ps.Format))
		return
	}
	judged := false
	for _, ex := range ps.Examples {
		v, why := judgeExample(ex.Value)
		if v == timeNotADate {
			v, why = timeUnclear, "is not a date"
		}
		judged = true
		exAt := schemaAt(s, ps, max(ex.Line, 1))
		f.add(v, exAt, fmt.Sprintf("%s:%d example %q of %s.%s %s", exAt.Path, exAt.Line, ex.Value, where, name, why))
	}
	switch {
	case declared && !judged:
		f.add(timeISO, at, "")
	case !declared && !judged:
		f.add(timeUnclear, at, label+" is a string without format: date-time or date, and no example shows its format")
	}
}

// judgeDateExamples flags date-looking examples of any schema written
// another way than ISO 8601 ("28-04-1977"), whatever the field is called.
func (f *timeFindings) judgeDateExamples(s *evidence.APISpec, where string, sc *openapi.Schema) {
	for _, ex := range sc.Examples {
		if v, why := judgeExample(ex.Value); v == timeNotISO {
			at := schemaAt(s, sc, max(ex.Line, 1))
			f.add(v, at, fmt.Sprintf("%s:%d example %q of %s %s", at.Path, at.Line, ex.Value, where, why))
		}
	}
}

// data#2: timestamps are ISO 8601 in UTC. A date written another way in
// the API description fails; a timestamp field whose description does not
// show its format is for a reviewer (the stored type may serialise ISO
// 8601 whatever the description says).
func iso8601(in *Input) Result {
	specs := openAPIs(in.Repo)
	if len(specs) == 0 {
		return manual(in)
	}
	var f timeFindings
	for _, s := range specs {
		s.Doc.EachSchema(func(where string, sc *openapi.Schema) {
			for _, p := range sc.Properties {
				if p.Schema != nil && isTimeField(p.Name) {
					f.judgeTimeField(s, sc, p.Name, where, p.Line, p.Schema)
				}
			}
			if len(sc.Properties) == 0 {
				f.judgeDateExamples(s, where, sc)
			}
		})
		for _, line := range s.EpochTimes {
			f.add(timeUnclear, specLine(s, line), fmt.Sprintf("%s:%d shows times as UNIX epoch numbers, whatever format the fields declare", s.Path, line))
		}
		for _, op := range s.Doc.Operations {
			for _, p := range op.Parameters {
				for _, ex := range p.Examples {
					if v, why := judgeExample(ex.Value); v == timeNotISO {
						f.add(v, specLine(s, max(ex.Line, p.Line)), fmt.Sprintf("%s:%d example %q of %s %s parameter %s %s", s.Path, max(ex.Line, p.Line), ex.Value, op.Method+" "+op.Path, p.In, p.Name, why))
					}
				}
			}
		}
	}
	switch {
	case len(f.problems) > 0:
		return failWith(f.problems[0], f.bad, f.problems...)
	case len(f.unclear) > 0:
		return reviewWith(fmt.Sprintf("%s without a visible ISO 8601 UTC format: %s; show that they are ISO 8601 in UTC (format: date-time, a UTC example, or the stored type)",
			plural(len(f.unclear), "timestamp field"), listUpTo(f.unclearReasons, 2)),
			f.unclear, f.unclearReasons...)
	case len(f.good) > 0:
		return passWith(fmt.Sprintf("the date and time fields of the API descriptions are ISO 8601 (%s: format date-time or date, or UTC examples)", plural(len(f.good), "field")), f.good,
			"storage in UTC (timestamptz or a UTC session time zone) needs a reviewer")
	}
	r := manual(in)
	r.Message = "no date or time field found in the API descriptions; " + r.Message
	return r
}

func isString(s *openapi.Schema) bool { return s.Type == "string" || s.Type == "" && s.Format != "" }
