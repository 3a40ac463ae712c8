//go:build nosandbox

package main

import (
	"context"
	"log/slog"

	"github.com/zscaler-mcp/zscaler-mcp/internal/config"
)

// This build carries no demo tenant (see sandbox_embedded.go).
const sandboxClientID, sandboxClientSecret, sandboxCustomerID = "", "", ""

func serveSandbox(context.Context, string, *slog.Logger, func(string)) error {
	return &config.Error{Problems: []string{"this zscaler-mcp was built without the embedded sandbox tenant " +
		"(build tag nosandbox, as the container image's binary is): run --sandbox and the sandbox command " +
		"with zscaler-mcp installed by go install github.com/zscaler-mcp/zscaler-mcp/cmd/zscaler-mcp@latest, " +
		"or give this one Zscaler credentials"}}
}
