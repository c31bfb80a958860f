package main

import (
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestActionStandardsInputNamesEveryStandard: action.yml must not say less
// than the action does (it once said "Today only dpg").
func TestActionStandardsInputNamesEveryStandard(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		Inputs map[string]struct{ Description string }
	}
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	d := a.Inputs["standards"].Description
	for _, want := range []string{"dpg", "govstack", "dpg,govstack"} {
		if !strings.Contains(d, want) {
			t.Errorf("the standards input does not name %q: %q", want, d)
		}
	}
	if strings.Contains(strings.ToLower(d), "only dpg") {
		t.Errorf("the standards input says only dpg works: %q", d)
	}
}

// TestREADMESaysHowToGetTheCommand: the README's examples call dpgcheck, so
// it says how to get it before the first one.
func TestREADMESaysHowToGetTheCommand(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	first := strings.Index(readme, "$ dpgcheck ")
	for _, want := range []string{"go install github.com/dpgcheck/dpgcheck/cmd/dpgcheck@", "ghcr.io/dpgcheck/dpgcheck"} {
		if i := strings.Index(readme, want); i < 0 || i > first {
			t.Errorf("the README does not say %q before its first example", want)
		}
	}
}

// imageSize is the size the README states for the published image.
var imageSize = regexp.MustCompile(`published image \([^)]*?([0-9]+(?:\.[0-9]+)?) MB`)

// TestREADMEImageSizeIsMeasured: the image is the static binary, built as
// the Dockerfile builds it, and the CA bundle on an empty base; the README's
// number is that size (within 5 %).
func TestREADMEImageSizeIsMeasured(t *testing.T) {
	t.Parallel()
	if runtime.GOARCH != "amd64" {
		t.Skip("the README states the linux/amd64 size first")
	}
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := imageSize.FindStringSubmatch(string(data))
	if m == nil {
		t.Fatal("the README states no image size")
	}
	stated, _ := strconv.ParseFloat(m[1], 64)
	bin, err := os.Stat(build(t))
	if err != nil {
		t.Fatal(err)
	}
	size := bin.Size()
	if ca, err := os.Stat("/etc/ssl/certs/ca-certificates.crt"); err == nil {
		size += ca.Size()
	}
	measured := float64(size) / 1e6
	if stated < measured*0.95 || stated > measured*1.05 {
		t.Errorf("the README says the image is %s MB; the binary and CA bundle measure %.1f MB", m[1], measured)
	}
}
