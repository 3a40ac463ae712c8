package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"time"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// secretKeys are argument names whose values an audit line never shows.
// Matching is by whole name (and the suffixes below), never by substring:
// "keywords" is an ordinary argument, "api_key" is not.
var secretKeys = map[string]bool{
	"secret": true, "client_secret": true, "password": true, "passwd": true, "passphrase": true,
	"token": true, "access_token": true, "refresh_token": true, "confirmation_token": true,
	"api_key": true, "apikey": true, "private_key": true, "authorization": true,
	"psk": true, "pre_shared_key": true, "preshared_key": true, "presharedkey": true, // ZIA VPN credentials' preSharedKey
	"otp": true, "totp": true,
	"cert_blob": true, "certblob": true, // ZPA's browser access certificate upload: the PEM carries the private key
}

var secretSuffixes = []string{"_secret", "_password", "_token", "_psk"}

func isSecretKey(k string) bool {
	k = strings.ToLower(k)
	if secretKeys[k] {
		return true
	}
	for _, s := range secretSuffixes {
		if strings.HasSuffix(k, s) {
			return true
		}
	}
	return false
}

// redact returns v with the values of secret keys replaced, at any depth.
func redact(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if isSecretKey(k) {
				out[k] = "[REDACTED]"
			} else {
				out[k] = redact(val)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = redact(e)
		}
		return out
	case string:
		// The reference server's agents pass kwargs as JSON text.
		if t := strings.TrimSpace(x); strings.HasPrefix(t, "{") {
			var inner map[string]any
			if json.Unmarshal([]byte(t), &inner) == nil {
				b, _ := json.Marshal(redact(inner))
				return string(b)
			}
		}
	}
	return v
}

type callerKey struct{}

// WithCaller records who is calling (an authenticated identity), for the
// audit line and for bindings that depend on the caller.
func WithCaller(ctx context.Context, caller string) context.Context {
	return context.WithValue(ctx, callerKey{}, caller)
}

// Caller is the identity WithCaller recorded, or "".
func Caller(ctx context.Context) string {
	c, _ := ctx.Value(callerKey{}).(string)
	return c
}

// audit writes the one line a tool call leaves: what was asked, by whom,
// how it ended and how long it took. Never the response itself.
func (s *Server) audit(ctx context.Context, t *catalog.Tool, args json.RawMessage, res *catalog.Result, took time.Duration) {
	var decoded any
	dec := json.NewDecoder(bytes.NewReader(args))
	dec.UseNumber()
	if len(bytes.TrimSpace(args)) > 0 && dec.Decode(&decoded) != nil {
		decoded = "(not JSON)"
	}
	argText, _ := json.Marshal(redact(decoded))
	attrs := []any{
		"tool", t.Name, "action", string(t.Action), "caller", Caller(ctx),
		"arguments", string(argText), "duration_ms", took.Milliseconds(),
	}
	if res.Error != "" {
		attrs = append(attrs, "outcome", "error")
	} else {
		attrs = append(attrs, "outcome", "ok")
		if res.Records != nil {
			attrs = append(attrs, "rows", len(res.Records))
		}
	}
	s.audits.Info("tool call", attrs...)
}

func auditLogger(l *slog.Logger) *slog.Logger {
	return l.With("logger", "zscaler_mcp.audit")
}
