package confirm

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// MinKeyLen is the minimum length, in bytes, of a key-ring key.
const MinKeyLen = 32

var keyEncodings = []*base64.Encoding{
	base64.StdEncoding.Strict(),
	base64.RawStdEncoding.Strict(),
	base64.URLEncoding.Strict(),
	base64.RawURLEncoding.Strict(),
}

// ParseKeys reads a key ring spec: comma-separated keys, each the base64 (standard or URL alphabet, padded or not) of at
// least 32 bytes. Blank entries are ignored. The order is kept: the first key signs, all keys verify.
//
// A spec with no usable key fails with an error starting "no usable key"; any unusable entry fails the whole spec (a
// typo must not silently drop a key). Errors name the entry by position and the problem, never the key material.
func ParseKeys(spec string) ([][]byte, error) {
	entries := strings.Split(spec, ",")
	var keys [][]byte
	var problems []string
	total := 0
	for i, e := range entries {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		total++
		k, err := decodeKey(e)
		if err != nil {
			problems = append(problems, fmt.Sprintf("entry %d: %v", i+1, err))
			continue
		}
		keys = append(keys, k)
	}
	switch {
	case total == 0:
		return nil, errors.New("no usable key: the key ring is empty (expected comma-separated base64 keys of at least 32 bytes each)")
	case len(keys) == 0:
		return nil, fmt.Errorf("no usable key in the key ring: %s", strings.Join(problems, "; "))
	case len(problems) > 0:
		return nil, fmt.Errorf("unusable key in the key ring (fix or remove it): %s", strings.Join(problems, "; "))
	}
	return keys, nil
}

func decodeKey(s string) ([]byte, error) {
	for _, enc := range keyEncodings {
		if k, err := enc.DecodeString(s); err == nil {
			if len(k) < MinKeyLen {
				return nil, fmt.Errorf("decodes to %d bytes, need at least %d", len(k), MinKeyLen)
			}
			return k, nil
		}
	}
	return nil, errors.New("not valid base64 (standard or URL alphabet, padded or not)")
}

// GenerateKey returns a new random 32-byte key, standard base64, suitable as a key-ring entry for [ParseKeys].
func GenerateKey() string {
	k := make([]byte, MinKeyLen)
	mustRandom(k)
	return base64.StdEncoding.EncodeToString(k)
}
