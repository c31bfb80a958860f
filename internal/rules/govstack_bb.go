package rules

import (
	"fmt"
	"slices"

	"github.com/dpgcheck/dpgcheck/internal/evidence"
	"github.com/dpgcheck/dpgcheck/internal/openapi"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// Reference is a building block's reference API specification, read
// leniently: its own defects are reported apart from the candidate's gaps.
type Reference struct {
	Name   string       // the building block: "digital-registries"
	Source string       // the path or URL it was read from
	Doc    *openapi.Doc // never nil
	// InRepo is the reference's path inside the evaluated repository when it
	// is kept there; that file is not a candidate description.
	InRepo string
}

// candidateMatch is one reference operation found in a candidate document.
type candidateMatch struct {
	spec *evidence.APISpec
	m    openapi.Match
}

// conformance compares every OpenAPI description of the repository with the
// reference: an operation counts when any description has it (a candidate
// may split its API over files), its gaps come from the description that
// has it first.
func conformance(specs []*evidence.APISpec, ref *openapi.Doc) (found map[*openapi.Operation]candidateMatch, gaps []openapi.Gap, gapSpec map[int]*evidence.APISpec) {
	found = map[*openapi.Operation]candidateMatch{}
	gapSpec = map[int]*evidence.APISpec{}
	for _, s := range specs {
		c := openapi.Compare(s.Doc, ref)
		taken := map[string]bool{}
		for _, m := range c.Matched {
			if _, dup := found[m.Reference]; dup {
				continue
			}
			found[m.Reference] = candidateMatch{s, m}
			taken[m.Reference.Method+" "+m.Reference.Path] = true
		}
		for _, g := range c.Gaps {
			if taken[g.Method+" "+g.Path] {
				gapSpec[len(gaps)] = s
				gaps = append(gaps, g)
			}
		}
	}
	return found, gaps, gapSpec
}

// apiConformance decides govstack-bb-<name>-api: the candidate implements
// the building block's reference API. Each description of the repository
// is compared on its own (a repository may keep the same API as
// swagger.yaml and swagger.json, or an old and a new version): the
// criterion passes when one of them implements the whole reference; when
// none does, the descriptions are taken together, as an API split over
// files.
func apiConformance(in *Input) Result {
	ref := in.Reference
	if ref == nil || ref.Doc == nil {
		return Result{Outcome: report.Unknown, Message: "no reference specification was given (--reference-spec)"}
	}
	if len(ref.Doc.Operations) == 0 {
		return Result{Outcome: report.Unknown, Message: fmt.Sprintf("the reference specification %s has no operations to compare with", ref.Source)}
	}
	var specs []*evidence.APISpec
	for _, s := range openAPIs(in.Repo) {
		if (s.Kind == "openapi" || s.Kind == "swagger") && s.Path != ref.InRepo {
			specs = append(specs, s)
		}
	}
	if len(specs) == 0 {
		if gen := generatedSpecEvidence(in.Repo); len(gen) > 0 {
			return reviewWith("the candidate's OpenAPI description is generated at run time; commit an exported copy so it can be compared with the "+ref.Name+" API", gen)
		}
		return failWith("no OpenAPI description in the repository to compare with the "+ref.Name+" reference API", nil)
	}
	var each []string
	for _, s := range specs {
		found, gaps, _ := conformance([]*evidence.APISpec{s}, ref.Doc)
		c := report.NewAPICoverage(len(ref.Doc.Operations), len(found), len(gaps))
		if len(specs) > 1 {
			each = append(each, fmt.Sprintf("%s implements %d of %d operations with %s", s.Path, c.Matched, c.Operations, plural(c.Gaps, "gap")))
		}
		if c.Level == 2 {
			r := coverageResult(ref, []*evidence.APISpec{s}, len(specs) > 1)
			r.Details = append(each, r.Details...)
			return r
		}
	}
	r := coverageResult(ref, specs, len(specs) > 1)
	r.Details = append(each, r.Details...)
	return r
}

// coverageResult compares specs, taken together, with the reference.
// named says whether the message names the descriptions.
func coverageResult(ref *Reference, specs []*evidence.APISpec, named bool) Result {
	found, gaps, gapSpec := conformance(specs, ref.Doc)
	c := report.NewAPICoverage(len(ref.Doc.Operations), len(found), len(gaps))

	var ev []report.Evidence
	var details []string
	var missing []string
	for _, op := range ref.Doc.Operations {
		if m, ok := found[op]; ok {
			ev = append(ev, specLine(m.spec, m.m.Candidate.Line))
			continue
		}
		missing = append(missing, op.Method+" "+op.Path)
		details = append(details, fmt.Sprintf("missing %s %s (reference line %d)", op.Method, op.Path, op.Line))
	}
	for i, g := range gaps {
		s := gapSpec[i]
		details = append(details, fmt.Sprintf("%s %s at %s:%d lacks the %s %s (reference line %d)", g.Method, g.Path, s.Path, g.Candidate, gapWord(g.Kind), g.What, g.Reference))
	}
	details = details[:min(len(details), 100)]
	if len(ref.Doc.Defects) > 0 {
		details = append(details, fmt.Sprintf("the reference specification itself has %s (read leniently; see the notices)", plural(len(ref.Doc.Defects), "defect")))
	}
	in := ""
	if named {
		in = " in " + names(specPaths(specs), 3)
	}
	var r Result
	switch c.Level {
	case 2:
		r = passWith(fmt.Sprintf("all %d %s operations are implemented%s with their parameters, responses and fields (API Level 2)", c.Operations, ref.Name, in), ev, details...)
	case 1:
		msg := fmt.Sprintf("%d of %d %s operations implemented%s (API Level 1)", c.Matched, c.Operations, ref.Name, in)
		if len(missing) > 0 {
			msg += "; missing " + listUpTo(missing, 3)
		}
		if len(gaps) > 0 {
			msg += fmt.Sprintf("; %s in the matched operations", plural(len(gaps), "gap"))
		}
		r = failWith(msg, ev, details...)
	default:
		r = failWith(fmt.Sprintf("none of the %d %s operations was found in %s", c.Operations, ref.Name, names(specPaths(specs), 3)), nil, details...)
	}
	r.API = &c
	return r
}

func gapWord(kind string) string {
	switch kind {
	case openapi.GapParameter:
		return "required parameter"
	case openapi.GapHeader:
		return "required header"
	case openapi.GapResponse:
		return "response"
	case openapi.GapRequestField:
		return "required request field"
	case openapi.GapResponseField:
		return "response field"
	}
	return kind
}

func specPaths(specs []*evidence.APISpec) []string {
	var out []string
	for _, s := range specs {
		out = append(out, s.Path)
	}
	return slices.Compact(out)
}
