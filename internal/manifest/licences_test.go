package manifest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLicenceDeclarations checks that every place a Python or R package
// declares its licence is read, as written, on its line: setup.cfg's
// license and classifiers, setup.py's license= and classifiers (also through
// a module-level CLASSIFIERS list), pyproject.toml's [project] license (a
// string or a table) and classifiers, Poetry's and Flit's license and
// classifiers, and DESCRIPTION's License field. Other classifiers are not
// licences. internal/rules turns each value into an SPDX expression with
// license.FromName.
func TestLicenceDeclarations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path, content string
		want                []Declared
	}{
		{"setup.cfg license and classifiers", "setup.cfg", `[metadata]
name = x
license = AGPLv3+
classifiers =
    Development Status :: 5 - Production/Stable
    License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)
    Programming Language :: Python :: 3
    License :: OSI Approved :: MIT License
`, []Declared{{"AGPLv3+", 3}, {"License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)", 6},
			{"License :: OSI Approved :: MIT License", 8}}},
		{"setup.cfg one-line classifier and a bare name", "setup.cfg", "[metadata]\nlicense: GPL\nclassifiers = License :: OSI Approved :: BSD License\n",
			[]Declared{{"GPL", 2}, {"License :: OSI Approved :: BSD License", 3}}},
		{"setup.cfg license outside [metadata] is not the package's", "setup.cfg", "[tool:pytest]\nlicense = MIT\n", nil},
		{"setup.py keywords", "setup.py", `from setuptools import setup

setup(
    name="x",
    license='GPL (>= 3)',
    classifiers=[
        "Intended Audience :: Healthcare Industry",
        "License :: OSI Approved :: Apache Software License",  # the licence
        'License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)',
    ],
)
`, []Declared{{"GPL (>= 3)", 5}, {"License :: OSI Approved :: Apache Software License", 8},
			{"License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)", 9}}},
		{"setup.py CLASSIFIERS list", "setup.py", `CLASSIFIERS = [
    "License :: OSI Approved :: GNU General Public License v3 (GPLv3)",
]
setup(name="x", classifiers=CLASSIFIERS, license_expression="GPL-3.0-only")
`, []Declared{{"License :: OSI Approved :: GNU General Public License v3 (GPLv3)", 2}, {"GPL-3.0-only", 4}}},
		{"pyproject [project] license string and classifiers", "pyproject.toml", `[project]
name = "x"
license = "EUPL-1.2"
classifiers = [
  "Topic :: Scientific/Engineering",
  "License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)",
]
`, []Declared{{"EUPL-1.2", 3}, {"License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)", 6}}},
		{"pyproject [project] license table", "pyproject.toml", "[project]\nname = \"x\"\nlicense = {text = \"new BSD\"}\n",
			[]Declared{{"new BSD", 3}}},
		{"pyproject [project] license file", "pyproject.toml", "[project]\nname = \"x\"\nlicense = {file = \"LICENSE\"}\n",
			[]Declared{{"file:LICENSE", 3}}},
		{"pyproject Poetry", "pyproject.toml", `[tool.poetry]
name = "x"
license = "LGPL-3"
classifiers = ["License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)"]
`, []Declared{{"LGPL-3", 3}, {"License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)", 4}}},
		{"pyproject Flit", "pyproject.toml", `[tool.flit.metadata]
module = "x"
license = "Apache 2.0"
classifiers = ["License :: OSI Approved :: Apache Software License"]
`, []Declared{{"Apache 2.0", 3}, {"License :: OSI Approved :: Apache Software License", 4}}},
		{"DESCRIPTION", "DESCRIPTION", "Package: x\nVersion: 1.0\nLicense: MIT + file LICENSE\n", []Declared{{"MIT + file LICENSE", 3}}},
		{"DESCRIPTION with a version constraint", "DESCRIPTION", "Package: x\nLicense: GPL (>= 2)\n", []Declared{{"GPL (>= 2)", 2}}},
		{"DESCRIPTION over two lines", "DESCRIPTION", "Package: x\nLicense: GPL-2 |\n    GPL-3\nImports: y\n", []Declared{{"GPL-2 | GPL-3", 2}}},
	}
	for _, tt := range tests {
		f, err := Parse(tt.path, []byte(tt.content))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, f.Licenses); diff != "" {
			t.Errorf("%s: Licenses mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}
