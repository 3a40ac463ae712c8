package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/zscaler-mcp/zscaler-mcp/internal/buildinfo"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/config"
	"github.com/zscaler-mcp/zscaler-mcp/internal/confirm"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inboundauth"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
	"github.com/zscaler-mcp/zscaler-mcp/internal/mcpserver"
	"github.com/zscaler-mcp/zscaler-mcp/internal/policy"
	"github.com/zscaler-mcp/zscaler-mcp/internal/prompts"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

func newServeCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the MCP server (the default command)",
		Long: "Run the MCP server on stdio (default) or streamable HTTP.\n" +
			"With --sandbox it runs against the embedded demo tenant and needs no credentials.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			loaded, err := loadSettings(cmd.Context(), cmd)
			if err != nil {
				return err
			}
			return serve(cmd.Context(), loaded)
		},
	}
	config.BindFlags(cmd.Flags())
	return cmd
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	// Logs go to stderr: on stdio, stdout belongs to the protocol.
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

// serverLoggerName is the logger of the server's own start-up lines, the
// name the seed's Method 1 verification looks for.
const serverLoggerName = "zscaler_mcp.server"

func serve(ctx context.Context, loaded *settings) error {
	cfg := loaded.cfg
	startedUp := startUpGC()
	logger := newLogger(cfg.LogLevel)
	// At INFO whatever the log level, as the secret's lines: the guide's
	// verification greps for them.
	startup := newLogger("info").With("logger", serverLoggerName)
	startup.Info("Initializing Zscaler MCP Server")
	if why := cfg.ChooseAuthMode(); why != "" {
		startup.Info("inbound authentication mode chosen", "mode", cfg.AuthMode, "reason", why)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	limits := zscaler.DocumentedLimits()
	if cfg.RateLimits == "off" {
		limits = zscaler.Unlimited()
	}
	if cfg.Sandbox {
		url, err := startSandbox(ctx, logger)
		if err != nil {
			return err
		}
		cfg.APIBaseURL, cfg.TokenURL = url, url+"/oauth2/v1/token"
		cfg.ClientID, cfg.ClientSecret, cfg.PrivateKey = sandboxClientID, sandboxClientSecret, ""
		cfg.CustomerID, cfg.ZCellCustomerID = sandboxCustomerID, sandboxCustomerID
		// The demo tenant has no quotas; the documented limits would only slow it down.
		limits = zscaler.Unlimited()
		logger.Info("serving the embedded sandbox tenant", "url", url)
	} else if err := cfg.CheckCredentials(); err != nil {
		return err
	}
	if err := cfg.CheckHTTP(); err != nil {
		return err
	}
	sourceNets, err := mcpserver.ParseSourceIPs(cfg.AllowedSourceIPs)
	if err != nil {
		return &config.Error{Problems: []string{"ZSCALER_MCP_ALLOWED_SOURCE_IPS: " + err.Error()}}
	}

	info := buildinfo.Get()
	clientOpts := zscaler.Options{
		Cloud:        cfg.Cloud,
		VanityDomain: cfg.VanityDomain,
		BaseURL:      cfg.APIBaseURL,
		TokenURL:     cfg.TokenURL,
		Credentials: zscaler.Credentials{
			ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, PrivateKey: cfg.PrivateKey,
		},
		UserAgent: "zscaler-mcp/" + info.Version,
		Limits:    limits,
		Logger:    logger,
		Refresh:   secretRefresher(loaded),
	}
	client, err := zscaler.New(clientOpts)
	if err != nil {
		return err
	}
	// Inbound authentication is settled before anything talks to the tenant,
	// so a misconfigured mode fails at once.
	var authn *inboundauth.Authenticator
	if cfg.Transport == config.StreamableHTTP {
		if authn, err = inboundAuth(ctx, cfg, clientOpts, logger); err != nil {
			return err
		}
	}
	if loaded.store != nil && cfg.SecretRefreshInterval > 0 && !cfg.Sandbox {
		go watchSecret(ctx, loaded, client, time.Duration(cfg.SecretRefreshInterval)*time.Second, logger)
	}

	pc := policyConfig(cfg)
	// The token round trip of the entitlement filter and building the
	// catalogue (one for the policy and the server) overlap: both are
	// start-up work, and neither needs the other.
	entitled := make(chan []zscaler.Service, 1)
	if !cfg.NoEntitlements {
		go func() { entitled <- entitledServices(ctx, client, logger) }()
	} else {
		logger.Info("OneAPI entitlement filter disabled by configuration")
		entitled <- nil
	}
	catalogue := inventory.All()
	pc.Entitled = <-entitled
	resolved := policy.Resolve(catalogue, pc)
	for _, w := range resolved.Warnings {
		logger.Warn(w)
	}
	tools := resolved.Tools
	var api catalog.API = client
	if cfg.ZscalerCallerCreds && cfg.AuthMode == "zscaler" {
		api = &callerAPI{container: client, base: clientOpts, clients: map[[32]byte]*callerClient{}}
		logger.Info("tool calls use each zscaler-mode caller's own OneAPI credentials (ZSCALER_MCP_AUTH_USE_CALLER_CREDENTIALS)")
	}
	confirmer, err := newConfirmer(cfg, logger)
	if err != nil {
		return err
	}
	if cfg.DisableSanitization {
		logger.Warn("ZSCALER_MCP_DISABLE_OUTPUT_SANITIZATION is on: API text reaches the agent unsanitized; use this for debugging only")
	}
	srv := mcpserver.New(mcpserver.Options{
		Version:    info.Version,
		Tools:      tools,
		Exec:       &catalog.Executor{API: api, CustomerID: cfg.CustomerID, ZCellCustomerID: cfg.ZCellCustomerID, Readers: tools},
		Logger:     logger,
		AuditCalls: cfg.LogToolCalls,

		Confirmer:         confirmer,
		SkipConfirmations: cfg.SkipConfirmations,
		Catalogue:         catalogue,
		Dropped:           resolved.Dropped,
		NoSanitization:    cfg.DisableSanitization,
		CallTimeout:       time.Duration(cfg.CallTimeout) * time.Second,
		Prompts:           prompts.All(),
		Prerendered:       true, // the policy passes the inventory's rows through as they are
	})
	writes := 0
	for _, t := range tools {
		if t.Action.IsWrite() {
			writes++
		}
	}
	logger.Info("zscaler-mcp starting", "version", info.Version, "transport", cfg.Transport,
		"tools", len(tools), "write_tools", writes, "dropped", len(resolved.Dropped),
		"prompts", strings.Join(srv.PromptNames(), ","))

	if cfg.Transport == config.Stdio {
		startedUp()
		return srv.RunStdio(ctx)
	}
	httpOpts := mcpserver.HTTPOptions{
		ListenHost: cfg.Host, AllowedHosts: cfg.AllowedHosts, AllowedOrigins: cfg.AllowedOrigins, DisableHostValidation: cfg.DisableHostValidation,
		AllowedSourceIPs: sourceNets, MaxBodyBytes: cfg.MaxBodyBytes, AccessLog: true,
		Auth: withCaller(authn), Metadata: authn.MetadataHandler(),
	}
	if cfg.DisableHostValidation {
		logger.Warn("Host header validation is DISABLED (ZSCALER_MCP_DISABLE_HOST_VALIDATION): only do this where the platform is the only ingress")
	}
	if len(sourceNets) > 0 {
		logger.Info("source address allowlist active", "allowed", strings.Join(cfg.AllowedSourceIPs, ","))
	}
	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	scheme := "http"
	if cfg.TLSCertFile != "" {
		scheme = "https"
	}
	return srv.ServeHTTP(ctx, addr, srv.Handler(httpOpts), cfg.TLSCertFile, cfg.TLSKeyFile, func(a net.Addr) {
		startedUp()
		logger.Info("listening", "url", fmt.Sprintf("%s://%s/mcp", scheme, a))
	})
}

// startUpGC lets the heap grow to five times its live size, instead of
// twice, until the server serves: start-up builds a few megabytes that stay
// live (the catalogue, every tool's schema, the rendered tools/list answer),
// and collecting while they are being built cost as much as building them
// (docs/benchmarks.md). The returned function restores the collector's
// setting; a GOGC the operator set is left alone.
func startUpGC() func() {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(400)
	var once sync.Once
	return func() { once.Do(func() { debug.SetGCPercent(old) }) }
}

// startSandbox runs the demo tenant in-process on a free loopback port.
func startSandbox(ctx context.Context, logger *slog.Logger) (string, error) {
	ready := make(chan string, 1)
	errc := make(chan error, 1)
	go func() {
		errc <- serveSandbox(ctx, "127.0.0.1:0", logger, func(url string) { ready <- url })
	}()
	select {
	case url := <-ready:
		return url, nil
	case err := <-errc:
		return "", fmt.Errorf("starting the sandbox tenant: %w", err)
	}
}

// policyConfig is the tool policy the configuration asks for.
func policyConfig(cfg *config.Config) policy.Config {
	return policy.Config{
		Services: cfg.Services, DisabledServices: cfg.DisabledServices,
		Toolsets: cfg.Toolsets, DisabledToolsets: cfg.DisabledToolsets,
		DisabledTools: cfg.DisabledTools,
		WriteEnabled:  cfg.WriteEnabled, WriteTools: cfg.WriteTools,
	}
}

// entitledServices reads the services the tenant's OneAPI token is entitled
// to. Any failure skips the filter with one warning: it may only ever remove
// tools, so not applying it is the safe side.
func entitledServices(ctx context.Context, client *zscaler.Client, logger *slog.Logger) []zscaler.Service {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	token, err := client.Token(ctx)
	if err != nil {
		logger.Warn("OneAPI entitlement filter skipped: no token", "error", err)
		return nil
	}
	e, err := policy.ReadEntitlement(token)
	if len(e.GetUnknown()) > 0 {
		logger.Warn("the OneAPI token lists product codes this server does not know; if one of them is a service this server has, its tools are hidden: set ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER=true and report the code",
			"unknown_codes", strings.Join(e.Unknown, ","))
	}
	if err != nil {
		logger.Warn("OneAPI entitlement filter skipped", "reason", err.Error())
		return nil
	}
	var hidden []string
	for _, s := range policy.Services {
		if !slices.Contains(e.Services, s) {
			hidden = append(hidden, string(s))
		}
	}
	logger.Info("OneAPI entitlement filter applied", "codes", strings.Join(e.Codes, ","),
		"entitled", fmt.Sprint(e.Services), "hidden_services", strings.Join(hidden, ","))
	return e.Services
}

// newConfirmer builds the delete-confirmation token issuer from the key ring
// in ZSCALER_MCP_CONFIRMATION_KEYS; without one, tokens hold only within this
// process, which a stateless deployment with several replicas must know.
func newConfirmer(cfg *config.Config, logger *slog.Logger) (*confirm.Confirmer, error) {
	if cfg.SkipConfirmations {
		logger.Warn("ZSCALER_MCP_SKIP_CONFIRMATIONS is on: DELETE TOOLS RUN WITHOUT ANY CONFIRMATION; use this for debugging only")
	}
	var keys [][]byte
	if strings.TrimSpace(cfg.ConfirmationKeys) != "" {
		var err error
		if keys, err = confirm.ParseKeys(cfg.ConfirmationKeys); err != nil {
			return nil, &config.Error{Problems: []string{"ZSCALER_MCP_CONFIRMATION_KEYS: " + err.Error()}}
		}
	}
	c, err := confirm.New(confirm.Options{Keys: keys, TTL: time.Duration(cfg.ConfirmationTTL) * time.Second})
	if err != nil {
		return nil, &config.Error{Problems: []string{"ZSCALER_MCP_CONFIRMATION_KEYS: " + err.Error()}}
	}
	if c.Ephemeral() && cfg.Transport == config.StreamableHTTP && cfg.WriteEnabled {
		logger.Warn("ZSCALER_MCP_CONFIRMATION_KEYS is not set: delete confirmation tokens are valid only on this replica and until it restarts; set a shared key ring (e.g. from the secret) for several replicas")
	}
	return c, nil
}

// secretRefresher re-reads the secret when the token endpoint refuses the
// credentials: a rotated secret is then picked up by the very call that
// found the old one refused. Nil without a secret.
func secretRefresher(loaded *settings) func(context.Context) (zscaler.Credentials, bool, error) {
	if loaded.store == nil || loaded.cfg.Sandbox {
		return nil
	}
	// A secret that stays wrong must not turn every tool call into a
	// Secrets Manager call: re-read it at most every few seconds.
	var mu sync.Mutex
	var last time.Time
	return func(ctx context.Context) (zscaler.Credentials, bool, error) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(last) < 5*time.Second {
			return zscaler.Credentials{}, false, nil
		}
		last = time.Now()
		values, changed, err := loaded.store.Refresh(ctx)
		if err != nil || !changed {
			return zscaler.Credentials{}, false, err
		}
		return credentialsFrom(values, loaded.cfg), true, nil
	}
}

