package publiccode

import "github.com/dpgcheck/dpgcheck/internal/lazyregexp"

// versionPattern matches the values of publiccodeYmlVersion that the
// reference parser (italia/publiccode-parser-go) accepts: "0" and 0.2 to 0.7,
// with or without a patch number.
var versionPattern = lazyregexp.New(`^(0|0\.[2-7](\.[0-9]+)?)$`)

func knownVersion(v string) bool { return versionPattern.MatchString(v) }

// maintenanceTypes are the values of maintenance.type.
var maintenanceTypes = map[string]bool{"internal": true, "contract": true, "community": true, "none": true}

// developmentStatuses are the values of developmentStatus.
var developmentStatuses = map[string]bool{"concept": true, "development": true, "beta": true, "stable": true, "obsolete": true}

// softwareTypeList lists the values of softwareType, in the standard's order.
var softwareTypeList = []string{
	"standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web",
	"standalone/backend", "standalone/other", "addon", "library", "configurationFiles",
}

var softwareTypes = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range softwareTypeList {
		m[t] = true
	}
	return m
}()

// deprecatedKey is a key the standard deprecates, with the advice to give.
type deprecatedKey struct {
	path   []string // keys from the root
	name   string   // how the message names the key; the dotted path when ""
	advice string
}

// deprecatedKeys are the deprecations the reference parser warns about.
var deprecatedKeys = []deprecatedKey{
	{[]string{"legal", "repoOwner"}, "", "use organisation.name instead"},
	{[]string{"legal", "authorsFile"}, "", "it can be removed"},
	{[]string{"monochromeLogo"}, "", "use logo instead"},
	{[]string{"inputTypes"}, "", "it can be removed"},
	{[]string{"outputTypes"}, "", "it can be removed"},
	{[]string{"it"}, "the lower-case it key", "country sections use upper-case codes, so write IT instead"},
	{[]string{"IT", "conforme"}, "", "it can be removed"},
	{[]string{"it", "conforme"}, "", "it can be removed"},
	{[]string{"IT", "riuso", "codiceIPA"}, "", "set organisation.uri to urn:x-italian-pa:<code> instead"},
	{[]string{"it", "riuso", "codiceIPA"}, "", "set organisation.uri to urn:x-italian-pa:<code> instead"},
}

// readDeprecatedKeys reports every deprecated key that is present.
func (r *reader) readDeprecatedKeys(top object) {
	for _, d := range deprecatedKeys {
		o := top
		for _, k := range d.path[:len(d.path)-1] {
			if o = o.object(k); o.node == nil {
				break
			}
		}
		last := d.path[len(d.path)-1]
		if line := o.keyLine(last); o.node != nil && line > 0 {
			name := d.name
			if name == "" {
				name = o.sub(last)
			}
			r.problem(line, "%s is deprecated; %s", name, d.advice)
		}
	}
}
