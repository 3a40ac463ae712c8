// Package config resolves the server's configuration from flags and the
// environment (flags win), validates all of it at once, and reports every
// problem together, each naming the variable and the fix.
package config

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
)

// Config is the resolved configuration.
type Config struct {
	Transport string
	Host      string
	Port      int
	Sandbox   bool

	APIBaseURL string
	TokenURL   string

	ClientID     string
	ClientSecret string
	PrivateKey   string
	VanityDomain string
	CustomerID   string
	Cloud        string
	// ZCellCustomerID scopes the ZCell tools; ZCell's customer id is its own.
	ZCellCustomerID string

	Services         []string
	DisabledServices []string
	Toolsets         []string
	DisabledToolsets []string
	DisabledTools    []string
	WriteEnabled     bool
	WriteTools       []string
	NoEntitlements   bool

	LogToolCalls        bool
	DisableSanitization bool
	SkipConfirmations   bool
	ConfirmationTTL     int // seconds
	ConfirmationKeys    string

	// CallTimeout is the seconds one tool call may take, every attempt,
	// retry wait and page included.
	CallTimeout int

	LogLevel string
	// RateLimits is "documented" (queue calls client-side at Zscaler's
	// published limits) or "off" (leave it to the API's 429s).
	RateLimits string

	// HTTP hardening and inbound authentication.
	AllowHTTP             bool
	AllowedHosts          []string
	AllowedOrigins        []string
	DisableHostValidation bool
	AllowedSourceIPs      []string
	TLSCertFile           string
	TLSKeyFile            string
	AuthMode              string
	AuthAPIKey            string
	AuthJWKSURI           string
	AuthIssuer            string
	AuthAudience          []string
	AuthRequiredScopes    []string
	TrustPlatformAuth     bool
	ZscalerCallerCreds    bool
	// Platform is where the server runs when that changes its defaults:
	// PlatformAgentCore in the image built for Amazon Bedrock AgentCore.
	Platform     string
	MaxBodyBytes int64

	SecretName            string
	SecretRefreshInterval int // seconds; 0 = only on refused credentials

	// Origins say where each setting came from, for `zscaler-mcp config`.
	Origins []Origin
}

// PlatformAgentCore is ZSCALER_MCP_PLATFORM in the container image: the
// AgentCore ingress (SigV4 against IAM, or its JWT authorizer) is the only
// way in.
const PlatformAgentCore = "agentcore"

// Transports the server speaks.
const (
	Stdio          = "stdio"
	StreamableHTTP = "streamable-http"
)

type kind int

const (
	text kind = iota
	boolean
	port
	list
	secret
)

// setting is one configuration value: where it comes from and where it goes.
type setting struct {
	env, flag string
	kind      kind
	def       string
	usage     string
	set       func(c *Config, v string) error
}

