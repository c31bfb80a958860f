package license

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFindCopyrights(t *testing.T) {
	t.Parallel()
	text := `MIT License

Copyright (c) 2019-2024 Example Foundation. All rights reserved.
Copyright © 2023 Jane Doe <jane@example.org>
// Copyright 2021 The Go Authors.
# SPDX-FileCopyrightText: 2024 OpenCRVS (Plan International)
The above copyright notice and this permission notice shall be included
Copyright [yyyy] [name of copyright owner]
Copyright (C) <year>  <name of author>
Copyright (c) <year> <copyright holders>
copyright law
Copyright (c) 2019-2024 Example Foundation
### ©️ Open source - licence
`
	want := []Copyright{
		{Holder: "Example Foundation", Line: 3},
		{Holder: "Jane Doe <jane@example.org>", Line: 4},
		{Holder: "The Go Authors", Line: 5},
		{Holder: "OpenCRVS (Plan International)", Line: 6},
	}
	if diff := cmp.Diff(want, FindCopyrights([]byte(text))); diff != "" {
		t.Errorf("FindCopyrights mismatch (-want +got):\n%s", diff)
	}
}

// TestFindCopyrightsIgnoresLicenceTexts runs FindCopyrights over the full
// texts of the licence corpus that carry no project notice: the licence
// authors' own lines (the FSF's, MongoDB's, MariaDB's, the Perl Foundation's,
// ISC's, JSON.org's) and the templates' placeholders (Apache-2.0's, MIT's,
// 0BSD's, the GNU "How to apply" appendices) are not a project's holder.
func TestFindCopyrightsIgnoresLicenceTexts(t *testing.T) {
	t.Parallel()
	n := 0
	for _, c := range loadCorpus(t) {
		if !strings.HasSuffix(c.name, "-plain") && !strings.HasSuffix(c.name, "-markdown-reflow") && !slices.Contains(sourceAvailableTexts, c.name) {
			continue
		}
		n++
		if got := FindCopyrights(c.text); len(got) > 0 {
			t.Errorf("%s: FindCopyrights = %+v, want none", c.name, got)
		}
	}
	if n < 40 {
		t.Errorf("only %d licence texts checked", n)
	}
}

// sourceAvailableTexts are corpus files holding a licence text alone.
var sourceAvailableTexts = []string{"sspl-1.0", "busl-1.1", "elastic-2.0", "polyform-noncommercial-1.0.0",
	"polyform-small-business-1.0.0", "polyform-shield", "apache-commons-clause", "cc-by-nc-4.0", "cc-by-nc-nd-4.0",
	"cc-by-nd-4.0", "confluent-community", "n8n-sustainable-use", "rsal", "json", "hippocratic-2.1"}

func TestFindCopyrightsLicenceAuthors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       []Copyright
	}{
		{"GPL-3.0 header", "GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n\nCopyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>\nEveryone is permitted to copy and distribute verbatim copies\nof this license document, but changing it is not allowed.\n", nil},
		{"GPL-2.0 header", "Copyright (C) 1989, 1991 Free Software Foundation, Inc.,\n51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA\n", nil},
		{"LGPL-2.1 header", "Copyright (C) 1991, 1999 Free Software Foundation, Inc.\n", nil},
		{"a GNU project's own notice stays", "Copyright (C) 2015-2024 Free Software Foundation, Inc.\n", []Copyright{{"Free Software Foundation, Inc", 1}}},
		{"SSPL", "Server Side Public License\nVERSION 1, OCTOBER 16, 2018\n\nCopyright © 2018 MongoDB, Inc.\n", nil},
		{"MongoDB's own code stays", "// Copyright (C) 2018-present MongoDB, Inc.\n", []Copyright{{"MongoDB, Inc", 1}}},
		{"BUSL reflowed", "License text\ncopyright (c) 2017 MariaDB Corporation Ab, All Rights Reserved.\n\"Business Source License\" is a trademark of MariaDB Corporation Ab.\n", nil},
		{"MariaDB's own code stays", "Copyright (c) 2023 MariaDB plc, Finnish Branch\n\nUse of this software is governed by the Business Source License included in the LICENSE.TXT file\n", []Copyright{{"MariaDB plc, Finnish Branch", 1}}},
		{"Artistic-2.0", "Copyright (c) 2000-2006, The Perl Foundation.\n\nEveryone is permitted to copy and distribute verbatim copies of this license document, but changing it is not allowed.\n", nil},
		{"WTFPL", "Copyright (C) 2004 Sam Hocevar <sam@hocevar.net>\n", nil},
		{"Apache-2.0 appendix", "   Copyright [yyyy] [name of copyright owner]\n", nil},
		{"MIT template", "Copyright (c) <year> <copyright holders>\n", nil},
		{"0BSD template", "Copyright (C) YEAR by AUTHOR EMAIL\n", nil},
		{"PolyForm example", "Required Notice: Copyright Yoyodyne, Inc. (http://example.com)\nCopyright Yoyodyne, Inc.\n", nil},
		{"sentence starting with the word", "\"Copyright\" also means copyright-like laws that apply to other kinds of works.\ncopyright treaty adopted on 20 December 1996, or similar laws\nCopyright Status\n", nil},
		{"a licence sentence after the holder", "Copyright 2026 Example AI. Licensed under the Elastic License 2.0 (ELv2).\n", []Copyright{{"Example AI", 1}}},
		{"SPDX tag with a handle", "SPDX-FileCopyrightText: jdoe\n", []Copyright{{"jdoe", 1}}},
		{"a holder without a year", "Copyright Example Foundation\n", []Copyright{{"Example Foundation", 1}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, FindCopyrights([]byte(tt.text))); diff != "" {
			t.Errorf("%s: FindCopyrights mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestFindSPDXTags(t *testing.T) {
	t.Parallel()
	text := "// Copyright 2024 X\n// SPDX-License-Identifier: Apache-2.0\n/* SPDX-License-Identifier: MIT OR GPL-2.0+ */\n<!-- SPDX-License-Identifier: CC-BY-4.0 -->\n"
	want := []Tag{{"Apache-2.0", 2}, {"MIT OR GPL-2.0+", 3}, {"CC-BY-4.0", 4}}
	if diff := cmp.Diff(want, FindSPDXTags([]byte(text))); diff != "" {
		t.Errorf("FindSPDXTags mismatch (-want +got):\n%s", diff)
	}
}

func FuzzFindCopyrights(f *testing.F) {
	f.Add([]byte("Copyright (c) 2024 Example\n"))
	f.Add([]byte("© \n(c) by x\nSPDX-FileCopyrightText:"))
	f.Add([]byte("Copyright (C) 2007 Free Software Foundation, Inc.\nEveryone is permitted to copy and distribute verbatim copies\n"))
	f.Add([]byte("copyright (c) 2017 MariaDB\n\"Business Source License\" is a trademark of MariaDB"))
	f.Add([]byte("Copyright treaty adopted on 20 December 1996\nCopyright 1989,1991 x. Licensed under"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, c := range FindCopyrights(data) {
			if c.Holder == "" || c.Line < 1 {
				t.Fatalf("empty holder or bad line: %+v", c)
			}
		}
		for _, tag := range FindSPDXTags(data) {
			if tag.Expr == "" || tag.Line < 1 {
				t.Fatalf("empty tag or bad line: %+v", tag)
			}
		}
	})
}
