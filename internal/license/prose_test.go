package license

import (
	"testing"
)

// TestIdentifyShortNotices reads the short notices seen on certified DPGs, in
// LICENSE files and README licence sections, to the exact expression (the
// corpus compares families only). Identify runs without licensecheck's
// matches here: these texts have none.
func TestIdentifyShortNotices(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text, want string
		line             int
	}{
		{"GNU AGPL v3 notice", "This program is free software: you can redistribute it and/or modify it under the terms of the GNU AGPL v3 License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version.", "AGPL-3.0-or-later", 1},
		{"GNU notice without a version in the name", "Copyright (C) 2024 Example\n\nThis program is free software: you can redistribute it and/or modify\nit under the terms of the GNU Affero General Public License as published\nby the Free Software Foundation, either version 3 of the License, or\n(at your option) any later version.\n", "AGPL-3.0-or-later", 3},
		{"GNU notice, GPL 2 or later", "This program is free software; you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation; either version 2 of the License, or (at your option) any later version.", "GPL-2.0-or-later", 1},
		{"under the terms of, no verb", "under the terms of the GNU Affero General Public License v3", "AGPL-3.0-only", 1},
		{"modify it under the terms of", "Example is free software: you can redistribute it and/or modify it under the terms of the GNU Affero General Public License v3.", "AGPL-3.0-only", 1},
		{"name wrapped in a comment", "# This file is distributed under the terms of the GNU Affero\n# General Public License v3.\n", "AGPL-3.0-only", 1},
		{"GNU GPL v3", "Licensed under the GNU GPL v3", "GPL-3.0-only", 1},
		{"GNU LGPL version 3", "Released under the GNU LGPL version 3.", "LGPL-3.0-only", 1},
		{"MPL 2.0 in a sentence", "This project is licensed under the Mozilla Public License 2.0.", "MPL-2.0", 1},
		{"MPL 2.0 alone", "MPL 2.0\n", "MPL-2.0", 1},
		{"name with a holder", "## License\n\nMIT © [Example](https://example.org)\n", "MIT", 3},
		{"label and link", "## Licence\n\n**License:** [Apache 2.0](LICENSE)\n\nSee [LICENSE](LICENSE) for the full text.\n", "Apache-2.0", 3},
		{"GPL without version", "This software is licensed under the GPL.", "LicenseRef-GPL-unversioned", 1},
		{"version stated in the next sentence only", "Licensed under the GPL v3. Older releases were under the GPL v2 or later.", "GPL-3.0-only", 1},
		{"CeCILL header", "This software is governed by the CeCILL-B license under French law.", "CECILL-B", 1},
		{"project, then a dependency", "Example is licensed under the GNU AGPL v3. It uses jQuery, which is released under the MIT license.", "AGPL-3.0-only", 1},
	}
	for _, tt := range tests {
		id := Identify([]byte(tt.text), nil)
		got := ""
		if id.Expr != nil {
			got = id.Expr.String()
		}
		if got != tt.want || id.Line != tt.line || id.How != "prose" {
			t.Errorf("%s: Identify = %q line %d (%s), want %q line %d (prose)", tt.name, got, id.Line, id.How, tt.want, tt.line)
		}
	}
}

// TestIdentifyMentionsAreNotDeclarations: a licence named for a component, a
// name over a bespoke grant, or a word that is also an id declares nothing.
func TestIdentifyMentionsAreNotDeclarations(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		"This project uses jQuery (MIT).",
		"## License\n\nThis project uses jQuery (MIT) and Leaflet, which is released under the BSD-2-Clause license.\n",
		"The maps show OpenStreetMap data, which is available under the Open Database License.",
		"The icons are derived from Font Awesome, licensed under CC BY 4.0.",
		"MIT License\n\nCopyright (c) 2024 Example\n\nPermission is granted to use this software for non-commercial purposes only.\n",
		"## License\n\nFair\n",
		"## License\n\nAll rights reserved.\n",
		"## License\n\nMIT\n\nCommercial use requires a separate licence.\n",
		"Released under the hood of the ministry.",
	} {
		if id := Identify([]byte(text), nil); id.Expr != nil {
			t.Errorf("Identify(%q) = %s (%s), want nothing", text, id.Expr, id.How)
		}
	}
}

func FuzzIdentifyWithoutMatches(f *testing.F) {
	for _, s := range []string{"Licensed under the GNU GPL v3", "MPL 2.0", "## License\n\nMIT © X\n",
		"modify it under the terms of the GNU AGPL v3 License, either version 3 of the License, or (at your option) any later version.",
		"under the terms of the\n# GNU\n\n", "released under the GPL. v. Inc. version 9", "[a](b)[c](d)](", "License:\n**", "\r\n\r\n\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		id := Identify(data, nil)
		if id.Expr == nil {
			return
		}
		if id.Line < 1 || id.Line > len(data)+1 {
			t.Fatalf("line %d for a text of %d bytes", id.Line, len(data))
		}
		if _, err := ParseExpr(id.Expr.String()); err != nil {
			t.Fatalf("Identify = %q, which does not parse: %v", id.Expr, err)
		}
	})
}
