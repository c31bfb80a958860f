package evidence

import (
	"regexp"
	"strings"
)

// nonRootImages are base images whose default user is documented as
// unprivileged: nginx's unprivileged build (uid 101) and the :nonroot tags
// of distroless and similar images (uid 65532).
var nonRootImages = []*regexp.Regexp{
	regexp.MustCompile(`^([a-z0-9.-]+/)?nginxinc/nginx-unprivileged(:|@|$)`),
	regexp.MustCompile(`:[^/@]*nonroot`),
}

// KnownNonRootImage reports whether a base image reference runs as an
// unprivileged user when the Dockerfile sets no USER.
func KnownNonRootImage(ref string) bool {
	ref = strings.ToLower(strings.TrimSpace(ref))
	for _, re := range nonRootImages {
		if re.MatchString(ref) {
			return true
		}
	}
	return false
}