var settings = []setting{
	{env: "ZSCALER_MCP_TRANSPORT", flag: "transport", def: Stdio, usage: "stdio or streamable-http",
		set: func(c *Config, v string) error {
			v = strings.ToLower(v)
			if v == "http" || v == "streamable_http" {
				v = StreamableHTTP
			}
			if v != Stdio && v != StreamableHTTP {
				return fmt.Errorf("%q is not a transport; use stdio or streamable-http", v)
			}
			c.Transport = v
			return nil
		}},
	{env: "ZSCALER_MCP_HOST", flag: "host", def: "127.0.0.1", usage: "HTTP listen address",
		set: func(c *Config, v string) error { c.Host = v; return nil }},
	{env: "ZSCALER_MCP_PORT", flag: "port", kind: port, def: "8000", usage: "HTTP listen port",
		set: func(c *Config, v string) error { c.Port, _ = strconv.Atoi(v); return nil }},
	{env: "ZSCALER_MCP_SANDBOX", flag: "sandbox", kind: boolean, def: "false", usage: "serve against the embedded demo tenant (no credentials needed)",
		set: func(c *Config, v string) error { c.Sandbox = parseBool(v); return nil }},
	{env: "ZSCALER_API_BASE_URL", flag: "api-base-url", usage: "OneAPI gateway base URL (default: per cloud)",
		set: func(c *Config, v string) error { c.APIBaseURL = v; return checkURL(v) }},
	{env: "ZSCALER_TOKEN_URL", flag: "token-url", usage: "ZIdentity token endpoint URL (default: per cloud and vanity domain)",
		set: func(c *Config, v string) error { c.TokenURL = v; return checkURL(v) }},
	{env: "ZSCALER_CLIENT_ID", set: func(c *Config, v string) error { c.ClientID = v; return nil }},
	{env: "ZSCALER_CLIENT_SECRET", kind: secret, set: func(c *Config, v string) error { c.ClientSecret = v; return nil }},
	{env: "ZSCALER_PRIVATE_KEY", kind: secret, set: setPrivateKey},
	{env: "ZSCALER_VANITY_DOMAIN", set: func(c *Config, v string) error { c.VanityDomain = v; return nil }},
	{env: "ZSCALER_CUSTOMER_ID", set: func(c *Config, v string) error { c.CustomerID = v; return nil }},
	{env: "ZCELL_CUSTOMER_ID", set: func(c *Config, v string) error { c.ZCellCustomerID = v; return nil }},
	{env: "ZSCALER_CLOUD", def: "production", set: func(c *Config, v string) error { c.Cloud = strings.ToLower(v); return nil }},
	{env: "ZSCALER_MCP_WRITE_ENABLED", flag: "enable-write-tools", kind: boolean, def: "false", usage: "write master switch",
		set: func(c *Config, v string) error { c.WriteEnabled = parseBool(v); return nil }},
	{env: "ZSCALER_MCP_WRITE_TOOLS", flag: "write-tools", kind: list, usage: "glob allowlist of write tools",
		set: func(c *Config, v string) error { c.WriteTools = splitList(v); return nil }},
	{env: "ZSCALER_MCP_SERVICES", flag: "services", kind: list, usage: "services to expose (zia, zpa, zdx, zcc, ...); empty = all",
		set: func(c *Config, v string) error { c.Services = splitList(strings.ToLower(v)); return nil }},
	{env: "ZSCALER_MCP_DISABLED_SERVICES", flag: "disabled-services", kind: list, usage: "services to hide; wins over --services",
		set: func(c *Config, v string) error { c.DisabledServices = splitList(strings.ToLower(v)); return nil }},
	{env: "ZSCALER_MCP_TOOLSETS", flag: "toolsets", kind: list, usage: "toolsets to expose; empty = all",
		set: func(c *Config, v string) error { c.Toolsets = splitList(v); return nil }},
	{env: "ZSCALER_MCP_DISABLED_TOOLSETS", flag: "disabled-toolsets", kind: list, usage: "toolsets to hide; wins over --toolsets",
		set: func(c *Config, v string) error { c.DisabledToolsets = splitList(v); return nil }},
	{env: "ZSCALER_MCP_DISABLED_TOOLS", flag: "disabled-tools", kind: list, usage: "globs of tools to hide; win over everything",
		set: func(c *Config, v string) error { c.DisabledTools = splitList(v); return nil }},
	{env: "ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER", flag: "no-entitlement-filter", kind: boolean, def: "false", usage: "do not hide the tools of services the OneAPI token is not entitled to",
		set: func(c *Config, v string) error { c.NoEntitlements = parseBool(v); return nil }},
	{env: "ZSCALER_MCP_LOG_TOOL_CALLS", flag: "log-tool-calls", kind: boolean, def: "false", usage: "one audit line per tool call",
		set: func(c *Config, v string) error { c.LogToolCalls = parseBool(v); return nil }},
	{env: "ZSCALER_MCP_DISABLE_OUTPUT_SANITIZATION", kind: boolean, def: "false",
		set: func(c *Config, v string) error { c.DisableSanitization = parseBool(v); return nil }},
	{env: "ZSCALER_MCP_SKIP_CONFIRMATIONS", kind: boolean, def: "false",
		set: func(c *Config, v string) error { c.SkipConfirmations = parseBool(v); return nil }},
	{env: "ZSCALER_MCP_CONFIRMATION_TTL", def: "300",
		set: func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 86400 {
				return fmt.Errorf("%q is not a number of seconds (1-86400)", v)
			}
			c.ConfirmationTTL = n
			return nil
		}},
	{env: "ZSCALER_MCP_CONFIRMATION_KEYS", kind: secret,
		set: func(c *Config, v string) error { c.ConfirmationKeys = v; return nil }},
	{env: "ZSCALER_MCP_CALL_TIMEOUT", def: "50",
		set: func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			// At most the HTTP server's 5-minute write timeout: a longer
			// call could never deliver its answer over HTTP.
			if err != nil || n < 1 || n > 300 {
				return fmt.Errorf("%q is not a number of seconds (1-300) for one tool call, retries and waits included", v)
			}
			c.CallTimeout = n
			return nil
		}},
	{env: "ZSCALER_MCP_CLIENT_RATE_LIMITS", def: "documented",
		set: func(c *Config, v string) error {
			v = strings.ToLower(v)
			if v != "documented" && v != "off" {
				return fmt.Errorf("%q is not a rate-limit mode; use documented or off", v)
			}
			c.RateLimits = v
			return nil
		}},
	{env: "ZSCALER_MCP_ALLOW_HTTP", kind: boolean, def: "false",
		set: func(c *Config, v string) error { c.AllowHTTP = parseBool(v); return nil }},
	{env: "ZSCALER_MCP_ALLOWED_HOSTS", kind: list,
		set: func(c *Config, v string) error { c.AllowedHosts = splitList(v); return nil }},
	{env: "ZSCALER_MCP_ALLOWED_ORIGINS", kind: list, set: setAllowedOrigins},
	{env: "ZSCALER_MCP_DISABLE_HOST_VALIDATION", kind: boolean, def: "false",
		set: func(c *Config, v string) error { c.DisableHostValidation = parseBool(v); return nil }},
	{env: "ZSCALER_MCP_ALLOWED_SOURCE_IPS", kind: list,
		set: func(c *Config, v string) error { c.AllowedSourceIPs = splitList(v); return nil }},
	{env: "ZSCALER_MCP_TLS_CERTFILE", set: func(c *Config, v string) error { c.TLSCertFile = v; return nil }},
	{env: "ZSCALER_MCP_TLS_KEYFILE", set: func(c *Config, v string) error { c.TLSKeyFile = v; return nil }},
	{env: "ZSCALER_MCP_AUTH_MODE", flag: "auth-mode", usage: "inbound authentication on HTTP: none, api-key, zscaler or jwt (default: none on a loopback bind, required otherwise)",
		set: func(c *Config, v string) error { c.AuthMode = strings.ToLower(v); return nil }},
	{env: "ZSCALER_MCP_AUTH_API_KEY", kind: secret, set: func(c *Config, v string) error { c.AuthAPIKey = v; return nil }},
	{env: "ZSCALER_MCP_AUTH_JWKS_URI", set: func(c *Config, v string) error { c.AuthJWKSURI = v; return checkURL(v) }},
	{env: "ZSCALER_MCP_AUTH_ISSUER", set: func(c *Config, v string) error { c.AuthIssuer = v; return nil }},
	{env: "ZSCALER_MCP_AUTH_AUDIENCE", kind: list, set: func(c *Config, v string) error { c.AuthAudience = splitList(v); return nil }},
	{env: "ZSCALER_MCP_AUTH_REQUIRED_SCOPES", kind: list, set: func(c *Config, v string) error { c.AuthRequiredScopes = splitList(v); return nil }},
	{env: "ZSCALER_MCP_TRUST_PLATFORM_AUTH", kind: boolean, def: "false",
		set: func(c *Config, v string) error { c.TrustPlatformAuth = parseBool(v); return nil }},
	{env: "ZSCALER_MCP_PLATFORM",
		set: func(c *Config, v string) error {
			if v = strings.ToLower(v); v != PlatformAgentCore {
				return fmt.Errorf("%q is not a platform; the only one is %s (set by the container image)", v, PlatformAgentCore)
			}
			c.Platform = v
			return nil
		}},
	{env: "ZSCALER_MCP_AUTH_USE_CALLER_CREDENTIALS", kind: boolean, def: "false",
		set: func(c *Config, v string) error { c.ZscalerCallerCreds = parseBool(v); return nil }},
	{env: "ZSCALER_MCP_MAX_BODY_BYTES", def: "4194304",
		set: func(c *Config, v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 1024 {
				return fmt.Errorf("%q is not a size in bytes (at least 1024)", v)
			}
			c.MaxBodyBytes = n
			return nil
		}},
	{env: "ZSCALER_SECRET_NAME", set: func(c *Config, v string) error { c.SecretName = v; return nil }},
	{env: "ZSCALER_MCP_SECRET_REFRESH_INTERVAL", def: "300",
		set: func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fmt.Errorf("%q is not a number of seconds (0 turns the timer off)", v)
			}
			c.SecretRefreshInterval = n
			return nil
		}},
	{env: "ZSCALER_MCP_LOG_LEVEL", flag: "log-level", def: "info", usage: "debug, info, warn or error",
		set: func(c *Config, v string) error {
			v = strings.ToLower(v)
			switch v {
			case "debug", "info", "warn", "error":
				c.LogLevel = v
				return nil
			}
			return fmt.Errorf("%q is not a log level; use debug, info, warn or error", v)
		}},
}

