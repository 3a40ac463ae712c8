package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/dev"
	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
	"github.com/zscaler-mcp/zscaler-mcp/internal/companion"
)

// newAgentcoreDevCommand is `agentcore dev`: the server behind an emulated
// AgentCore ingress, on loopback.
func newAgentcoreDevCommand() *cobra.Command {
	var inputs agentcoreInputOptions
	var port int
	cmd := &cobra.Command{
		Use:   "dev",
		Short: "Run the server locally behind an emulated AgentCore ingress (header allowlist, JWT authorizer)",
		Long: "Run the server on loopback behind an emulation of the AgentCore data plane that applies the\n" +
			"deployment configuration's header allowlist and JWT authorizer, so the configuration can be tried\n" +
			"before it is deployed. Without a JWT authorizer AgentCore requires SigV4 (IAM); dev trusts the local\n" +
			"user instead. The server runs with --sandbox unless Zscaler credentials are configured.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			in, err := inputs.resolve(cmd.Flags(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			return runAgentcoreDev(cmd.Context(), in, port, cmd)
		},
	}
	inputs.bind(cmd.Flags(), true)
	cmd.Flags().IntVar(&port, "port", 8080, "the ingress's port on 127.0.0.1")
	return cmd
}

func runAgentcoreDev(ctx context.Context, raw template.Inputs, port int, cmd *cobra.Command) error {
	out, errw := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	in, notes := raw.Resolved()
	warn(errw, notes)

	// The ingress first: in jwt mode it reads the discovery document, whose
	// issuer and JWKS the server is configured with too. Its upstream is
	// known once the server says where it listens.
	ing, err := dev.New(ctx, dev.Options{Inputs: in})
	if err != nil {
		return asConfigError(err)
	}

	env := append(os.Environ(),
		"ZSCALER_MCP_TRANSPORT=streamable-http", "ZSCALER_MCP_HOST=127.0.0.1", "ZSCALER_MCP_PORT=0",
		"ZSCALER_MCP_LOG_TOOL_CALLS=true", "ZSCALER_MCP_AUTH_MODE="+in.AuthMode,
		// The tool policy as the deployed runtime's environment holds it, so
		// that dev lists the tools the deployment would.
		"ZSCALER_MCP_WRITE_ENABLED="+strconv.FormatBool(in.WriteEnabled), "ZSCALER_MCP_WRITE_TOOLS="+strings.Join(in.WriteTools, ","),
		"ZSCALER_MCP_DISABLED_TOOLS="+strings.Join(in.DisabledTools, ","), "ZSCALER_MCP_DISABLED_SERVICES="+strings.Join(in.DisabledServices, ","))
	var apiKeyNote string
	switch in.AuthMode {
	case template.AuthAPIKey, template.AuthZscaler:
		env = append(env, "ZSCALER_MCP_TRUST_PLATFORM_AUTH=true")
		if in.AuthMode == template.AuthAPIKey {
			key := in.APIKey
			if key == "" {
				key = os.Getenv("ZSCALER_MCP_AUTH_API_KEY")
			}
			if key == "" {
				b := make([]byte, 16)
				_, _ = rand.Read(b)
				key = hex.EncodeToString(b)
				apiKeyNote = "api key (generated for this run): " + key
			}
			env = append(env, "ZSCALER_MCP_AUTH_API_KEY="+key)
		}
	case template.AuthJWT:
		env = append(env, "ZSCALER_MCP_AUTH_ISSUER="+ing.Issuer(), "ZSCALER_MCP_AUTH_JWKS_URI="+ing.JWKSURI(),
			"ZSCALER_MCP_AUTH_AUDIENCE="+strings.Join(append(append([]string{}, in.JWT.Audiences...), in.JWT.ClientIDs...), ","))
	}
	// Port 0: the server binds a free port itself, so no other process can
	// take it between a choice made here and the server's bind.
	args := []string{"serve", "--transport", "streamable-http", "--host", "127.0.0.1", "--port", "0"}
	realCreds := in.ExistingSecretName != "" || (in.ClientID != "" && in.ClientSecret != "") ||
		(os.Getenv("ZSCALER_CLIENT_ID") != "" && os.Getenv("ZSCALER_CLIENT_SECRET") != "")
	if !realCreds {
		args = append(args, "--sandbox")
	}

	// The server is the zscaler-mcp binary itself, not a copy linked in here,
	// so that dev tries exactly what the image runs.
	server, err := companion.Find(companion.Server)
	if err != nil {
		return err
	}
	child := exec.Command(server, args...)
	child.Env, child.Stdout = env, errw
	logs, err := child.StderrPipe()
	if err != nil {
		return err
	}
	if err := child.Start(); err != nil {
		return fmt.Errorf("starting the server: %w", err)
	}
	listening := make(chan string, 1)
	listeningLine := regexp.MustCompile(`msg=listening url=(http://\S+)/mcp`)
	var waitErr error
	exited := make(chan struct{}) // closed once the server has exited; waitErr says how
	go func() {
		// The server's log goes on to the user; its address is read from it.
		sc := bufio.NewScanner(logs)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(errw, line)
			if m := listeningLine.FindStringSubmatch(line); m != nil {
				select {
				case listening <- m[1]:
				default:
				}
			}
		}
		_, _ = io.Copy(errw, logs)
		waitErr = child.Wait()
		close(exited)
	}()
	defer func() {
		select {
		case <-exited:
		default:
			_ = child.Process.Signal(syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(5 * time.Second):
				_ = child.Process.Kill()
			}
		}
	}()
	var upstream string
	select {
	case upstream = <-listening:
	case <-exited:
		return fmt.Errorf("the server exited before it was ready: %v", waitErr)
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(30 * time.Second):
		return errors.New("the server was not ready within 30s")
	}
	if err := ing.SetUpstream(upstream); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return fmt.Errorf("the ingress cannot listen on 127.0.0.1:%d: %w (choose another --port)", port, err)
	}
	hs := &http.Server{Handler: ing, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	base := "http://" + ln.Addr().String()
	invoke := base + ing.InvokePath()
	fmt.Fprintf(out, "AgentCore dev ingress (auth mode %s, header allowlist %s)\n", in.AuthMode, strings.Join(ing.Allowlist(), ", "))
	if in.AuthMode != template.AuthJWT {
		fmt.Fprintln(out, "note: on AWS this runtime requires SigV4 (IAM); here the local user is trusted")
	}
	if !realCreds {
		fmt.Fprintln(out, "note: no Zscaler credentials configured: the server runs against the embedded sandbox tenant")
	}
	if apiKeyNote != "" {
		fmt.Fprintln(out, apiKeyNote)
	}
	fmt.Fprintf(out, "invoke URL: %s\n(also %s/mcp)\n\nexample:\n", invoke, base)
	hdr := ""
	switch in.AuthMode {
	case template.AuthJWT:
		hdr = ` -H "Authorization: Bearer $TOKEN"`
	case template.AuthAPIKey:
		hdr = ` -H "X-Api-Key: $ZSCALER_MCP_AUTH_API_KEY"`
	case template.AuthZscaler:
		hdr = ` -H "X-Zscaler-Client-ID: $ZSCALER_CLIENT_ID" -H "X-Zscaler-Client-Secret: $ZSCALER_CLIENT_SECRET"`
	}
	fmt.Fprintf(out, "  curl -sS -X POST '%s' -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream'%s \\\n    -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}'\n", invoke, hdr)

	var runErr error
	select {
	case <-ctx.Done():
	case <-exited:
		runErr = fmt.Errorf("the server exited: %v", waitErr)
	case err := <-served:
		runErr = err
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = hs.Shutdown(sctx)
	return runErr
}
