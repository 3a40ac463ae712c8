package main

import "github.com/spf13/cobra"

// newAgentcoreCommand groups the Amazon Bedrock AgentCore tooling.
func newAgentcoreCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "agentcore",
		Short: "Build, deploy to and inspect Amazon Bedrock AgentCore",
		Long: "Tooling for running this server on Amazon Bedrock AgentCore Runtime.\n" +
			"See docs/agentcore.md for a walk-through.",
	}
	cmd.AddCommand(newAgentcoreImageCommand())
	cmd.AddCommand(newAgentcoreTemplateCommands()...)
	cmd.AddCommand(newAgentcoreDeployCommands()...)
	cmd.AddCommand(newAgentcoreRuntimeCommands()...)
	cmd.AddCommand(newAgentcoreDevCommand())
	return cmd
}