// setAllowedOrigins takes the Host allowlist's forms ("*", "host", "host:port",
// "host:*"), each optionally with a scheme ("https://app.example.com"). A
// path or query cannot be part of an Origin header, so an entry holding one
// is a mistake that would match nothing.
func setAllowedOrigins(c *Config, v string) error {
	var bad []string
	for _, e := range splitList(v) {
		e = strings.TrimSuffix(e, "/") // as copied from a browser's address bar
		rest := e
		if i := strings.Index(e, "://"); i >= 0 {
			scheme := strings.ToLower(e[:i])
			rest = e[i+3:]
			if scheme != "http" && scheme != "https" {
				bad = append(bad, e)
				continue
			}
		}
		host, _, err := net.SplitHostPort(rest)
		if err != nil {
			host = rest
		}
		// "*" alone is a form; a wildcard inside a name is not, and would match nothing.
		if rest == "" || strings.ContainsAny(rest, "/?#@ ") || (rest != "*" && strings.Contains(host, "*")) {
			bad = append(bad, e)
			continue
		}
		c.AllowedOrigins = append(c.AllowedOrigins, e)
	}
	if len(bad) > 0 {
		return fmt.Errorf("%s: not an origin (use *, host, host:port, host:* or http(s)://host[:port])", strings.Join(bad, ", "))
	}
	return nil
}

