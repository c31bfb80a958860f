package gitfs

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strconv"
)

// Hash is a SHA-1 object name.
type Hash [20]byte

// hashHexLen is the length of a hash written in hexadecimal.
const hashHexLen = 2 * len(Hash{})

// ParseHash parses a full 40-digit hexadecimal object name.
func ParseHash(s string) (Hash, error) {
	var h Hash
	if len(s) != hashHexLen {
		return h, fmt.Errorf("gitfs: object name %s: want %d hexadecimal digits", strconv.QuoteToASCII(cut(s, 64)), hashHexLen)
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return h, fmt.Errorf("gitfs: object name %s: not hexadecimal", strconv.QuoteToASCII(s))
	}
	return h, nil
}

// String returns the hash in lower-case hexadecimal.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// IsZero reports whether h is the all-zero hash, which names no object.
func (h Hash) IsZero() bool { return h == Hash{} }

// isHashHex reports whether s is a full hexadecimal object name.
func isHashHex(s string) bool {
	if len(s) != hashHexLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// hashObject returns the name git gives an object of type t with content data.
func hashObject(t objectType, data []byte) Hash {
	d := sha1.New()
	d.Write([]byte(t.String()))
	d.Write([]byte{' '})
	d.Write(strconv.AppendInt(nil, int64(len(data)), 10))
	d.Write([]byte{0})
	d.Write(data)
	var h Hash
	d.Sum(h[:0])
	return h
}

// cut shortens s to at most n bytes for an error message.
func cut(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
