package githubtest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
)

// pruneVersion names the pruning below in the cache key: change it when the
// pruning changes.
const pruneVersion = "2"

// answeredFromDescription are the operations whose answers the fake takes
// from the description (Server.Host answers with their 200 example): they
// keep their responses.
var answeredFromDescription = map[string]bool{
	"/repos/{owner}/{repo}":                                 true,
	"/repos/{owner}/{repo}/community/profile":               true,
	"/repos/{owner}/{repo}/private-vulnerability-reporting": true,
}

// requestSpec returns GitHub's description reduced to what request
// validation reads: every path and operation with its parameters and
// request body, and the components they refer to; webhooks, and the
// responses of operations the fake does not answer from the description
// (answeredFromDescription), are left out. The fakes validate requests only, so
// the reduction validates the same; it loads in a fraction of the time
// (13 MB -> about 2 MB), which a race-detector test binary feels most. The
// result is cached under the user cache folder, keyed by the description's
// hash, so that each test binary does not reduce it again.
func requestSpec(full []byte) ([]byte, error) {
	sum := sha256.Sum256(append(full, pruneVersion...))
	cache := ""
	if dir, err := os.UserCacheDir(); err == nil {
		cache = filepath.Join(dir, "dpgcheck-test", "github-requests-"+hex.EncodeToString(sum[:8])+".json")
		if data, err := os.ReadFile(cache); err == nil && json.Valid(data) {
			return data, nil
		}
	}
	data, err := prune(full)
	if err != nil {
		return nil, err
	}
	if cache != "" && os.MkdirAll(filepath.Dir(cache), 0o755) == nil {
		tmp := cache + ".tmp" + hex.EncodeToString(sum[8:12])
		if os.WriteFile(tmp, data, 0o644) == nil {
			os.Rename(tmp, cache) // another test binary may race: either copy is whole
		}
	}
	return data, nil
}

func prune(full []byte) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(full, &doc); err != nil {
		return nil, err
	}
	delete(doc, "x-webhooks")
	paths, _ := doc["paths"].(map[string]any)
	for p, item := range paths {
		ops, _ := item.(map[string]any)
		for method, op := range ops {
			if o, ok := op.(map[string]any); ok && method != "parameters" && !(method == "get" && answeredFromDescription[p]) {
				o["responses"] = map[string]any{"default": map[string]any{"description": "not checked by the fake"}}
			}
		}
	}
	components, _ := doc["components"].(map[string]any)
	keep := map[string]bool{} // "#/components/<kind>/<name>"
	var queue []any
	queue = append(queue, paths)
	for len(queue) > 0 {
		v := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok && !keep[ref] {
				keep[ref] = true
				parts := strings.Split(strings.TrimPrefix(ref, "#/components/"), "/")
				if len(parts) == 2 {
					if kind, ok := components[parts[0]].(map[string]any); ok {
						queue = append(queue, kind[parts[1]])
					}
				}
			}
			for _, x := range v {
				queue = append(queue, x)
			}
		case []any:
			queue = append(queue, v...)
		}
	}
	for kindName, kind := range components {
		entries, _ := kind.(map[string]any)
		for name := range entries {
			if !keep["#/components/"+kindName+"/"+name] {
				delete(entries, name)
			}
		}
	}
	return json.Marshal(doc)
}
