package download

import (
	"io"
	"strings"
	"testing"
)

func TestCappedReader(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		data string
		cap  int64
		over bool
	}{{"12345", 5, false}, {"123456", 5, true}, {"", 0, false}, {"1", 0, true}} {
		cr := &cappedReader{r: strings.NewReader(c.data), left: c.cap}
		got, err := io.ReadAll(cr)
		if cr.over != c.over || (err != nil) != c.over {
			t.Errorf("%q cap %d: over %v err %v", c.data, c.cap, cr.over, err)
		}
		if !c.over && string(got) != c.data {
			t.Errorf("%q cap %d: read %q", c.data, c.cap, got)
		}
	}
}
