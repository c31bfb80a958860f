package evidence

import (
	"encoding/json"
	"io/fs"
	"path"
	"strings"
)

// Composer installs a PHP project's packages in vendor/, or wherever the
// root composer.json's config.vendor-dir says (CakePHP 2 applications use
// "vendors" or "app/Vendor"). That folder is vendored code like vendor/:
// its READMEs, licences and documentation are not the product's. A folder
// is one when the root composer.json names it, or when it is named
// vendor or vendors in any case and holds Composer's composer/installed.json
// (a nested application's composer.json comes after its app/Vendor in the
// walk, and a Rails app/views/vendors is the product's).

// Why a Composer folder is set aside.
const (
	whyComposerVendor    = "Composer packages (config.vendor-dir of composer.json)"
	whyComposerInstalled = "Composer packages (composer/installed.json)"
)

// composerFolder says why the folder p, named name, holds Composer's
// packages, or "" when it does not.
func (b *builder) composerFolder(p, name string) string {
	if p == b.composerVendor {
		return whyComposerVendor
	}
	if lower := strings.ToLower(name); lower != "vendor" && lower != "vendors" {
		return ""
	}
	if info, err := fs.Stat(b.fsys, p+"/composer/installed.json"); err == nil && info.Mode().IsRegular() {
		return whyComposerInstalled
	}
	return ""
}

// readRootComposer reads the root composer.json before the walk, for the
// folder it installs packages into; the walk then takes the text from
// b.rootComposer rather than read the file again.
func (b *builder) readRootComposer() {
	if b.opts.Ignore != nil && b.opts.Ignore("composer.json") {
		return
	}
	data, err := readCapped(b.fsys, "composer.json", capManifest)
	if err != nil {
		return // absent, or the walk reports it
	}
	b.rootComposer, b.composerVendor = data, vendorDirOf(data)
}

// takeRootComposer returns the text of the root composer.json read before
// the walk, once, when p is it and it fits limit.
func (b *builder) takeRootComposer(p string, limit int64) ([]byte, bool) {
	data := b.rootComposer
	if p != "composer.json" || data == nil || int64(len(data)) > limit {
		return nil, false
	}
	b.rootComposer = nil
	return data, true
}

// vendorDirOf reads config.vendor-dir from the text of a composer.json: a
// clean path inside the repository; "" when there is none, it is named
// like a vendored folder already (vendor/), or it points outside.
func vendorDirOf(data []byte) string {
	var c struct {
		Config struct {
			VendorDir string `json:"vendor-dir"`
		} `json:"config"`
	}
	if json.Unmarshal(data, &c) != nil {
		return ""
	}
	dir := strings.TrimSpace(c.Config.VendorDir)
	if dir == "" || strings.ContainsAny(dir, "$\\\x00") || path.IsAbs(dir) {
		return "" // unset, a variable ($HOME), a Windows path, or outside
	}
	dir = path.Clean(dir)
	if dir == "." || dir == ".." || strings.HasPrefix(dir, "../") || !fs.ValidPath(dir) {
		return ""
	}
	if _, known := vendoredDirs[path.Base(dir)]; known {
		return "" // vendor/, lib/vendor/ and the like are set aside by name
	}
	return dir
}

// vendoredPath returns the vendored tree a path is inside, or "": a folder
// named like one (vendor/, node_modules/), or the vendor-dir composer.json
// configures or the walk found (composerFolder), the outermost when one
// holds the other.
func (b *builder) vendoredPath(p string) string {
	v := vendoredPath(p)
	for _, d := range b.composerDirs {
		if strings.HasPrefix(p, d+"/") && (v == "" || len(d) < len(v)) {
			v = d
		}
	}
	return v
}
