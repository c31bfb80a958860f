package evidence

import (
	"encoding/binary"
	"testing"
)

func TestPGPSecretKey(t *testing.T) {
	cases := []struct {
		name string
		head []byte
		want bool
	}{
		{"old-format secret key (tag 5)", []byte{0x95, 0x03, 0xc6, 0x04}, true},
		{"old-format public key (tag 6)", []byte{0x99, 0x01, 0x0d, 0x04}, false},
		{"old-format secret subkey (tag 7)", []byte{0x9d, 0x03, 0xc6}, true},
		{"new-format secret key (tag 5)", []byte{0xc5, 0xc1, 0x58}, true},
		{"new-format public key (tag 6)", []byte{0xc6, 0x01}, false},
		{"not a packet", []byte("hello"), false},
		{"armoured secret key", []byte("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOY"), true},
		{"armoured public key", []byte("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQEN"), false},
		{"empty", nil, false},
	}
	for _, c := range cases {
		if got := pgpSecretKey(c.head); got != c.want {
			t.Errorf("%s: pgpSecretKey = %v, want %v", c.name, got, c.want)
		}
	}
}

// jks builds a JKS store with the given entry tags (1 private key, 2
// trusted certificate).
func jks(magic uint32, tags ...uint32) []byte {
	be := binary.BigEndian
	b := be.AppendUint32(nil, magic)
	b = be.AppendUint32(b, 2)
	b = be.AppendUint32(b, uint32(len(tags)))
	for _, tag := range tags {
		b = be.AppendUint32(b, tag)
		b = be.AppendUint16(b, 5)
		b = append(b, "alias"...)
		b = be.AppendUint64(b, 0)
		switch tag {
		case 1:
			b = be.AppendUint32(b, 3)
			b = append(b, 1, 2, 3)
		case 2:
			b = be.AppendUint16(b, 5)
			b = append(b, "X.509"...)
			b = be.AppendUint32(b, 4)
			b = append(b, 0x30, 0x82, 0, 0)
		}
	}
	return b
}

func TestKeystoreKind(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"JKS with a private key", jks(0xFEEDFEED, 1), "Java keystore with a private key"},
		{"JKS trust store", jks(0xFEEDFEED, 2, 2), ""},
		{"JKS: certificates, then a private key", jks(0xFEEDFEED, 2, 1), "Java keystore with a private key"},
		{"JCEKS with a secret key", jks(0xCECECECE, 3), "Java keystore with a private key"},
		{"empty JKS", jks(0xFEEDFEED), ""},
		{"JKS cut inside its private key", jks(0xFEEDFEED, 1)[:20], "Java keystore with a private key"},
		{"JKS cut before its first entry", jks(0xFEEDFEED, 1)[:14], ""},
		{"truncated trust store", jks(0xFEEDFEED, 2, 2)[:40], ""},
		{"PKCS#12 under a Java name", []byte{0x30, 0x82, 0x0a, 0x01}, "PKCS#12 keystore"},
		{"text", []byte("not a keystore"), ""},
	}
	for _, c := range cases {
		if got := keystoreKind(c.data); got != c.want {
			t.Errorf("%s: keystoreKind = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestKeyFileKind(t *testing.T) {
	for p, want := range map[string]string{
		"src/main/resources/esignet-oidc.p12": "pkcs12",
		"certs/client.PFX":                    "pkcs12",
		"certs/truststore.p12":                "",
		"conf/cacerts.jks":                    "",
		"conf/server.keystore":                "jks",
		".github/keys/mosipgpgkey_sec.gpg":    "pgp",
		"keys/signing.asc":                    "pgp",
		"deploy/id_rsa":                       "ssh",
		"deploy/id_rsa.pub":                   "",
		"README.md":                           "",
	} {
		if got := keyFileKind(p); got != want {
			t.Errorf("keyFileKind(%q) = %q, want %q", p, got, want)
		}
	}
}
