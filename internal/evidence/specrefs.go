package evidence

import (
	"io/fs"
)

// Bounds on the files read for $refs of API descriptions, over the walk.
const (
	maxSpecRefFiles = 256      // distinct files kept for $refs
	capSpecRefs     = 32 << 20 // their bytes, in all
)

// specRefs reads, for the API descriptions of a walk, the other files of
// the repository their $refs point to: through the walk's fs.FS (so never
// outside the root), never an ignored file, each under the spec cap and
// read once however many descriptions refer to it.
type specRefs struct {
	b     *builder
	files map[string][]byte
	bytes int
}

// read is an openapi.FileReader.
func (s *specRefs) read(p string) ([]byte, error) {
	if data, ok := s.files[p]; ok {
		return data, nil
	}
	b := s.b
	if !fs.ValidPath(p) || p == "." || b.opts.Ignore != nil && b.opts.Ignore(p) {
		return nil, fs.ErrNotExist
	}
	if len(s.files) >= maxSpecRefFiles || s.bytes >= capSpecRefs {
		return nil, errTooLarge
	}
	data, err := readCapped(b.fsys, p, capSpec)
	if err != nil {
		return nil, err
	}
	b.repo.Stats.FilesRead++
	b.repo.Stats.BytesRead += int64(len(data))
	if s.files == nil {
		s.files = map[string][]byte{}
	}
	s.files[p] = data
	s.bytes += len(data)
	return data, nil
}
