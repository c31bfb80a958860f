package githubtest

import (
	"encoding/json"
	"net/http"
	"testing"
)

func TestHostAnswersOnlyWhatGitHubsDescriptionAllows(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		patch Patch
		valid bool
	}{
		{"the example", Patch{}, true},
		{"a null homepage", Patch{"homepage": Null}, true},
		{"fork as a string", Patch{"fork": "yes"}, false},
		{"no owner", Patch{"owner": nil}, false},
	} {
		rec := &recorder{TB: t}
		fake := New(rec)
		fake.Host("octo", "clinic", HostedRepository{Repository: tt.patch})
		resp, err := http.Get(fake.URL + "/repos/octo/clinic")
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]any
		json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if flagged := len(rec.errors) > 0; flagged == tt.valid {
			t.Errorf("%s: flagged as not conforming = %v, want %v (status %d)", tt.name, flagged, !tt.valid, resp.StatusCode)
		}
		if tt.valid && body["full_name"] != "octocat/Hello-World" {
			t.Errorf("%s: answer %v; want the description's example", tt.name, body["full_name"])
		}
	}
}

func TestHostPatchesMergeAndLeaveTheExampleAlone(t *testing.T) {
	t.Parallel()
	fake := New(t)
	fake.Host("octo", "clinic", HostedRepository{Repository: Patch{"owner": Patch{"login": "octo"}, "parent": nil}})
	fake.Host("octo", "other", HostedRepository{Repository: Patch{}})
	get := func(path string) map[string]any {
		resp, err := http.Get(fake.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		return body
	}
	patched := get("/repos/octo/clinic")
	if owner := patched["owner"].(map[string]any); owner["login"] != "octo" || owner["type"] != "User" {
		t.Errorf("owner = %v; want the example's owner with login octo", owner)
	}
	if _, ok := patched["parent"]; ok {
		t.Error("a nil patch value did not remove parent")
	}
	if other := get("/repos/octo/other"); other["owner"].(map[string]any)["login"] != "octocat" || other["parent"] == nil {
		t.Error("a patch changed the description's example for later answers")
	}
}

func TestHostLeavesOtherEndpointsOfTheRepositoryAlone(t *testing.T) {
	t.Parallel()
	fake := New(t)
	fake.Host("octo", "clinic", HostedRepository{Repository: Patch{}})
	fake.AddComment(7, "hello", "amina", "User", "MEMBER")
	resp, err := http.Get(fake.URL + "/repos/octo/clinic/issues/7/comments")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var comments []map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&comments); err != nil || len(comments) != 1 || comments[0]["body"] != "hello" {
		t.Errorf("comments = %v (%v); want the fake's comment, not Host's 404", comments, err)
	}
}
