package license

import (
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
