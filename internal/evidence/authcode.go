package evidence

import (
	"bytes"

	"github.com/dpgcheck/dpgcheck/internal/lazyregexp"
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
	re     *lazyregexp.Regexp
}

var authPatterns = []authPattern{
	{"Spring Security", ".authenticated()", lazyregexp.New(`\.authenticated\(\)`)},
	{"Spring method security", "@PreAuthorize", lazyregexp.New(`@PreAuthorize\(`)},
	{"Spring method security", "@Secured", lazyregexp.New(`@Secured\(`)},
	{"Jakarta EE roles", "@RolesAllowed", lazyregexp.New(`@RolesAllowed\(`)},
	{"OIDC login", "oauth2Login", lazyregexp.New(`\.oauth2Login\(`)},
	{"OAuth2 resource server", "oauth2ResourceServer", lazyregexp.New(`\.oauth2ResourceServer\(`)},
	{"Keycloak adapter", "Keycloak", lazyregexp.New(`KeycloakWebSecurityConfigurerAdapter|@KeycloakConfiguration|keycloak\.protect\(|new Keycloak\(`)},
	{"Django REST authentication", "_CLASSES", lazyregexp.New(`DEFAULT_(AUTHENTICATION|PERMISSION)_CLASSES`)},
	{"Django REST authentication", "_classes", lazyregexp.New(`\b(authentication|permission)_classes\s*=`)},
	{"Django login required", "login_required", lazyregexp.New(`@login_required\b`)},
	{"passport", "passport.authenticate", lazyregexp.New(`passport\.authenticate\(`)},
	{"NestJS guard", "@UseGuards", lazyregexp.New(`@UseGuards\(`)},
	{"FastAPI OAuth2", "OAuth2", lazyregexp.New(`OAuth2(PasswordBearer|AuthorizationCodeBearer)\(`)},
	{"ASP.NET authorisation", "[Authorize", lazyregexp.New(`\[Authorize[\](]`)},
	{"Rails authentication", "before_action", lazyregexp.New(`before_action\s+:(authenticate|doorkeeper_authorize)`)},
	{"JWT verification", "jwt", lazyregexp.New(`\bexpressjwt\(|\bjwt\.verify\(|JwtDecoder\b`)},
}

// tokenAuth is code that verifies OAuth2, OpenID Connect or JWT tokens.
var tokenAuth = lazyregexp.New(`\.oauth2Login\(|\.oauth2ResourceServer\(|KeycloakWebSecurityConfigurerAdapter|@KeycloakConfiguration|keycloak\.protect\(|new Keycloak\(|OAuth2(PasswordBearer|AuthorizationCodeBearer)\(|\bexpressjwt\(|\bjwt\.verify\(|JwtDecoder\b|doorkeeper_authorize`)

// maxAuthMarkers bounds what is kept: the rules need a few examples.
const maxAuthMarkers = 20

// findAuthMarkers records code that enforces authentication.
func (b *builder) findAuthMarkers(p string, data []byte) {
	if len(b.repo.AuthMarkers) >= maxAuthMarkers || testSourceFile(p) {
		return
	}
	for _, ap := range authPatterns {
		if !bytes.Contains(data, []byte(ap.needle)) {
			continue
		}
		if loc := ap.re.FindIndex(data); loc != nil {
			b.repo.AuthMarkers = append(b.repo.AuthMarkers, AuthMarker{Path: p, Line: bytes.Count(data[:loc[0]], []byte{'\n'}) + 1, What: ap.what,
				Token: tokenAuth.Match(data)})
			return
		}
	}
}
