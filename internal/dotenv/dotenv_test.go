package dotenv

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	const pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----"
	cases := []struct {
		name string
		in   string
		want map[string]string
	}{
		{"simple", "A=1\nB=two", map[string]string{"A": "1", "B": "two"}},
		{"empty file", "", map[string]string{}},
		{"blank lines and blanks-only lines", "\n\nA=1\n   \n\t\nB=2\n\n", map[string]string{"A": "1", "B": "2"}},
		{"full-line comments", "# header\n  # indented\nA=1\n#B=2", map[string]string{"A": "1"}},
		{"export prefix", "export A=1\nexport\tB=2\n  export   C = 3", map[string]string{"A": "1", "B": "2", "C": "3"}},
		{"key named export", "export=1\nexporter=2", map[string]string{"export": "1", "exporter": "2"}},
		{"blanks around =", "A = 1\nB\t=\t2  ", map[string]string{"A": "1", "B": "2"}},
		{"empty values", "A=\nB=   \nC=''\nD=\"\"", map[string]string{"A": "", "B": "", "C": "", "D": ""}},
		{"inline comment after blank", "A=value # comment\nB=value\t# tab comment\nC= # only a comment", map[string]string{"A": "value", "B": "value", "C": ""}},
		{"hash without blank is part of the value", "A=val#ue\nB=#notcomment\nC=http://h/#frag", map[string]string{"A": "val#ue", "B": "#notcomment", "C": "http://h/#frag"}},
		{"unquoted keeps inner blanks and quotes", "A=a b  c\nB=it's\nC=say \"hi\"", map[string]string{"A": "a b  c", "B": "it's", "C": "say \"hi\""}},
		{"unquoted keeps backslashes", `A=C:\data\n`, map[string]string{"A": `C:\data\n`}},
		{"equals in value", "A=a=b=c\nB=\"x=y\"", map[string]string{"A": "a=b=c", "B": "x=y"}},
		{"single quotes are literal", `A='a\nb $HOME # not a comment "x"'`, map[string]string{"A": `a\nb $HOME # not a comment "x"`}},
		{"single quotes keep blanks", "A='  padded  '", map[string]string{"A": "  padded  "}},
		{"double-quote escapes", `A="l1\nl2\t\"q\" \\ end\r"`, map[string]string{"A": "l1\nl2\t\"q\" \\ end\r"}},
		{"unknown escape keeps the backslash", `A="C:\data\x"`, map[string]string{"A": `C:\data\x`}},
		{"escaped backslash before quote", `A="a\\" # c`, map[string]string{"A": `a\`}},
		{"hash inside double quotes", `A="a # b"`, map[string]string{"A": "a # b"}},
		{"comment after quoted value", "A=\"v\" # c\nB='w'\t# c\nC=\"x\"#c", map[string]string{"A": "v", "B": "w", "C": "x"}},
		{"multi-line double-quoted PEM", "A=1\nZSCALER_PRIVATE_KEY=\"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\"\nB=2",
			map[string]string{"A": "1", "ZSCALER_PRIVATE_KEY": pem, "B": "2"}},
		{"PEM with \\n escapes on one line", `K="-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----"`,
			map[string]string{"K": pem}},
		{"multi-line single-quoted", "A='x\ny'\nB=2", map[string]string{"A": "x\ny", "B": "2"}},
		{"multi-line with a # line inside", "A=\"x\n# not a comment\ny\"", map[string]string{"A": "x\n# not a comment\ny"}},
		{"comment after multi-line value", "A=\"x\ny\" # done\nB=1", map[string]string{"A": "x\ny", "B": "1"}},
		{"CRLF line ends", "A=1\r\nB=\"x\r\ny\"\r\n# c\r\nC='z' \r\n", map[string]string{"A": "1", "B": "x\ny", "C": "z"}},
		{"byte-order mark", "\ufeffA=1", map[string]string{"A": "1"}},
		{"later assignment wins", "A=1\nA=2", map[string]string{"A": "2"}},
		{"key characters", "_A=1\na_b9=2\nx.y=3", map[string]string{"_A": "1", "a_b9": "2", "x.y": "3"}},
		{"seed variables", "ZSCALER_CLIENT_ID=NOT_SET\nZSCALER_MCP_WRITE_TOOLS=\"zpa_create_*,zia_*\"\nAWS_REGION=us-east-1",
			map[string]string{"ZSCALER_CLIENT_ID": "NOT_SET", "ZSCALER_MCP_WRITE_TOOLS": "zpa_create_*,zia_*", "AWS_REGION": "us-east-1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse("test.env", []byte(tc.in))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	const secret = "hunter2-Vx81"
	cases := []struct {
		name   string
		in     string
		line   int
		reason string
	}{
		{"no equals", "A=1\n# c\n" + secret + "\nB=2", 3, "expected KEY=VALUE"},
		{"export without assignment", "export " + secret, 1, "expected KEY=VALUE"},
		{"empty key", "=" + secret, 1, "invalid variable name"},
		{"key with blank", "MY KEY=" + secret, 1, "invalid variable name"},
		{"key starting with a digit", "\n\n1A=" + secret, 3, "invalid variable name"},
		{"key with dash", "A-B=" + secret, 1, "invalid variable name"},
		{"unterminated double quote", "A=1\nB=\"" + secret + "\nC=3\n", 2, "unterminated quoted value (the closing \" is missing)"},
		{"unterminated single quote", "A='" + secret, 1, "unterminated quoted value (the closing ' is missing)"},
		{"escaped quote does not close", `A="` + secret + `\"`, 1, "unterminated quoted value"},
		{"text after closing quote", "A=1\nB=\"" + secret + "\"x", 2, "unexpected text after the closing quote"},
		{"text after multi-line value", "A=\"l1\nl2\nl3\" " + secret + "\nB=1", 3, "unexpected text after the closing quote"},
		{"line after a multi-line value counts", "A=\"l1\nl2\"\nbroken " + secret, 3, "expected KEY=VALUE"},
		{"CRLF line numbers", "A=1\r\n\r\nbroken " + secret + "\r\n", 3, "expected KEY=VALUE"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse("/srv/app/.env", []byte(tc.in))
			if err == nil {
				t.Fatalf("no error; got %q", got)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err is %T", err)
			}
			if pe.Line != tc.line || pe.Path != "/srv/app/.env" {
				t.Errorf("at %s:%d, want line %d", pe.Path, pe.Line, tc.line)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "/srv/app/.env:") || !strings.Contains(msg, tc.reason) {
				t.Errorf("message %q, want the path, line and %q", msg, tc.reason)
			}
			if strings.Contains(msg, secret) || strings.Contains(msg, "hunter") {
				t.Errorf("message leaks the value: %q", msg)
			}
		})
	}
}

