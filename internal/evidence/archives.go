package evidence

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"path"
	"strings"
	"unicode"
)

// Committed tar archives: a configuration backup or a CA directory packed
// into a .tar and copied into an image carries its private keys with it.
// Small archives are read in memory, member by member, within caps; nothing
// is ever extracted to disk.

const (
	// capArchive bounds the size of a committed archive that is opened.
	capArchive = 8 << 20
	// capArchiveMember bounds what is read of one member.
	capArchiveMember = 1 << 20
	// capArchiveTotal bounds what is read of all members of one archive
	// (after decompression: a small .tar.gz may expand a great deal).
	capArchiveTotal = 32 << 20
	// maxArchiveMembers bounds the members walked in one archive.
	maxArchiveMembers = 5000
	// maxArchiveFindings bounds the secrets kept from one archive.
	maxArchiveFindings = 20
)

// archiveKind says whether a file is a tar archive dpgcheck opens: "tar",
// "tgz", or "".
func archiveKind(p string) string {
	base := strings.ToLower(path.Base(p))
	switch {
	case strings.HasSuffix(base, ".tar"):
		return "tar"
	case strings.HasSuffix(base, ".tar.gz"), strings.HasSuffix(base, ".tgz"):
		return "tgz"
	}
	return ""
}

// scanArchive records the key material inside a small committed tar archive.
func (b *builder) scanArchive(p string, size int64) {
	kind := archiveKind(p)
	if kind == "" || size > capArchive {
		return
	}
	data, err := readCapped(b.fsys, p, capArchive)
	if err != nil {
		return
	}
	b.repo.Stats.BytesRead += int64(len(data))
	found := archiveSecrets(data, kind == "tgz")
	if len(found) > 0 {
		b.drain()
	}
	for _, f := range found {
		b.repo.Secrets = append(b.repo.Secrets, Secret{
			Path:   p,
			Kind:   f.kind + " in archive member " + f.member,
			Config: true,
		})
	}
}

// archiveFinding is a secret found in one member of an archive.
type archiveFinding struct {
	member string // the member's name, made safe to print
	kind   string // "private key", "PKCS#12 keystore", "password" ...
}

// archiveSecrets walks a tar archive (gzip-compressed when gz) and reports
// its members that hold private keys, keystores or credentials. A damaged
// or truncated archive yields what was found before the damage.
func archiveSecrets(data []byte, gz bool) []archiveFinding {
	var r io.Reader = bytes.NewReader(data)
	if gz {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil
		}
		defer zr.Close()
		r = zr
	}
	// The whole decompressed stream is capped, headers and skipped members
	// included, so that a gzip bomb stops early.
	tr := tar.NewReader(io.LimitReader(r, capArchiveTotal))
	var out []archiveFinding
	for n := 0; n < maxArchiveMembers && len(out) < maxArchiveFindings; n++ {
		h, err := tr.Next()
		if err != nil {
			break
		}
		if h.Typeflag != tar.TypeReg && h.Typeflag != tar.TypeRegA {
			continue
		}
		name := strings.TrimPrefix(path.Clean("/"+h.Name), "/")
		if name == "" || testSourceFile(name) {
			continue
		}
		if kind := keyFileKind(name); kind == "ssh" || kind == "pkcs12" {
			out = append(out, archiveFinding{member: printableName(name), kind: keyKindLabel(kind)})
			continue
		}
		if h.Size <= 0 || h.Size > capArchiveMember {
			continue
		}
		body, err := io.ReadAll(io.LimitReader(tr, capArchiveMember))
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		for _, kind := range memberSecrets(name, body) {
			out = append(out, archiveFinding{member: printableName(name), kind: kind})
		}
	}
	if len(out) > maxArchiveFindings {
		out = out[:maxArchiveFindings]
	}
	return out
}

// keyKindLabel names a key file kind found by its name alone.
func keyKindLabel(kind string) string {
	if kind == "ssh" {
		return "SSH private key"
	}
	return "PKCS#12 keystore"
}

// memberSecrets reads one member: a Java keystore with a key entry, an
// OpenPGP secret key, or text with a private key or a credential. Each kind
// is reported once per member.
func memberSecrets(name string, body []byte) []string {
	switch keyFileKind(name) {
	case "jks":
		if k := keystoreKind(body); k != "" {
			return []string{k}
		}
		return nil
	case "pgp":
		if pgpSecretKey(body) {
			return []string{"OpenPGP secret key"}
		}
	}
	if bytes.IndexByte(body[:min(len(body), 8000)], 0) >= 0 {
		return nil
	}
	var kinds []string
	seen := map[string]bool{}
	for _, s := range scanSecrets(name, body) {
		if s.Aside != "" || seen[s.Kind] {
			continue
		}
		seen[s.Kind] = true
		kinds = append(kinds, s.Kind)
	}
	return kinds
}

// printableName bounds a member name and replaces what could not be shown
// in a report line (control characters, invalid UTF-8).
func printableName(name string) string {
	if len(name) > 200 {
		name = "…" + name[len(name)-200:]
	}
	return strings.Map(func(r rune) rune {
		if r == unicode.ReplacementChar || unicode.IsControl(r) {
			return '?'
		}
		return r
	}, strings.ToValidUTF8(name, "?"))
}