// BindFlags declares the flags of the given settings on fs. Commands pick the
// flags they take; the environment names apply everywhere.
func BindFlags(fs *pflag.FlagSet) {
	fs.String("dotenv-path", "", "read settings from this .env file (default: ./.env when it exists)")
	for _, s := range settings {
		if s.flag == "" {
			continue
		}
		usage := s.usage + " (env " + s.env + ")"
		if s.kind == boolean {
			fs.Bool(s.flag, false, usage)
		} else {
			fs.String(s.flag, "", usage)
		}
	}
}

// Lookup finds an environment value; os.LookupEnv in production.
type Lookup func(key string) (string, bool)

// Source is one place settings come from, by environment name.
type Source struct {
	Name   string // "environment", ".env (path)", "secret NAME"
	Lookup Lookup
}

// Environment is the process environment as a Source.
func Environment() Source { return Source{Name: "environment", Lookup: os.LookupEnv} }

// Map is a set of values (a .env file, a secret) as a Source.
func Map(name string, m map[string]string) Source {
	return Source{Name: name, Lookup: func(k string) (string, bool) { v, ok := m[k]; return v, ok }}
}

// Origin says where one setting's value came from.
type Origin struct {
	Env    string `json:"env"`            // the environment name
	Flag   string `json:"flag,omitempty"` // the flag name, if the setting has one
	Value  string `json:"value"`          // the effective value
	From   string `json:"from"`           // "--flag", a Source's name, or "default"
	Secret bool   `json:"secret"`         // mask it when printing
}

// Load resolves every setting: a flag that was set wins, then the first
// source that has the setting, then the default. All problems are returned
// together, each naming the setting and where its value came from.
func Load(fs *pflag.FlagSet, env Lookup) (*Config, error) {
	if env == nil {
		env = os.LookupEnv
	}
	return LoadFrom(fs, Source{Name: "environment", Lookup: env})
}

