package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/zscaler-mcp/zscaler-mcp/internal/config"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inboundauth"
	"github.com/zscaler-mcp/zscaler-mcp/internal/mcpserver"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// inboundAuth builds the HTTP authentication the configuration asks for, or
// nothing in mode none.
func inboundAuth(ctx context.Context, cfg *config.Config, tokenOpts zscaler.Options, logger *slog.Logger) (*inboundauth.Authenticator, error) {
	mode := inboundauth.Mode(cfg.AuthMode)
	if mode == "" {
		mode = inboundauth.ModeNone
	}
	ac := inboundauth.Config{
		Mode: mode, APIKey: cfg.AuthAPIKey,
		JWKSURI: cfg.AuthJWKSURI, Issuer: cfg.AuthIssuer, Audience: cfg.AuthAudience,
		RequiredScopes: cfg.AuthRequiredScopes, TrustPlatformAuth: cfg.TrustPlatformAuth,
		ValidateZscaler: zscalerValidator(tokenOpts),
		Logger:          logger,
	}
	if err := ac.Validate(); err != nil {
		var ce *inboundauth.ConfigError
		if errors.As(err, &ce) {
			return nil, &config.Error{Problems: ce.Problems}
		}
		return nil, &config.Error{Problems: []string{err.Error()}}
	}
	a, err := inboundauth.New(ctx, ac)
	if err != nil {
		return nil, err
	}
	logger.Info("inbound authentication", "mode", string(mode), "details", a.Describe())
	if cfg.TrustPlatformAuth && (mode == inboundauth.ModeAPIKey || mode == inboundauth.ModeZscaler) {
		logger.Warn("ZSCALER_MCP_TRUST_PLATFORM_AUTH is on: a request with no credential at all is served with the container's own; only where the platform (AgentCore IAM or its JWT authorizer) authenticates every caller")
	}
	return a, nil
}

// zscalerValidator checks a caller's OneAPI credentials with one token
// request to the tenant's token endpoint.
func zscalerValidator(base zscaler.Options) func(ctx context.Context, id, secret string) error {
	return func(ctx context.Context, id, secret string) error {
		opts := base
		opts.Credentials = zscaler.Credentials{ClientID: id, ClientSecret: secret}
		opts.Refresh = nil
		c, err := zscaler.New(opts)
		if err != nil {
			return err
		}
		_, err = c.Token(ctx)
		var te *zscaler.TokenError
		if err == nil || (errors.As(err, &te) && te.Status >= 400 && te.Status < 500 && te.Status != 429) {
			return err
		}
		return fmt.Errorf("%w: %v", inboundauth.ErrUnavailable, err)
	}
}

// withCaller turns the authenticated identity into the caller every layer
// below sees (audit lines, confirmation tokens).
func withCaller(a *inboundauth.Authenticator) func(http.Handler) http.Handler {
	if a == nil || a.Mode() == inboundauth.ModeNone {
		return nil
	}
	return func(next http.Handler) http.Handler {
		return a.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if id, ok := inboundauth.FromContext(r.Context()); ok {
				r = r.WithContext(mcpserver.WithCaller(r.Context(), id.Subject))
			}
			next.ServeHTTP(w, r)
		}))
	}
}

// callerAPI calls the Zscaler APIs with the caller's own OneAPI credentials
// when zscaler-mode authentication validated some (one deployment, many
// tenants), and with the container's otherwise. The two are never mixed:
// each caller's credentials get a client of their own.
type callerAPI struct {
	container *zscaler.Client
	base      zscaler.Options
	mu        sync.Mutex
	clients   map[[32]byte]*callerClient
}

type callerClient struct {
	client *zscaler.Client
	used   time.Time
}

func (c *callerAPI) pick(ctx context.Context) (*zscaler.Client, error) {
	id, ok := inboundauth.FromContext(ctx)
	if !ok || id.ZscalerClientID == "" {
		return c.container, nil
	}
	key := sha256.Sum256([]byte(id.ZscalerClientID + "\x00" + id.ZscalerClientSecret))
	c.mu.Lock()
	defer c.mu.Unlock()
	if cc, ok := c.clients[key]; ok {
		cc.used = time.Now()
		return cc.client, nil
	}
	opts := c.base
	opts.Credentials = zscaler.Credentials{ClientID: id.ZscalerClientID, ClientSecret: id.ZscalerClientSecret}
	opts.Refresh = nil
	client, err := zscaler.New(opts)
	if err != nil {
		return nil, err
	}
	if len(c.clients) >= 256 { // forget the least recently used caller
		var oldest [32]byte
		var when time.Time
		for k, v := range c.clients {
			if when.IsZero() || v.used.Before(when) {
				oldest, when = k, v.used
			}
		}
		delete(c.clients, oldest)
	}
	c.clients[key] = &callerClient{client: client, used: time.Now()}
	return client, nil
}

func (c *callerAPI) Do(ctx context.Context, req *zscaler.Request) (*zscaler.Response, error) {
	client, err := c.pick(ctx)
	if err != nil {
		return nil, err
	}
	return client.Do(ctx, req)
}

func (c *callerAPI) List(ctx context.Context, req *zscaler.Request, opts zscaler.ListOptions) (*zscaler.ListResult, error) {
	client, err := c.pick(ctx)
	if err != nil {
		return nil, err
	}
	return client.List(ctx, req, opts)
}
