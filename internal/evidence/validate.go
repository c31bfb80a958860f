package evidence

import (
	"errors"
	"maps"
	"sync"

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
	jobs chan *validation
	done sync.WaitGroup
	all  []*validation
}

type validation struct {
	spec    *APISpec
	data    []byte
	files   map[string][]byte // what the walk had read for $refs
	invalid []openapi.Defect
	missing bool // asked for a file not in files
}

var errNotRead = errors.New("not read before validation")

func (v *validator) start() {
	jobs := make(chan *validation, 64)
	v.jobs = jobs
	v.done.Go(func() {
		for j := range jobs {
			j.invalid = openapi.ValidateWith(j.spec.Path, j.data, func(p string) ([]byte, error) {
				if data, ok := j.files[p]; ok {
					return data, nil
				}
				j.missing = true
				return nil, errNotRead
			})
		}
	})
}

// add queues spec, whose document is data, for validation.
func (v *validator) add(spec *APISpec, data []byte, refs *specRefs) {
	j := &validation{spec: spec, data: data}
	v.all = append(v.all, j)
	if v.jobs == nil { // not started: validate now, as the walk reads
		j.invalid = openapi.ValidateWith(spec.Path, data, refs.read)
		return
	}
	j.files = maps.Clone(refs.files)
	v.jobs <- j
}

// stop ends the goroutine; finish or not, it is no longer running after.
func (v *validator) stop() {
	if v.jobs != nil {
		close(v.jobs)
		v.jobs = nil
		v.done.Wait()
	}
}

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