// LoadFrom is Load with the sources in order of precedence.
func LoadFrom(fs *pflag.FlagSet, sources ...Source) (*Config, error) {
	c := &Config{}
	var problems []string
	for _, s := range settings {
		v, from, ok := s.def, "default", true
		for _, src := range sources {
			if sv, found := src.Lookup(s.env); found && strings.TrimSpace(sv) != "" {
				v, from = strings.TrimSpace(sv), src.Name
				break
			}
		}
		if fs != nil && s.flag != "" {
			if f := fs.Lookup(s.flag); f != nil && f.Changed {
				v, from = f.Value.String(), "--"+s.flag
			}
		}
		c.Origins = append(c.Origins, Origin{Env: s.env, Flag: s.flag, Value: v, From: from, Secret: s.kind == secret})
		where := s.env
		if from != s.env && from != "default" && !strings.HasPrefix(from, "--") {
			where = s.env + " (from " + from + ")"
		} else if strings.HasPrefix(from, "--") {
			where = from
		}
		if err := s.validate(v); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", where, err))
			ok = false
		}
		if ok && v != "" {
			if err := s.set(c, v); err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", where, err))
			}
		}
	}
	if len(problems) > 0 {
		return nil, &Error{Problems: problems}
	}
	return c, nil
}

func (s setting) validate(v string) error {
	switch s.kind {
	case boolean:
		if _, ok := boolValue(v); !ok {
			return fmt.Errorf("%q is not a boolean; use true/false, 1/0 or yes/no", v)
		}
	case port:
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 65535 {
			return fmt.Errorf("%q is not a port number (0-65535; 0 picks a free port)", v)
		}
	}
	return nil
}

// Error lists every configuration problem.
type Error struct{ Problems []string }

func (e *Error) Error() string {
	return "configuration is not valid:\n  - " + strings.Join(e.Problems, "\n  - ")
}

// CheckHTTP applies the bind rules of an HTTP server: plaintext only on
// loopback unless allowed, 0.0.0.0 only with a Host allowlist or Host checks
// explicitly off, TLS files in pairs, an authentication mode chosen on any
// non-loopback bind.
func (c *Config) CheckHTTP() error {
	if c.Transport != StreamableHTTP {
		return nil
	}
	var problems []string
	loopback := isLoopback(c.Host)
	tlsOn := c.TLSCertFile != "" && c.TLSKeyFile != ""
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		problems = append(problems, "Incomplete TLS: set both ZSCALER_MCP_TLS_CERTFILE and ZSCALER_MCP_TLS_KEYFILE")
	}
	for _, f := range []struct{ env, path string }{{"ZSCALER_MCP_TLS_CERTFILE", c.TLSCertFile}, {"ZSCALER_MCP_TLS_KEYFILE", c.TLSKeyFile}} {
		if f.path != "" {
			if _, err := os.Stat(f.path); err != nil {
				problems = append(problems, fmt.Sprintf("%s: %s cannot be read", f.env, f.path))
			}
		}
	}
	if !loopback && !tlsOn && !c.AllowHTTP {
		problems = append(problems, fmt.Sprintf("plaintext HTTP on the non-loopback address %s requires TLS (ZSCALER_MCP_TLS_CERTFILE and ZSCALER_MCP_TLS_KEYFILE) or ZSCALER_MCP_ALLOW_HTTP=true", c.Host))
	}
	if (c.Host == "0.0.0.0" || c.Host == "::" || c.Host == "[::]") && len(c.AllowedHosts) == 0 && !c.DisableHostValidation {
		problems = append(problems, "binding "+c.Host+" needs a Host allowlist (ZSCALER_MCP_ALLOWED_HOSTS) or ZSCALER_MCP_DISABLE_HOST_VALIDATION=true")
	}
	switch c.AuthMode {
	case "", "none", "api-key", "zscaler", "jwt":
	default:
		problems = append(problems, fmt.Sprintf("ZSCALER_MCP_AUTH_MODE %q is not a mode; use one of none, api-key, zscaler, jwt", c.AuthMode))
	}
	if c.AuthMode == "" && !loopback {
		msg := "ZSCALER_MCP_AUTH_MODE must be set when binding a non-loopback address: none, api-key, zscaler or jwt"
		if c.Platform == PlatformAgentCore {
			msg += " (on AgentCore, zscaler is chosen when ZSCALER_VANITY_DOMAIN is configured, in the environment or the secret)"
		}
		problems = append(problems, msg)
	}
	if len(problems) > 0 {
		return &Error{Problems: problems}
	}
	return nil
}

