package evidence

import "testing"

func TestBinaryLibrary(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]bool{
		"app/libs/VeriEye.jar":                       true,
		"app/libs/armeabi-v7a/libVsRoll.so":          true,
		"android/app/libs/places-maps-sdk-3.1.0.aar": true,
		"ExcelLibrary.dll":                           true,
		"lib/libssl.so.3":                            true,
		"Plugins/macOS/libnative.dylib":              true,
		"gradle/wrapper/gradle-wrapper.jar":          false,
		".mvn/wrapper/maven-wrapper.jar":             false,
		"VivoosVR/obj/Debug/TempPE/Model1.cs.dll":    false,
		"src/App/bin/Release/App.dll":                false,
		"src/main/java/org/example/Solver.java":      false,
		"docs/so.md":                                 false,
		"scripts/install.sh":                         false,
	} {
		if got := binaryLibrary(p); got != want {
			t.Errorf("binaryLibrary(%q) = %v, want %v", p, got, want)
		}
	}
}
