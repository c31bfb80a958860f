package evidence

import (
	"testing"

	"github.com/dpgcheck/dpgcheck/internal/markup"
)

func TestProseBlanksCodeBlocks(t *testing.T) {
	text := "# Tool\n\nExports nothing.\n\n```\n$ tool --dump\nexport all records as CSV\n```\nAfter the block.\nlast line\n"
	d := markup.Parse(markup.Markdown, text)
	got := proseOf(text, d.Code)
	want := "# Tool\n\nExports nothing.\n\n\n\n\n\nAfter the block.\nlast line\n"
	if got != want {
		t.Errorf("proseOf:\n got %q\nwant %q", got, want)
	}
	if plain := "no code here\n"; proseOf(plain, nil) != plain {
		t.Error("text without code blocks must be returned unchanged")
	}
}