// ChooseAuthMode applies the container's rule when no authentication mode
// is set on AgentCore (ZSCALER_MCP_PLATFORM=agentcore, set by the image):
// the seed's "container-side credential fallback", so that its Method 2
// commands, which set no mode, give a running server. With a vanity domain
// configured the mode is zscaler, and a request that carries no credential
// at all is served with the container's own (ZSCALER_MCP_TRUST_PLATFORM_AUTH,
// unless set explicitly): AWS IAM, which every InvokeAgentRuntime call
// passes, is the boundary. It returns why the mode was chosen, or "" when
// nothing was (a mode set, another platform, stdio, no vanity domain).
// Anywhere else a non-loopback bind without a mode is still refused.
func (c *Config) ChooseAuthMode() string {
	if c.AuthMode != "" || c.Platform != PlatformAgentCore || c.Transport != StreamableHTTP || c.VanityDomain == "" {
		return ""
	}
	c.AuthMode = "zscaler"
	reason := "ZSCALER_MCP_AUTH_MODE is not set, the server runs on AgentCore (ZSCALER_MCP_PLATFORM=agentcore) and ZSCALER_VANITY_DOMAIN is configured"
	if c.origin("ZSCALER_MCP_TRUST_PLATFORM_AUTH") == "default" {
		c.TrustPlatformAuth = true
		return reason + ": callers may send their own OneAPI credentials (X-Zscaler-Client-ID, X-Zscaler-Client-Secret), and a request without any is served with the container's, AWS IAM (InvokeAgentRuntime) being the boundary"
	}
	return reason + ": callers send OneAPI credentials (X-Zscaler-Client-ID, X-Zscaler-Client-Secret); ZSCALER_MCP_TRUST_PLATFORM_AUTH=false keeps requests without any out"
}

// origin says where a setting's value came from ("default" when no source had it).
func (c *Config) origin(env string) string {
	for _, o := range c.Origins {
		if o.Env == env {
			return o.From
		}
	}
	return ""
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// CheckCredentials reports what a server talking to a real tenant lacks.
func (c *Config) CheckCredentials() error {
	if c.Sandbox {
		return nil
	}
	var problems []string
	if c.ClientID == "" {
		problems = append(problems, "ZSCALER_CLIENT_ID is not set: set it to the OneAPI client id from ZIdentity (or use --sandbox to try the demo tenant)")
	}
	if c.ClientSecret == "" && c.PrivateKey == "" {
		problems = append(problems, "neither ZSCALER_CLIENT_SECRET nor ZSCALER_PRIVATE_KEY is set: set one of them")
	}
	if c.VanityDomain == "" && c.TokenURL == "" {
		problems = append(problems, "ZSCALER_VANITY_DOMAIN is not set: set it to your ZIdentity vanity domain (or set ZSCALER_TOKEN_URL)")
	}
	if len(problems) > 0 {
		return &Error{Problems: problems}
	}
	return nil
}

func boolValue(v string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "1", "yes":
		return true, true
	case "false", "0", "no":
		return false, true
	}
	return false, false
}

func parseBool(v string) bool { b, _ := boolValue(v); return b }

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func checkURL(v string) error {
	if !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") {
		return fmt.Errorf("%q is not an http(s) URL", v)
	}
	return nil
}

// setPrivateKey accepts PEM text or the path of a PEM file.
func setPrivateKey(c *Config, v string) error {
	if strings.Contains(v, "-----BEGIN") {
		c.PrivateKey = strings.ReplaceAll(v, `\n`, "\n")
		return nil
	}
	b, err := os.ReadFile(v)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return fmt.Errorf("ZSCALER_PRIVATE_KEY is neither PEM text nor a readable file (%v)", pe.Err)
		}
		return errors.New("ZSCALER_PRIVATE_KEY is neither PEM text nor a readable file")
	}
	c.PrivateKey = string(b)
	return nil
}
