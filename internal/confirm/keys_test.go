package confirm

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

func TestParseKeysGood(t *testing.T) {
	k1 := bytes.Repeat([]byte{0xfb}, 32) // 0xfb… gives '+' and '/' (std) or '-' and '_' (URL)
	k2 := bytes.Repeat([]byte{0x01, 0xff}, 24)
	k3 := append(bytes.Repeat([]byte{0x3e}, 32), 0x01) // 33 bytes: needs padding
	spec := " " + base64.StdEncoding.EncodeToString(k1) + " ,, " +
		base64.RawURLEncoding.EncodeToString(k2) + "," +
		base64.URLEncoding.EncodeToString(k3) + ",\t" +
		base64.RawStdEncoding.EncodeToString(k3) + " , "
	keys, err := ParseKeys(spec)
	if err != nil {
		t.Fatalf("ParseKeys: %v", err)
	}
	want := [][]byte{k1, k2, k3, k3}
	if len(keys) != len(want) {
		t.Fatalf("got %d keys, want %d", len(keys), len(want))
	}
	for i := range want {
		if !bytes.Equal(keys[i], want[i]) {
			t.Errorf("key %d = %x, want %x", i, keys[i], want[i])
		}
	}
	if _, err := New(Options{Keys: keys}); err != nil {
		t.Fatalf("New with parsed keys: %v", err)
	}
}

func TestParseKeysGenerated(t *testing.T) {
	a, b := GenerateKey(), GenerateKey()
	if a == b {
		t.Fatal("GenerateKey returned the same key twice")
	}
	keys, err := ParseKeys(a + "," + b)
	if err != nil || len(keys) != 2 || len(keys[0]) != 32 {
		t.Fatalf("ParseKeys(generated) = %d keys, %v", len(keys), err)
	}
}

func TestParseKeysBad(t *testing.T) {
	good := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{9}, 32))
	short := base64.StdEncoding.EncodeToString([]byte("only-sixteen-byt"))
	badB64 := "this is not base64!!"
	mixed := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xfb}, 32))
	mixed = strings.Replace(mixed, "+", "-", 1) // one URL-alphabet char in a std-alphabet key
	cases := []struct {
		name, spec string
		want       []string
		secret     string
	}{
		{"empty", "", []string{"no usable key", "empty"}, ""},
		{"blank entries", " , , ", []string{"no usable key", "empty"}, ""},
		{"short key", short, []string{"no usable key", "entry 1", "16 bytes", "at least 32"}, short},
		{"bad base64", badB64, []string{"no usable key", "entry 1", "base64"}, badB64},
		{"mixed alphabets", mixed, []string{"no usable key", "base64"}, mixed},
		{"good then short", good + "," + short, []string{"entry 2", "16 bytes"}, short},
		{"good then bad", good + ", ," + badB64, []string{"entry 3", "base64"}, badB64},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			keys, err := ParseKeys(tc.spec)
			if err == nil {
				t.Fatalf("ParseKeys(%q) = %d keys, want an error", tc.spec, len(keys))
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), good) || (tc.secret != "" && strings.Contains(err.Error(), tc.secret)) {
				t.Errorf("error %q prints key material", err)
			}
		})
	}
}
