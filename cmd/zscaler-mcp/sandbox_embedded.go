//go:build !nosandbox

package main

import (
	"context"
	"log/slog"

	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
)

// The embedded demo tenant of `serve --sandbox` and `sandbox`. A build tagged
// nosandbox leaves it out (sandbox_none.go): the container image's does, since
// a deployment serves a real tenant and the sandbox's seeds grow with the
// catalogue.
const (
	sandboxClientID     = sandbox.ClientID
	sandboxClientSecret = sandbox.ClientSecret
	sandboxCustomerID   = sandbox.CustomerID
)

func serveSandbox(ctx context.Context, addr string, logger *slog.Logger, ready func(url string)) error {
	return sandbox.Serve(ctx, addr, sandbox.Options{Logger: logger}, ready)
}
