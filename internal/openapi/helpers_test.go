package openapi

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// equateEmpty makes nil and empty slices equal in comparisons.
var equateEmpty = cmpopts.EquateEmpty()

// readTestdata reads a file of testdata/.
func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// parseTestdata parses a file of testdata/.
func parseTestdata(t testing.TB, name string) *Doc {
	t.Helper()
	doc, err := Parse(name, readTestdata(t, name))
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return doc
}

// sharedDataEnv names the shared data folder when set.
const sharedDataEnv = "DPGCHECK_SHARED_DATA"

// readShared reads a GovStack specification from the shared data folder:
// $DPGCHECK_SHARED_DATA/govstack/<name> when the variable is set, otherwise
// the first ../shared/data/govstack/<name> found walking up from the test's
// working directory. The test is skipped when the file is absent: the
// specifications are not part of the project.
func readShared(t testing.TB, name string) []byte {
	t.Helper()
	var candidates []string
	if dir := os.Getenv(sharedDataEnv); dir != "" {
		candidates = append(candidates, filepath.Join(dir, "govstack", name))
	} else if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; dir = filepath.Dir(dir) {
			candidates = append(candidates, filepath.Join(dir, "..", "shared", "data", "govstack", name))
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	for _, path := range candidates {
		if data, err := os.ReadFile(path); err == nil {
			return data
		}
	}
	t.Skipf("GovStack specification %s not found (looked for ../shared/data/govstack/%s above the working directory, or set %s); skipping", name, name, sharedDataEnv)
	return nil
}

// parseShared parses a GovStack specification from the shared data folder.
func parseShared(t testing.TB, name string) *Doc {
	t.Helper()
	doc, err := Parse(name, readShared(t, name))
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return doc
}

// diff compares with nil and empty slices equal.
func diff(want, got any) string {
	return cmp.Diff(want, got, equateEmpty)
}

func intPtr(n int) *int { return &n }

// docText renders a Doc in full, in linear time: a schema met again is
// written as a back reference to its first rendering. cmp.Diff is too slow
// on the large, shared schema graphs of generated documents.
func docText(d *Doc) string {
	var b strings.Builder
	ids := map[*Schema]int{}
	var schema func(s *Schema, indent string)
	schema = func(s *Schema, indent string) {
		if s == nil {
			b.WriteString(indent + "schema nil\n")
			return
		}
		if id, ok := ids[s]; ok {
			fmt.Fprintf(&b, "%sschema #%d\n", indent, id)
			return
		}
		ids[s] = len(ids)
		maxLength := -1
		if s.MaxLength != nil {
			maxLength = *s.MaxLength
		}
		fmt.Fprintf(&b, "%sschema #%d %q %q %q L%d req=%q enum=%v pattern=%q max=%d ex=%v\n",
			indent, ids[s], s.Ref, s.Type, s.Format, s.Line, s.Required, s.Enum, s.Pattern, maxLength, s.Examples)
		for _, p := range s.Properties {
			fmt.Fprintf(&b, "%s property %q L%d\n", indent, p.Name, p.Line)
			schema(p.Schema, indent+"  ")
		}
		if s.Items != nil {
			b.WriteString(indent + " items\n")
			schema(s.Items, indent+"  ")
		}
		for name, group := range map[string][]*Schema{"allOf": s.AllOf, "oneOf": s.OneOf, "anyOf": s.AnyOf} {
			for _, m := range group {
				b.WriteString(indent + " " + name + "\n")
				schema(m, indent+"  ")
			}
		}
	}
	media := func(content []MediaType, indent string) {
		for _, m := range content {
			fmt.Fprintf(&b, "%smedia %q L%d ex=%v\n", indent, m.Type, m.Line, m.Examples)
			schema(m.Schema, indent+"  ")
		}
	}
	fmt.Fprintf(&b, "%s %q L%d %q %q L%d servers=%v schemes=%v global=%v webhooks=%q defects=%v\n",
		d.Format, d.Version, d.VersionLine, d.Title, d.InfoVersion, d.InfoVersionLine, d.Servers, d.SecuritySchemes, d.GlobalSecurity, d.Webhooks, d.Defects)
	for _, op := range d.Operations {
		fmt.Fprintf(&b, "%s %q L%d id=%q deprecated=%v callbacks=%q\n", op.Method, op.Path, op.Line, op.OperationID, op.Deprecated, op.Callbacks)
		for _, p := range op.Parameters {
			fmt.Fprintf(&b, " parameter %q %q required=%v deprecated=%v L%d\n", p.Name, p.In, p.Required, p.Deprecated, p.Line)
			schema(p.Schema, "  ")
		}
		if op.RequestBody != nil {
			fmt.Fprintf(&b, " body required=%v L%d\n", op.RequestBody.Required, op.RequestBody.Line)
			media(op.RequestBody.Content, "  ")
		}
		for _, r := range op.Responses {
			fmt.Fprintf(&b, " response %q L%d headers=%q\n", r.Code, r.Line, r.Headers)
			media(r.Content, "  ")
		}
	}
	names := make([]string, 0, len(d.Schemas))
	for name := range d.Schemas {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		b.WriteString("component " + name + "\n")
		schema(d.Schemas[name], " ")
	}
	return b.String()
}
