package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/zscaler-mcp/zscaler-mcp/internal/config"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
)

func newToolsCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "tools",
		Short: "Print the tools a server with the same settings would expose",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.Load(cmd.Flags(), nil)
			if err != nil {
				return err
			}
			tools := inventory.Select(inventory.All(), inventory.Selection{WriteEnabled: cfg.WriteEnabled})
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
				rows := make([]row, 0, len(tools))
				for _, t := range tools {
					rows = append(rows, row{t.Name, string(t.Service), t.Toolset, string(t.Action), t.Description, t.InputSchema()})
				}
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "NAME\tSERVICE\tTOOLSET\tACTION")
			for _, t := range tools {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", t.Name, t.Service, t.Toolset, t.Action)
			}
			return w.Flush()
		},
	}
	config.BindFlags(cmd.Flags())
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON with each tool's input schema")
	return cmd
}
