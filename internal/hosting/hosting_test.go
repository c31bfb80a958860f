package hosting

import (
	"encoding/json"
	"testing"
)

func TestUnknownIsNotKnown(t *testing.T) {
	t.Parallel()
	f := Unknown("GitHub", "health-org/clinic", "no GitHub token: what GitHub knows about the repository was not read")
	if f.Known() || f.Repository != "health-org/clinic" || len(f.Notices) != 1 {
		t.Errorf("Unknown(...) = %+v; want the repository and its notice, not known", f)
	}
	var none *Facts
	if none.Known() {
		t.Error("nil facts are known")
	}
	if !(&Facts{URL: "https://github.com/health-org/clinic"}).Known() {
		t.Error("facts with the repository's page are not known")
	}
}

// What the host did not say stays absent from JSON, never false.
func TestJSONLeavesOutWhatTheHostDidNotSay(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(&Facts{Host: "GitHub", Repository: "amina/clinic", URL: "https://github.com/amina/clinic",
		Owner: Owner{Login: "amina", URL: "https://github.com/amina", Type: User}})
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"host":"GitHub","repository":"amina/clinic","url":"https://github.com/amina/clinic",` +
		`"owner":{"login":"amina","url":"https://github.com/amina","type":"User"},"fork":false}`
	if string(b) != want {
		t.Errorf("JSON = %s\nwant   %s", b, want)
	}
}
