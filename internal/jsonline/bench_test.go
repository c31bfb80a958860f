package jsonline

import (
	"fmt"
	"strings"
	"testing"
)

// lockfile generates a package-lock.json of about size bytes.
func lockfile(size int) []byte {
	var b strings.Builder
	b.WriteString("{\n  \"name\": \"app\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {\"name\": \"app\"}")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, ",\n    \"node_modules/pkg-%d\": {\n      \"version\": \"1.%d.0\",\n"+
			"      \"resolved\": \"https://registry.npmjs.org/pkg-%d/-/pkg-%d-1.%d.0.tgz\",\n"+
			"      \"integrity\": \"sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==\",\n"+
			"      \"dev\": %t,\n      \"dependencies\": {\"pkg-%d\": \"^1.0.0\"},\n      \"engines\": {\"node\": \">=14\"}\n    }",
			i, i%50, i, i, i%50, i%3 == 0, i+1)
	}
	b.WriteString("\n  }\n}\n")
	return []byte(b.String())
}

func BenchmarkParseLockfile5MB(b *testing.B) {
	data := lockfile(5 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data, Options{MaxBytes: 32 << 20}); err != nil {
			b.Fatal(err)
		}
	}
}
