package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/zscaler-mcp/zscaler-mcp/internal/companion"
)

// newAgentcoreCommand is `zscaler-mcp agentcore <verb>`. The deploy tool is a
// command of its own, zscaler-mcp-agentcore, so that this binary (and the
// image, and every start of the server) carries none of its AWS clients or
// its image builder; this runs it with the same arguments, standard streams
// and exit status, as git and kubectl run theirs.
func newAgentcoreCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "agentcore <verb> [flags]",
		Short: "Build, deploy to and inspect Amazon Bedrock AgentCore (runs " + companion.DeployTool + ")",
		Long: "Runs " + companion.DeployTool + " <verb> ..., found beside this binary or on the PATH:\n" +
			"image build/push, template, plan, export-tool-schema, doctor, dev, deploy, status, invoke,\n" +
			"logs, destroy. See docs/agentcore.md. When it is not installed, says how to install it\n" +
			"(exit status 127).",
		// Everything after `agentcore`, --help included, is the deploy tool's.
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := companion.Find(companion.DeployTool)
			if err != nil {
				fmt.Fprintln(cmd.ErrOrStderr(), "zscaler-mcp agentcore:", err)
				return &exitStatus{code: 127}
			}
			env := append(os.Environ(), companion.InvokedAsEnv+"=zscaler-mcp agentcore")
			return runCompanion(path, append([]string{companion.DeployTool}, args...), env)
		},
	}
}

// exitStatus ends the process with a status that is already explained (by
// the deploy tool itself, or by a message printed before).
type exitStatus struct{ code int }

func (e *exitStatus) Error() string { return fmt.Sprintf("exit status %d", e.code) }
