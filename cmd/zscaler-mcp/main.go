// Command zscaler-mcp is the Zscaler MCP server, its demo tenant, and the
// tools around them.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/zscaler-mcp/zscaler-mcp/internal/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newRootCommand().ExecuteContext(ctx)
	stop()
	if err != nil {
		var exit *exitStatus
		if errors.As(err, &exit) {
			os.Exit(exit.code)
		}
		var cfgErr *config.Error
		if errors.As(err, &cfgErr) {
			fmt.Fprintln(os.Stderr, "zscaler-mcp:", err)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "zscaler-mcp:", err)
		os.Exit(1)
	}
}

func newRootCommand() *cobra.Command {
	serve := newServeCommand()
	root := &cobra.Command{
		Use:           "zscaler-mcp",
		Short:         "MCP server for the Zscaler Zero Trust Exchange",
		Long:          "zscaler-mcp gives AI agents safe access to Zscaler ZIA, ZPA, ZDX and ZCC through MCP.\nWithout a subcommand it runs serve.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE:          serve.RunE,
	}
	// The root runs serve, so it takes serve's flags too.
	root.Flags().AddFlagSet(serve.Flags())
	root.AddCommand(serve, newSandboxCommand(), newToolsCommand(), newConfigCommand(), newAgentcoreCommand(), newVersionCommand())
	return root
}
