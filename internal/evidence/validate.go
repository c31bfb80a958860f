package evidence

import (
	"errors"
	"maps"

	"github.com/dpgcheck/dpgcheck/internal/openapi"
)

// validator checks OpenAPI descriptions against the specification on a
// goroutine beside the walk: kin-openapi's validation was a fifth of the
// walk of a repository with many descriptions (X-Road). A description is
// validated with the files its parse read for $refs; one that asks for
// another file is validated again after the walk, through the walk's
// reader, as it would have been during the walk. Results are set on the
// specs only in finish, so nothing reads them half-written.
type validator struct {
	run beside // a goroutine of its own, not the one parsing and scanning files
	all []*validation
}

type validation struct {
	spec    *APISpec
	data    []byte
	invalid []openapi.Defect
	missing bool // asked for a file its parse had not read
}

var errNotRead = errors.New("not read before validation")

func (v *validator) start() { v.run.start() }

// add queues spec, whose document is data, for validation.
func (v *validator) add(spec *APISpec, data []byte, refs *specRefs) {
	j := &validation{spec: spec, data: data}
	v.all = append(v.all, j)
	if !v.run.running() { // validate now, as the walk reads
		j.invalid = openapi.ValidateWith(spec.Path, data, refs.read)
		return
	}
	files := maps.Clone(refs.files)
	v.run.do(func() {
		j.invalid = openapi.ValidateWith(spec.Path, data, func(p string) ([]byte, error) {
			if data, ok := files[p]; ok {
				return data, nil
			}
			j.missing = true
			return nil, errNotRead
		})
	})
}

// stop ends the goroutine; finish or not, it is no longer running after.
func (v *validator) stop() { v.run.wait() }

// finish waits for the validations and sets their results, in the walk's
// order, validating again with read those that needed another file.
func (v *validator) finish(read openapi.FileReader) {
	v.stop()
	for _, j := range v.all {
		if j.missing {
			j.invalid = openapi.ValidateWith(j.spec.Path, j.data, read)
		}
		j.spec.Invalid, j.spec.Validated = j.invalid, true
	}
	v.all = nil
}
