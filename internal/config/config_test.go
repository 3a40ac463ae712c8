package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func env(m map[string]string) Lookup {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func flags(t *testing.T, args ...string) *pflag.FlagSet {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	BindFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestDefaults(t *testing.T) {
	c, err := Load(flags(t), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Transport != Stdio || c.Host != "127.0.0.1" || c.Port != 8000 || c.Sandbox || c.WriteEnabled || c.Cloud != "production" || c.RateLimits != "documented" || c.CallTimeout != 50 {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestFlagsBeatEnvironment(t *testing.T) {
	c, err := Load(flags(t, "--port", "9001", "--transport", "streamable-http"),
		env(map[string]string{"ZSCALER_MCP_PORT": "9002", "ZSCALER_MCP_TRANSPORT": "stdio", "ZSCALER_MCP_HOST": "localhost", "ZSCALER_MCP_WRITE_ENABLED": "YES"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != 9001 || c.Transport != StreamableHTTP || c.Host != "localhost" || !c.WriteEnabled {
		t.Fatalf("got %+v", c)
	}
}

func TestEveryProblemIsReportedWithItsName(t *testing.T) {
	_, err := Load(flags(t), env(map[string]string{
		"ZSCALER_MCP_PORT":          "99999",
		"ZSCALER_MCP_SANDBOX":       "on",
		"ZSCALER_MCP_TRANSPORT":     "sse",
		"ZSCALER_API_BASE_URL":      "api.example.com",
		"ZSCALER_MCP_WRITE_ENABLED": "TRUE_",
		"ZSCALER_MCP_CALL_TIMEOUT":  "0",
	}))
	if err == nil {
		t.Fatal("bad configuration accepted")
	}
	msg := err.Error()
	for _, want := range []string{"ZSCALER_MCP_PORT", "ZSCALER_MCP_SANDBOX", "ZSCALER_MCP_TRANSPORT", "ZSCALER_API_BASE_URL", "ZSCALER_MCP_WRITE_ENABLED", "ZSCALER_MCP_CALL_TIMEOUT"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q does not name %s", msg, want)
		}
	}
}

func TestCallTimeout(t *testing.T) {
	c, err := Load(nil, env(map[string]string{"ZSCALER_MCP_CALL_TIMEOUT": " 3 "}))
	if err != nil || c.CallTimeout != 3 {
		t.Fatalf("3: %v, %+v", err, c)
	}
	for _, bad := range []string{"50s", "-1", "301", "1.5"} {
		if _, err := Load(nil, env(map[string]string{"ZSCALER_MCP_CALL_TIMEOUT": bad})); err == nil || !strings.Contains(err.Error(), "ZSCALER_MCP_CALL_TIMEOUT") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestCredentialsCheckNamesWhatIsMissing(t *testing.T) {
	c := &Config{}
	err := c.CheckCredentials()
	if err == nil {
		t.Fatal("missing credentials accepted")
	}
	for _, want := range []string{"ZSCALER_CLIENT_ID", "ZSCALER_CLIENT_SECRET", "ZSCALER_PRIVATE_KEY", "ZSCALER_VANITY_DOMAIN"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not name %s", err, want)
		}
	}
	if err := (&Config{Sandbox: true}).CheckCredentials(); err != nil {
		t.Fatalf("the sandbox needs no credentials: %v", err)
	}
}

func TestPrivateKeyFromFileAndErrorsKeepTheValueOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key.pem")
	pem := "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n"
	if err := os.WriteFile(path, []byte(pem), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(nil, env(map[string]string{"ZSCALER_PRIVATE_KEY": path}))
	if err != nil || c.PrivateKey != pem {
		t.Fatalf("key from file: %v", err)
	}
	_, err = Load(nil, env(map[string]string{"ZSCALER_PRIVATE_KEY": "s3cr3t-not-a-path"}))
	if err == nil || strings.Contains(err.Error(), "s3cr3t") {
		t.Fatalf("error must refuse the value without printing it: %v", err)
	}
}

func TestAllowedOrigins(t *testing.T) {
	c, err := Load(flags(t), env(map[string]string{"ZSCALER_MCP_ALLOWED_ORIGINS": "https://app.example.com/, localhost:*, * , http://[::1]:6274"}))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://app.example.com", "localhost:*", "*", "http://[::1]:6274"}
	if strings.Join(c.AllowedOrigins, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", c.AllowedOrigins, want)
	}
	_, err = Load(flags(t), env(map[string]string{"ZSCALER_MCP_ALLOWED_ORIGINS": "https://app.example.com/path,ftp://x,*.example.com,ok.example"}))
	if err == nil || !strings.Contains(err.Error(), "ZSCALER_MCP_ALLOWED_ORIGINS") ||
		!strings.Contains(err.Error(), "https://app.example.com/path") || !strings.Contains(err.Error(), "ftp://x") || !strings.Contains(err.Error(), "*.example.com") || strings.Contains(err.Error(), "ok.example") {
		t.Fatalf("bad entries: %v", err)
	}
}
