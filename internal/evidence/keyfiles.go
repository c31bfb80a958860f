package evidence

import (
	"bytes"
	"encoding/binary"
	"path"
	"strings"
)

// Key files: secrets by their name and, for binary formats, by their first
// bytes. Only these names are opened, and only capped.

// capKeyFile bounds what is read of a binary keystore to find a private key.
const capKeyFile = 1 << 20

// keyFileKind says what a file is by its name: "pkcs12", "jks", "pgp",
// "ssh", or "" for any other file. Trust stores (certificates only) are
// not secrets.
func keyFileKind(p string) string {
	base := strings.ToLower(path.Base(p))
	ext := path.Ext(base)
	switch {
	case base == "id_rsa" || base == "id_dsa" || base == "id_ecdsa" || base == "id_ed25519":
		return "ssh"
	case strings.Contains(base, "trust") || strings.Contains(base, "cacerts"):
		return ""
	case ext == ".p12" || ext == ".pfx":
		return "pkcs12"
	case ext == ".jks" || ext == ".keystore" || ext == ".jceks":
		return "jks"
	case ext == ".gpg" || ext == ".pgp" || ext == ".asc" || ext == ".sec":
		return "pgp"
	}
	return ""
}

// scanKeyFile records a committed key file: a PKCS#12 keystore, a Java
// keystore holding a private key, an OpenPGP secret key, an SSH key.
func (b *builder) scanKeyFile(p string, size int64, aside string, review bool) {
	kind := keyFileKind(p)
	if kind == "" {
		return
	}
	found := ""
	switch kind {
	case "ssh":
		found = "SSH private key"
	case "pkcs12":
		found = "PKCS#12 keystore"
	case "jks", "pgp":
		var data []byte
		var err error
		if size > capKeyFile {
			data, err = readHead(b, p, capKeyFile)
		} else {
			data, err = readCapped(b.fsys, p, capKeyFile)
		}
		if err != nil {
			return
		}
		b.repo.Stats.BytesRead += int64(len(data))
		if kind == "jks" {
			found = keystoreKind(data)
		} else if pgpSecretKey(data) {
			found = "OpenPGP secret key"
		}
	}
	if found != "" {
		b.drain()
		b.repo.Secrets = append(b.repo.Secrets, Secret{Path: p, Kind: found, Aside: aside, Config: deploymentConfig(p), Review: review})
	}
}

// readHead reads at most limit bytes of a file (a keystore over the cap is
// judged by its head).
func readHead(b *builder, p string, limit int) ([]byte, error) {
	h, err := openHead(b.fsys, p, limit, int64(limit))
	if err != nil {
		return nil, err
	}
	defer h.Close()
	return bytes.Clone(h.Head()), nil
}

// keystoreKind reads a .jks, .keystore or .jceks file: a JKS or JCEKS store
// with a private or secret key entry is a secret, one with certificates
// only is a trust store; a PKCS#12 store under a Java name is a keystore.
func keystoreKind(data []byte) string {
	if len(data) >= 4 {
		switch binary.BigEndian.Uint32(data) {
		case 0xFEEDFEED, 0xCECECECE:
			if jksHasKey(data) {
				return "Java keystore with a private key"
			}
			return ""
		}
	}
	if len(data) > 0 && data[0] == 0x30 {
		return "PKCS#12 keystore"
	}
	return ""
}

// jksHasKey walks the entries of a JKS or JCEKS store (magic, version,
// count, then entries) until it meets a private key (tag 1) or a secret key
// (tag 3). Trusted certificates (tag 2) are skipped; a store that shows no
// key entry, or that stops before one, is not a secret.
func jksHasKey(data []byte) bool {
	r := &byteReader{b: data}
	r.u32() // magic
	version := r.u32()
	count := r.u32()
	for i := uint32(0); i < count && i < 10000; i++ {
		tag := r.u32()
		if !r.ok() {
			return false
		}
		switch tag {
		case 1, 3:
			return true
		case 2:
			r.skip(int(r.u16())) // alias
			r.skip(8)            // date
			if version == 2 {
				r.skip(int(r.u16())) // certificate type
			}
			r.skip(int(r.u32()))
		default:
			return false
		}
	}
	return false
}

// byteReader reads big-endian fields; after a short read every field is 0.
type byteReader struct {
	b   []byte
	off int
	bad bool
}

func (r *byteReader) ok() bool { return !r.bad }

func (r *byteReader) take(n int) []byte {
	if r.bad || n < 0 || r.off+n > len(r.b) {
		r.bad = true
		return nil
	}
	s := r.b[r.off : r.off+n]
	r.off += n
	return s
}

func (r *byteReader) skip(n int) { r.take(n) }

func (r *byteReader) u16() uint16 {
	if s := r.take(2); s != nil {
		return binary.BigEndian.Uint16(s)
	}
	return 0
}

func (r *byteReader) u32() uint32 {
	if s := r.take(4); s != nil {
		return binary.BigEndian.Uint32(s)
	}
	return 0
}

// pgpSecretKey reports an OpenPGP secret key: ASCII armour "BEGIN PGP
// PRIVATE KEY BLOCK", or a binary packet whose tag is 5 (secret key) or 7
// (secret subkey), in the old or the new packet format.
func pgpSecretKey(data []byte) bool {
	if bytes.Contains(data[:min(len(data), 4096)], []byte("-----BEGIN PGP PRIVATE KEY BLOCK-----")) {
		return true
	}
	if len(data) < 2 || data[0]&0x80 == 0 {
		return false
	}
	var tag byte
	if data[0]&0x40 != 0 {
		tag = data[0] & 0x3F // new format
	} else {
		tag = (data[0] >> 2) & 0x0F // old format
	}
	return tag == 5 || tag == 7
}