func TestRead(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, ".env")
	content := "# Zscaler\nexport ZSCALER_CLIENT_ID=abc\nZSCALER_PRIVATE_KEY=\"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\"\n"
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"ZSCALER_CLIENT_ID": "abc", "ZSCALER_PRIVATE_KEY": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q", got)
	}

	bad := filepath.Join(dir, "bad.env")
	if err := os.WriteFile(bad, []byte("A=1\nB\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Read(bad)
	if err == nil || err.Error() != bad+":2: expected KEY=VALUE" {
		t.Errorf("err = %v", err)
	}

	if _, err := Read(filepath.Join(dir, "missing.env")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestInsecure(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permission bits")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, ".env")
	if err := os.WriteFile(p, []byte("A=1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mode os.FileMode
		want bool
	}{
		{0o600, false},
		{0o400, false},
		{0o700, false},
		{0o644, true},
		{0o640, true},
		{0o620, true},
		{0o604, true},
		{0o602, true},
		{0o666, true},
		{0o610, false}, // execute only: neither readable nor writable
	} {
		if err := os.Chmod(p, tc.mode); err != nil {
			t.Fatal(err)
		}
		got, err := Insecure(p)
		if err != nil || got != tc.want {
			t.Errorf("Insecure(%#o) = %v, %v; want %v", tc.mode, got, err, tc.want)
		}
	}
	if _, err := Insecure(filepath.Join(dir, "nope")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
