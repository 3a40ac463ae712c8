package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/zscaler-mcp/zscaler-mcp/internal/config"
)

func newConfigCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the effective configuration, where each value came from, secrets masked",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			loaded, err := loadSettings(cmd.Context(), cmd)
			if err != nil {
				return err
			}
			rows := make([]config.Origin, 0, len(loaded.cfg.Origins))
			for _, o := range loaded.cfg.Origins {
				if o.Secret && o.Value != "" {
					o.Value = "********"
				}
				rows = append(rows, o)
			}
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "SETTING\tVALUE\tFROM")
			for _, o := range rows {
				fmt.Fprintf(w, "%s\t%s\t%s\n", o.Env, o.Value, o.From)
			}
			return w.Flush()
		},
	}
	config.BindFlags(cmd.Flags())
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
