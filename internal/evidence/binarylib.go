package evidence

import (
	"path"
	"strings"
)

// maxBinaryLibs caps the compiled libraries listed by path.
const maxBinaryLibs = 200

// binaryLibrary reports a compiled library committed as a file: a JAR or
// AAR, a Windows DLL, a shared object or a macOS dynamic library. Those are
// dependencies (a biometric SDK in app/libs, an Office interop DLL) whose
// licence no manifest declares. Build wrappers (gradle-wrapper.jar,
// maven-wrapper.jar) and what MSBuild writes under obj/ and bin/ are not.
func binaryLibrary(p string) bool {
	base := strings.ToLower(path.Base(p))
	switch base {
	case "gradle-wrapper.jar", "maven-wrapper.jar":
		return false
	}
	ext := path.Ext(base)
	switch {
	case ext == ".jar" || ext == ".aar" || ext == ".dylib" || ext == ".so":
	case ext == ".dll":
		for _, e := range strings.Split(path.Dir(p), "/") {
			if e == "obj" || e == "bin" {
				return false
			}
		}
	case strings.Contains(base, ".so."): // libfoo.so.1
	default:
		return false
	}
	return true
}
