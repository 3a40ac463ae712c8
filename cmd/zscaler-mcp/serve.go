package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/zscaler-mcp/zscaler-mcp/internal/buildinfo"
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/config"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
	"github.com/zscaler-mcp/zscaler-mcp/internal/mcpserver"
	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
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
			cfg, err := config.Load(cmd.Flags(), nil)
			if err != nil {
				return err
			}
			return serve(cmd.Context(), cfg)
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

func serve(ctx context.Context, cfg *config.Config) error {
	logger := newLogger(cfg.LogLevel)
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
		cfg.ClientID, cfg.ClientSecret, cfg.PrivateKey = sandbox.ClientID, sandbox.ClientSecret, ""
		cfg.CustomerID = sandbox.CustomerID
		// The demo tenant has no quotas; the documented limits would only slow it down.
		limits = zscaler.Unlimited()
		logger.Info("serving the embedded sandbox tenant", "url", url)
	} else if err := cfg.CheckCredentials(); err != nil {
		return err
	}

	info := buildinfo.Get()
	client, err := zscaler.New(zscaler.Options{
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
	})
	if err != nil {
		return err
	}

	tools := inventory.Select(inventory.All(), inventory.Selection{WriteEnabled: cfg.WriteEnabled})
	srv := mcpserver.New(mcpserver.Options{
		Version: info.Version,
		Tools:   tools,
		Exec:    &catalog.Executor{API: client, CustomerID: cfg.CustomerID},
		Logger:  logger,
	})
	logger.Info("zscaler-mcp starting", "version", info.Version, "transport", cfg.Transport,
		"tools", len(tools), "write_tools", cfg.WriteEnabled)

	if cfg.Transport == config.Stdio {
		return srv.RunStdio(ctx)
	}
	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	return srv.ServeHTTP(ctx, addr, func(a net.Addr) {
		logger.Info("listening", "url", fmt.Sprintf("http://%s/mcp", a))
	})
}

// startSandbox runs the demo tenant in-process on a free loopback port.
func startSandbox(ctx context.Context, logger *slog.Logger) (string, error) {
	ready := make(chan string, 1)
	errc := make(chan error, 1)
	go func() {
		errc <- sandbox.Serve(ctx, "127.0.0.1:0", sandbox.Options{Logger: logger}, func(url string) { ready <- url })
	}()
	select {
	case url := <-ready:
		return url, nil
	case err := <-errc:
		return "", fmt.Errorf("starting the sandbox tenant: %w", err)
	}
}
