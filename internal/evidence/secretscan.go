package evidence

import (
	"bytes"
	"path"
	"strings"

	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// The walk's hooks for committed secrets: every text file read passes
// through secretsIn; examples are read for review only; key files loaded
// by the product's settings or code are marked at the end of the walk.

// asideExample is why a secret in an example does not count against the
// product, though GovStack asks that examples hold no real values.
const asideExample = "in an example, not the product: a reviewer checks that the value is not real"

// scanExampleSecrets reads a file set aside as an example for secrets
// (GovStack's rule covers "examples with real values"); what it finds is
// kept aside, for review, never counted against the product.
func (b *builder) scanExampleSecrets(p, why string, size int64) {
	if !b.opts.GovStack || why != "examples" {
		return
	}
	b.scanKeyFile(p, size, asideExample, true)
	if size > capText || !(isConfigFile(p) || textLike(p) || docFile(p) || classify(p, false) == kindSource) {
		return
	}
	data, err := readCapped(b.fsys, p, capText)
	if err != nil || bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
		return
	}
	b.repo.Stats.BytesRead += int64(len(data))
	b.later(func() func() {
		found := scanSecrets(p, data)
		return func() {
			for _, s := range found {
				s.Aside, s.Review = asideExample, true
				b.repo.Secrets = append(b.repo.Secrets, s)
			}
		}
	})
}

// keyFileRef is a path to a key file in settings or code
// ("classpath:certs/private.pem", "/esignet-oidc.p12"): a slash before the
// name, so that a Kubernetes secret's "tls.key:" field is not one.
var keyFileRef = fileWords.MustCompile(`[\w.-]*/[\w./-]*?[\w-]+\.(?:pem|key|p12|pfx|jks|keystore|jceks)\b`)

// maxKeyRefs bounds the key-file references kept.
const maxKeyRefs = 2000

// secretsIn scans a file's text for secrets and, in settings and code (not
// documents or tests), notes the key files it loads by path.
func (b *builder) secretsIn(p string, data []byte) {
	b.later(func() func() {
		f := secretFactsOf(p, data, fileWords.Scan(data))
		return func() { b.recordSecrets(f) }
	})
}

// secretFacts is what a file shows about secrets: the secrets written in
// it, and the key files it names.
type secretFacts struct {
	secrets       []Secret
	refs          []string
	lookedForRefs bool
}

// secretFactsOf scans a file for secrets and key-file references; it reads
// nothing of the walk.
func secretFactsOf(p string, data []byte, found textindex.Found) secretFacts {
	var f secretFacts
	if testSourceFile(p) {
		return f
	}
	f.secrets = scanSecretsFound(p, data, found)
	if docFile(p) || !bytes.ContainsAny(data, "/") || !found.MayMatch(keyFileRef) {
		return f
	}
	f.lookedForRefs = true
	for _, loc := range found.FindAllInLines(keyFileRef, data, 200) {
		ref := strings.TrimPrefix(string(data[loc[0]:loc[1]]), "classpath:")
		f.refs = append(f.refs, strings.TrimLeft(ref, "./"))
	}
	return f
}

// recordSecrets records f, key-file references up to maxKeyRefs.
func (b *builder) recordSecrets(f secretFacts) {
	b.repo.Secrets = append(b.repo.Secrets, f.secrets...)
	if !f.lookedForRefs {
		return
	}
	if b.keyRefs == nil {
		b.keyRefs = map[string]bool{}
	}
	for _, ref := range f.refs {
		if len(b.keyRefs) >= maxKeyRefs {
			return
		}
		b.keyRefs[ref] = true
	}
}

// markLoadedKeyFiles marks the key files some setting or code loads.
func (b *builder) markLoadedKeyFiles() {
	for i, s := range b.repo.Secrets {
		if s.Aside != "" || keyFileKind(s.Path) == "" && !keyExt(s.Path) {
			continue
		}
		for ref := range b.keyRefs {
			if ref != "" && (s.Path == ref || strings.HasSuffix(s.Path, "/"+ref)) {
				b.repo.Secrets[i].Loaded = true
				break
			}
		}
	}
}

// keyExt reports key material by extension (PEM keys and certificates).
func keyExt(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".pem", ".key":
		return true
	}
	return false
}
