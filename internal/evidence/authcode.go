package evidence

import (
	"bytes"

	"github.com/dpgcheck/dpgcheck/internal/textindex"
)

// AuthMarker is code that enforces authentication or authorisation:
// Spring Security rules, method security annotations, OIDC login, Django
// REST authentication classes, passport or Keycloak middleware.
type AuthMarker struct {
	Path string
	Line int
	What string // "Spring Security", "OIDC login", "Django REST authentication" ...
	// Token is true when the same file verifies OAuth2, OpenID Connect or
	// JWT tokens (an OAuth2 resource server, OIDC login, a JWT decoder,
	// Keycloak), whatever marker was recorded first.
	Token bool
}

type authPattern struct {
	what   string
	needle string
	re     *textindex.Pattern // of fileWords, so that a file's scan rules it out
}

var authPatterns = []authPattern{
	{"Spring Security", ".authenticated()", fileWords.MustCompile(`\.authenticated\(\)`)},
	{"Spring method security", "@PreAuthorize", fileWords.MustCompile(`@PreAuthorize\(`)},
	{"Spring method security", "@Secured", fileWords.MustCompile(`@Secured\(`)},
	{"Jakarta EE roles", "@RolesAllowed", fileWords.MustCompile(`@RolesAllowed\(`)},
	{"OIDC login", "oauth2Login", fileWords.MustCompile(`\.oauth2Login\(`)},
	{"OAuth2 resource server", "oauth2ResourceServer", fileWords.MustCompile(`\.oauth2ResourceServer\(`)},
	{"Keycloak adapter", "Keycloak", fileWords.MustCompile(`KeycloakWebSecurityConfigurerAdapter|@KeycloakConfiguration|keycloak\.protect\(|new Keycloak\(`)},
	{"Django REST authentication", "_CLASSES", fileWords.MustCompile(`DEFAULT_(AUTHENTICATION|PERMISSION)_CLASSES`)},
	{"Django REST authentication", "_classes", fileWords.MustCompile(`\b(authentication|permission)_classes\s*=`)},
	{"Django login required", "login_required", fileWords.MustCompile(`@login_required\b`)},
	{"passport", "passport.authenticate", fileWords.MustCompile(`passport\.authenticate\(`)},
	{"NestJS guard", "@UseGuards", fileWords.MustCompile(`@UseGuards\(`)},
	{"FastAPI OAuth2", "OAuth2", fileWords.MustCompile(`OAuth2(PasswordBearer|AuthorizationCodeBearer)\(`)},
	{"ASP.NET authorisation", "[Authorize", fileWords.MustCompile(`\[Authorize[\](]`)},
	{"Rails authentication", "before_action", fileWords.MustCompile(`before_action\s+:(authenticate|doorkeeper_authorize)`)},
	{"JWT verification", "jwt", fileWords.MustCompile(`\bexpressjwt\(|\bjwt\.verify\(|JwtDecoder\b`)},
}

// tokenAuth is code that verifies OAuth2, OpenID Connect or JWT tokens.
var tokenAuth = fileWords.MustCompile(`\.oauth2Login\(|\.oauth2ResourceServer\(|KeycloakWebSecurityConfigurerAdapter|@KeycloakConfiguration|keycloak\.protect\(|new Keycloak\(|OAuth2(PasswordBearer|AuthorizationCodeBearer)\(|\bexpressjwt\(|\bjwt\.verify\(|JwtDecoder\b|doorkeeper_authorize`)

// maxAuthMarkers bounds what is kept: the rules need a few examples.
const maxAuthMarkers = 20

// authMarkerOf finds code that enforces authentication, and returns what
// records it (nil: nothing found); it reads nothing of the walk.
func authMarkerOf(p string, data []byte, found textindex.Found) func(*builder) {
	if testSourceFile(p) {
		return nil
	}
	for _, ap := range authPatterns {
		if !found.MayMatch(ap.re) || !bytes.Contains(data, []byte(ap.needle)) {
			continue
		}
		if loc := ap.re.Regexp().FindIndex(data); loc != nil {
			m := AuthMarker{Path: p, Line: bytes.Count(data[:loc[0]], []byte{'\n'}) + 1, What: ap.what, Token: found.MayMatch(tokenAuth) && tokenAuth.Regexp().Match(data)}
			return func(b *builder) {
				if len(b.repo.AuthMarkers) < maxAuthMarkers {
					b.repo.AuthMarkers = append(b.repo.AuthMarkers, m)
				}
			}
		}
	}
	return nil
}
