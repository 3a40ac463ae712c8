// Command zscaler-mcp-agentcore deploys the zscaler-mcp server to Amazon
// Bedrock AgentCore, and inspects and calls it there. It is a command of its
// own, not a part of the server binary, so that the server (and its image)
// links none of the AWS clients and image tooling a deployment needs;
// `zscaler-mcp agentcore <verb>` runs it.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/zscaler-mcp/zscaler-mcp/internal/companion"
	"github.com/zscaler-mcp/zscaler-mcp/internal/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	root := newRootCommand()
	err := root.ExecuteContext(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, root.DisplayName()+":", err)
		var cfgErr *config.Error
		if errors.As(err, &cfgErr) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

func newRootCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   companion.DeployTool,
		Short: "Build, deploy to and inspect Amazon Bedrock AgentCore",
		Long: "Tooling for running the zscaler-mcp server on Amazon Bedrock AgentCore Runtime.\n" +
			"See docs/agentcore.md for a walk-through.",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	cmd.CompletionOptions.DisableDefaultCmd = true
	// Run as `zscaler-mcp agentcore`, help and errors name what the user typed.
	if as := os.Getenv(companion.InvokedAsEnv); as != "" {
		cmd.Annotations = map[string]string{cobra.CommandDisplayNameAnnotation: as}
	}
	cmd.AddCommand(newAgentcoreImageCommand())
	cmd.AddCommand(newAgentcoreTemplateCommands()...)
	cmd.AddCommand(newAgentcoreDeployCommands()...)
	cmd.AddCommand(newAgentcoreRuntimeCommands()...)
	cmd.AddCommand(newAgentcoreDevCommand())
	return cmd
}