// watchSecret re-reads the secret on a timer and swaps the client's
// credentials when they changed; calls in flight finish with the old ones.
func watchSecret(ctx context.Context, loaded *settings, client *zscaler.Client, every time.Duration, logger *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		values, changed, err := loaded.store.Refresh(ctx)
		if err != nil {
			logger.Warn("re-reading the secret failed; the current credentials stay in use", "error", err)
			continue
		}
		if changed {
			if err := client.UpdateCredentials(credentialsFrom(values, loaded.cfg)); err != nil {
				logger.Warn("the rotated secret holds unusable credentials; the current ones stay in use", "error", err)
			}
		}
	}
}

// credentialsFrom reads the client credentials from a secret's values,
// falling back to the configuration for what the secret does not carry.
func credentialsFrom(values map[string]string, cfg *config.Config) zscaler.Credentials {
	c := zscaler.Credentials{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, PrivateKey: cfg.PrivateKey}
	if v := values["ZSCALER_CLIENT_ID"]; v != "" {
		c.ClientID = v
	}
	if v, ok := values["ZSCALER_CLIENT_SECRET"]; ok {
		c.ClientSecret = v
	}
	if v, ok := values["ZSCALER_PRIVATE_KEY"]; ok {
		c.PrivateKey = strings.ReplaceAll(v, `\n`, "\n")
	}
	return c
}
