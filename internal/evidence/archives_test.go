package evidence

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
	"testing/fstest"
)

// pemKey is a private key shaped like the ones in configuration backups
// (a header and a base64 body; not a real key).
const pemKey = "-----BEGIN PRIVATE KEY-----\n" +
	"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n" +
	"MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n" +
	"-----END PRIVATE KEY-----\n"

type tarMember struct {
	name string
	body []byte
}

// tarOf packs members into a tar archive, gzip-compressed when gz.
func tarOf(t testing.TB, gz bool, members ...tarMember) []byte {
	var buf bytes.Buffer
	var zw *gzip.Writer
	w := &buf
	var tw *tar.Writer
	if gz {
		zw = gzip.NewWriter(w)
		tw = tar.NewWriter(zw)
	} else {
		tw = tar.NewWriter(w)
	}
	for _, m := range members {
		if strings.HasSuffix(m.name, "/") {
			if err := tw.WriteHeader(&tar.Header{Name: m.name, Typeflag: tar.TypeDir, Mode: 0o755}); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := tw.WriteHeader(&tar.Header{Name: m.name, Typeflag: tar.TypeReg, Mode: 0o600, Size: int64(len(m.body))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(m.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// A configuration backup committed beside the Dockerfile that copies it
// into the image (an X-Road central server's CA and conf backups).
func TestArchiveSecretsInProduct(t *testing.T) {
	caBackup := tarOf(t, false,
		tarMember{"CA/", nil},
		tarMember{"CA/newcerts/01.pem", []byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")},
		tarMember{"CA/private/ca.key.pem", []byte(pemKey)},
	)
	confBackup := tarOf(t, true,
		tarMember{"etc/xroad/ssl/internal.key", []byte(pemKey)},
		tarMember{"etc/xroad/signer/softtoken/.softtoken.p12", []byte{0x30, 0x82, 0x01}},
		tarMember{"etc/xroad/conf.d/local.ini", []byte("[proxy]\nhealth-check-port=5588\n")},
	)
	certsOnly := tarOf(t, false, tarMember{"certs/ca.pem", []byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")})
	testBackup := tarOf(t, false, tarMember{"src/test/resources/key.pem", []byte(pemKey)})
	fsys := fstest.MapFS{
		"images/cs/Dockerfile.preconf":    {Data: []byte("FROM niis/xroad-central-server\nCOPY ca_backup.tar /tmp/\n")},
		"images/cs/ca_backup.tar":         {Data: caBackup},
		"images/cs/cs_conf_backup.tar.gz": {Data: confBackup},
		"images/cs/certs.tar":             {Data: certsOnly},
		"images/cs/fixtures.tgz":          {Data: testBackup},
		"images/cs/notes.tar":             {Data: []byte("not a tar archive at all")},
	}
	r := buildFS(t, fsys, Options{Detector: detector, GovStack: true})
	got := map[string]bool{}
	for _, s := range r.Secrets {
		got[s.Path+" | "+s.Kind] = true
		if s.Line != 0 || s.Aside != "" {
			t.Errorf("archive secret %+v: want a counted key file (line 0, not aside)", s)
		}
	}
	for _, want := range []string{
		"images/cs/ca_backup.tar | private key in archive member CA/private/ca.key.pem",
		"images/cs/cs_conf_backup.tar.gz | private key in archive member etc/xroad/ssl/internal.key",
		"images/cs/cs_conf_backup.tar.gz | PKCS#12 keystore in archive member etc/xroad/signer/softtoken/.softtoken.p12",
	} {
		if !got[want] {
			t.Errorf("missing %q; got %v", want, got)
		}
	}
	if len(got) != 3 {
		t.Errorf("got %d archive secrets, want 3 (certificates, test members and non-archives are not secrets): %v", len(got), got)
	}
}

// A member larger than the per-member cap is not read; members past the
// total cap are not reached; a hostile name is printed safely.
func TestArchiveSecretsCaps(t *testing.T) {
	big := bytes.Repeat([]byte("a"), capArchiveMember+1)
	data := tarOf(t, false,
		tarMember{"big.key", append([]byte(pemKey), big...)},
		tarMember{"x\x1b[31m.key", []byte(pemKey)},
	)
	got := archiveSecrets(data, false)
	if len(got) != 1 || got[0].member != "x?[31m.key" || got[0].kind != "private key" {
		t.Errorf("archiveSecrets = %+v, want only the small member, its name made printable", got)
	}
	// A gzip bomb: a long run of zeros compresses to little and is cut at
	// the total cap without error.
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zeros := make([]byte, 1<<20)
	for i := 0; i < 40; i++ {
		zw.Write(zeros)
	}
	zw.Close()
	if got := archiveSecrets(buf.Bytes(), true); len(got) != 0 {
		t.Errorf("gzip of zeros: %+v, want nothing", got)
	}
}

// FuzzArchiveSecrets: any bytes, compressed or not, never panic the
// archive reader, and every finding names a printable member.
func FuzzArchiveSecrets(f *testing.F) {
	f.Add(tarOf(f, false, tarMember{"CA/private/ca.key.pem", []byte(pemKey)}), false)
	f.Add(tarOf(f, true, tarMember{"etc/ssl/a.p12", []byte{0x30}}, tarMember{"a.jks", jks(0xFEEDFEED, 1)}), true)
	f.Add([]byte("not an archive"), false)
	f.Fuzz(func(t *testing.T, data []byte, gz bool) {
		got := archiveSecrets(data, gz)
		if len(got) > maxArchiveFindings {
			t.Fatalf("%d findings over the cap", len(got))
		}
		for _, g := range got {
			if g.member == "" || strings.ContainsFunc(g.member, func(r rune) bool { return r < ' ' || r == 0x7f }) {
				t.Fatalf("unprintable member %q", g.member)
			}
		}
	})
}
