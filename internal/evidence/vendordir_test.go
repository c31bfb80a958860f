package evidence

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestVendorDirOf(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]string{
		`{"config":{"vendor-dir":"vendors/"}}`:     "vendors", // CakePHP 2 applications
		`{"config":{"vendor-dir":"./app/Vendor"}}`: "app/Vendor",
		`{"config":{"vendor-dir":"vendor"}}`:       "", // set aside by name already
		`{"config":{"vendor-dir":"lib/vendor"}}`:   "",
		`{"config":{"vendor-dir":"../shared"}}`:    "", // outside the repository
		`{"config":{"vendor-dir":"/opt/php"}}`:     "",
		`{"config":{"vendor-dir":"$HOME/php"}}`:    "",
		`{"config":{"vendor-dir":"."}}`:            "",
		`{"config":{"vendor-dir":"a\\b"}}`:         "",
		`{"config":{"vendor-dir":7}}`:              "",
		`{"name":"x/y","require":{"php":">=8"}}`:   "",
		`not json`:                                 "",
	} {
		if got := vendorDirOf([]byte(text)); got != want {
			t.Errorf("vendorDirOf(%s) = %q, want %q", text, got, want)
		}
	}
}

// TestComposerVendorDirSetAside: the folder composer.json installs packages
// into is vendored code, its documentation no evidence of the product's,
// while a product folder of the same name elsewhere stays the product's.
func TestComposerVendorDirSetAside(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"composer.json":                        {Data: []byte(`{"name":"org/app","license":"MIT","config":{"vendor-dir":"vendors/"},"require":{"cakephp/cakephp":"2.10.*"}}`)},
		"README.md":                            {Data: []byte("# App\n\nRecords adverse events.\n")},
		"vendors/phpoffice/phpexcel/README.md": {Data: []byte("# PHPExcel\n\nExport to CSV, XLSX and ODS.\n")},
		"vendors/autoload.php":                 {Data: []byte("<?php\n")},
		"app/View/Vendors/index.ctp":           {Data: []byte("<?php echo $vendor; ?>\n")},
		// A nested application's Composer folder, named by no composer.json
		// read before the walk, known by what Composer writes in it.
		"app/Vendor/composer/installed.json":    {Data: []byte(`{"packages":[]}`)},
		"app/Vendor/firebase/php-jwt/README.md": {Data: []byte("# PHP-JWT\n\nEncode and decode JSON Web Tokens.\n")},
		"app/Vendor/firebase/php-jwt/JWT.php":   {Data: []byte("<?php\n")},
	}
	c := &countingFS{FS: fsys, opened: map[string]int{}}
	r, err := Build(context.Background(), c, Options{Detector: detector})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(r.Vendored, func(v VendoredDir) bool { return v.Path == "vendors" && v.Why == whyComposerVendor && v.Walked }) {
		t.Errorf("vendored = %+v, want vendors/ as Composer's vendor-dir", r.Vendored)
	}
	if !slices.ContainsFunc(r.Vendored, func(v VendoredDir) bool { return v.Path == "app/Vendor" && v.Why == whyComposerInstalled }) {
		t.Errorf("vendored = %+v, want app/Vendor as a Composer folder", r.Vendored)
	}
	for _, d := range r.Docs {
		if strings.HasPrefix(d.Path, "vendors/") || strings.HasPrefix(d.Path, "app/Vendor/") {
			t.Errorf("%s was read as the product's documentation", d.Path)
		}
	}
	if slices.Contains(r.Files, "vendors/autoload.php") || slices.Contains(r.Files, "app/Vendor/firebase/php-jwt/JWT.php") ||
		!slices.Contains(r.Files, "app/View/Vendors/index.ctp") {
		t.Errorf("product files = %q", r.Files)
	}
	if n := c.opened["composer.json"]; n != 1 {
		t.Errorf("composer.json opened %d times, want once", n)
	}
	if len(r.Manifests) != 1 {
		t.Errorf("manifests = %d, want composer.json's", len(r.Manifests))
	}
}

func FuzzVendorDirOf(f *testing.F) {
	for _, s := range []string{`{"config":{"vendor-dir":"vendors/"}}`, `{"config":{"vendor-dir":"../x"}}`, `{"config":{"vendor-dir":"a//b/./c/"}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		dir := vendorDirOf([]byte(text))
		if dir == "" {
			return
		}
		if !fs.ValidPath(dir) || dir == "." || strings.HasPrefix(dir, "/") || slices.Contains(strings.Split(dir, "/"), "..") {
			t.Errorf("vendorDirOf(%q) = %q: not a folder inside the repository", text, dir)
		}
	})
}
