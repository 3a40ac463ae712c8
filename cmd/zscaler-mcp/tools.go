package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/zscaler-mcp/zscaler-mcp/internal/config"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
	"github.com/zscaler-mcp/zscaler-mcp/internal/policy"
)

func newToolsCommand() *cobra.Command {
	var asJSON, explain bool
	cmd := &cobra.Command{
		Use:   "tools",
		Short: "Print the tools a server with the same settings would expose",
		Long: "Print the tools a server with the same settings would expose, after the tool policy\n" +
			"(disabled tools, services, toolsets, the write switch and allowlist). The entitlement\n" +
			"filter needs a OneAPI token and is applied by serve only. --explain adds every dropped\n" +
			"tool with the reason.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			loaded, err := loadSettings(cmd.Context(), cmd)
			if err != nil {
				return err
			}
			cfg := loaded.cfg
			resolved := policy.Resolve(inventory.All(), policyConfig(cfg))
			for _, w := range resolved.Warnings {
				fmt.Fprintln(cmd.ErrOrStderr(), "warning:", w)
			}
			tools := resolved.Tools
			out := cmd.OutOrStdout()
			if asJSON {
				type row struct {
					Name        string          `json:"name"`
					Service     string          `json:"service"`
					Toolset     string          `json:"toolset"`
					Action      string          `json:"action"`
					Description string          `json:"description"`
					InputSchema json.RawMessage `json:"inputSchema"`
				}
				type dropped struct {
					Name   string `json:"name"`
					Reason string `json:"reason"`
				}
				doc := struct {
					Tools   []row     `json:"tools"`
					Dropped []dropped `json:"dropped,omitempty"`
				}{Tools: make([]row, 0, len(tools))}
				for _, t := range tools {
					doc.Tools = append(doc.Tools, row{t.Name, string(t.Service), t.Toolset, string(t.Action), t.Description, t.InputSchema()})
				}
				if explain {
					for _, d := range resolved.Dropped {
						doc.Dropped = append(doc.Dropped, dropped{d.Tool.Name, d.Reason})
					}
				}
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(doc)
			}
			w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "NAME\tSERVICE\tTOOLSET\tACTION")
			for _, t := range tools {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", t.Name, t.Service, t.Toolset, t.Action)
			}
			if err := w.Flush(); err != nil {
				return err
			}
			if explain && len(resolved.Dropped) > 0 {
				fmt.Fprintf(out, "\nDROPPED (%d)\n", len(resolved.Dropped))
				w = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
				for _, d := range resolved.Dropped {
					fmt.Fprintf(w, "%s\t%s\n", d.Tool.Name, d.Reason)
				}
				return w.Flush()
			}
			return nil
		},
	}
	config.BindFlags(cmd.Flags())
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON with each tool's input schema")
	cmd.Flags().BoolVar(&explain, "explain", false, "also list every dropped tool and why")
	return cmd
}
