package main

import (
	"fmt"
	"net"
	"strconv"

	"github.com/spf13/cobra"
)

func newSandboxCommand() *cobra.Command {
	var host string
	var port int
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Run the embedded demo tenant alone: a OneAPI token endpoint and the service APIs",
		Long: "Run the demo tenant on one HTTP listener. Point a server at it with\n" +
			"ZSCALER_API_BASE_URL=<url> ZSCALER_TOKEN_URL=<url>/oauth2/v1/token and the printed credentials.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			logger := newLogger("info")
			addr := net.JoinHostPort(host, strconv.Itoa(port))
			return serveSandbox(cmd.Context(), addr, logger, func(url string) {
				fmt.Fprintf(cmd.OutOrStdout(), "sandbox tenant listening on %s\n", url)
				fmt.Fprintf(cmd.OutOrStdout(), "  ZSCALER_API_BASE_URL=%s\n  ZSCALER_TOKEN_URL=%s/oauth2/v1/token\n", url, url)
				fmt.Fprintf(cmd.OutOrStdout(), "  ZSCALER_CLIENT_ID=%s\n  ZSCALER_CLIENT_SECRET=%s\n  ZSCALER_CUSTOMER_ID=%s\n",
					sandboxClientID, sandboxClientSecret, sandboxCustomerID)
			})
		},
	}
	cmd.Flags().StringVar(&host, "host", "127.0.0.1", "listen address")
	cmd.Flags().IntVar(&port, "port", 9000, "listen port (0 picks a free one)")
	return cmd
}
