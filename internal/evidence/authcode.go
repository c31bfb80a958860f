package evidence

import (
	"bytes"
	"regexp"
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
	re     *regexp.Regexp
}

var authPatterns = []authPattern{
	{"Spring Security", ".authenticated()", regexp.MustCompile(`\.authenticated\(\)`)},
	{"Spring method security", "@PreAuthorize", regexp.MustCompile(`@PreAuthorize\(`)},
	{"Spring method security", "@Secured", regexp.MustCompile(`@Secured\(`)},
	{"Jakarta EE roles", "@RolesAllowed", regexp.MustCompile(`@RolesAllowed\(`)},
	{"OIDC login", "oauth2Login", regexp.MustCompile(`\.oauth2Login\(`)},
	{"OAuth2 resource server", "oauth2ResourceServer", regexp.MustCompile(`\.oauth2ResourceServer\(`)},
	{"Keycloak adapter", "Keycloak", regexp.MustCompile(`KeycloakWebSecurityConfigurerAdapter|@KeycloakConfiguration|keycloak\.protect\(|new Keycloak\(`)},
	{"Django REST authentication", "_CLASSES", regexp.MustCompile(`DEFAULT_(AUTHENTICATION|PERMISSION)_CLASSES`)},
	{"Django REST authentication", "_classes", regexp.MustCompile(`\b(authentication|permission)_classes\s*=`)},
	{"Django login required", "login_required", regexp.MustCompile(`@login_required\b`)},
	{"passport", "passport.authenticate", regexp.MustCompile(`passport\.authenticate\(`)},
	{"NestJS guard", "@UseGuards", regexp.MustCompile(`@UseGuards\(`)},
	{"FastAPI OAuth2", "OAuth2", regexp.MustCompile(`OAuth2(PasswordBearer|AuthorizationCodeBearer)\(`)},
	{"ASP.NET authorisation", "[Authorize", regexp.MustCompile(`\[Authorize[\](]`)},
	{"Rails authentication", "before_action", regexp.MustCompile(`before_action\s+:(authenticate|doorkeeper_authorize)`)},
	{"JWT verification", "jwt", regexp.MustCompile(`\bexpressjwt\(|\bjwt\.verify\(|JwtDecoder\b`)},
}

// tokenAuth is code that verifies OAuth2, OpenID Connect or JWT tokens.
var tokenAuth = regexp.MustCompile(`\.oauth2Login\(|\.oauth2ResourceServer\(|KeycloakWebSecurityConfigurerAdapter|@KeycloakConfiguration|keycloak\.protect\(|new Keycloak\(|OAuth2(PasswordBearer|AuthorizationCodeBearer)\(|\bexpressjwt\(|\bjwt\.verify\(|JwtDecoder\b|doorkeeper_authorize`)

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
