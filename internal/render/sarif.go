package render

import (
	"io"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/criteria"
	"github.com/dpgcheck/dpgcheck/internal/report"
)

// SARIF 2.1.0, the subset GitHub code scanning reads
// (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html).
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string            `json:"id"`
	Name             string            `json:"name"`
	ShortDescription sarifText         `json:"shortDescription"`
	FullDescription  sarifText         `json:"fullDescription"`
	HelpURI          string            `json:"helpUri,omitempty"`
	Help             sarifMarkdownText `json:"help"`
	Properties       map[string]any    `json:"properties,omitempty"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMarkdownText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification"`
}

// sarifLevel maps an outcome to a SARIF level: required failures are errors,
// recommended ones warnings, and what needs a person is a note.
func sarifLevel(f report.Finding) string {
	switch {
	case f.Outcome == report.Fail && f.Level == criteria.Required:
		return "error"
	case f.Outcome == report.Fail:
		return "warning"
	}
	return "note"
}

// SARIF writes the findings that are not passing as SARIF 2.1.0 results, one
// rule per criterion. A finding without a file location is placed on the
// configuration file or the README, because code scanning needs a location.
func SARIF(w io.Writer, r *report.Report, o Options) error {
	driver := sarifDriver{Name: "dpgcheck", Version: r.Tool.Version, InformationURI: "https://github.com/dpgcheck/dpgcheck", Rules: []sarifRule{}}
	index := map[string]int{}
	for _, f := range r.Findings {
		index[f.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRule{
			ID:               f.ID,
			Name:             ruleName(f.Title),
			ShortDescription: sarifText{Text: f.Title},
			FullDescription:  sarifText{Text: nonEmpty(f.Requirement, f.Title)},
			HelpURI:          f.Docs,
			Help:             sarifMarkdownText{Text: nonEmpty(f.Guidance, f.Title), Markdown: nonEmpty(f.Guidance, f.Title)},
			Properties:       map[string]any{"tags": []string{f.Standard, string(f.Level)}},
		})
	}
	results := []sarifResult{}
	for _, f := range r.Findings {
		if f.Outcome == report.Pass || f.Outcome == report.NotApplicable {
			continue
		}
		msg := oneLine(f.Message)
		if f.Remediation != "" {
			msg += ". Next: " + oneLine(f.Remediation)
		}
		res := sarifResult{
			RuleID: f.ID, RuleIndex: index[f.ID], Level: sarifLevel(f),
			Message:             sarifText{Text: msg},
			Locations:           sarifLocations(f, r),
			PartialFingerprints: map[string]string{"dpgcheckCriterion/v1": f.ID},
		}
		if f.Waived != nil {
			res.Suppressions = []sarifSuppression{{Kind: "external", Justification: f.Waived.Reason}}
		}
		results = append(results, res)
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: driver}, Results: results}},
	}
	return writeJSON(w, log, true)
}

func sarifLocations(f report.Finding, r *report.Report) []sarifLocation {
	var out []sarifLocation
	for _, e := range f.Evidence {
		if e.Path == "" || strings.HasSuffix(e.Path, "/") {
			continue
		}
		loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: e.Path, URIBaseID: "%SRCROOT%"}}}
		if e.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: e.Line}
		}
		out = append(out, loc)
		if len(out) == 10 {
			break
		}
	}
	if len(out) == 0 {
		out = append(out, sarifLocation{PhysicalLocation: sarifPhysical{
			ArtifactLocation: sarifArtifact{URI: defaultArtifact(r), URIBaseID: "%SRCROOT%"},
			Region:           &sarifRegion{StartLine: 1},
		}})
	}
	return out
}

// defaultArtifact is where findings without a file are shown.
func defaultArtifact(r *report.Report) string {
	for _, f := range r.Findings {
		for _, e := range f.Evidence {
			if strings.HasSuffix(e.Path, "dpgcheck.yml") || strings.HasSuffix(e.Path, "dpgcheck.yaml") {
				return e.Path
			}
		}
	}
	return "README.md"
}

func ruleName(title string) string {
	var b strings.Builder
	for _, w := range strings.Fields(title) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

func nonEmpty(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
