package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/deploy"
	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/image"
	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/runtime"
	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
	"github.com/zscaler-mcp/zscaler-mcp/internal/config"
)

// newAgentcoreDeployCommands are the stack verbs of `zscaler-mcp agentcore`:
// deploy, status and destroy.
func newAgentcoreDeployCommands() []*cobra.Command {
	return []*cobra.Command{newAgentcoreDeployCommand(), newAgentcoreStatusCommand(), newAgentcoreDestroyCommand()}
}

func newAgentcoreDeployCommand() *cobra.Command {
	var (
		inputs         agentcoreInputOptions
		dryRun, nonInt bool
		timeout        time.Duration
		repository     string
		templateBucket string
		build          buildFlags
	)
	cmd := &cobra.Command{
		Use:   "deploy",
		Short: "Create or update the AgentCore stack, wait until the runtime is READY, print the outputs",
		Long: "Build and push the image to ECR (unless --image-uri is given), render the CloudFormation template\n" +
			"(as `agentcore template`), then create or update one stack, streaming its events, and wait until\n" +
			"the runtime is READY. Idempotent: when the deployed template and parameters are already these,\n" +
			"no changing AWS call is made. --dry-run shows what would be done (secrets masked) and changes\n" +
			"nothing. Settings come from flags, the environment and .env / env.properties.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			stderr := cmd.ErrOrStderr()
			in, err := inputs.resolve(cmd.Flags(), stderr)
			if err != nil {
				return err
			}
			resolved, _ := in.Resolved()
			o := &deploy.DeployOptions{Inputs: in, DryRun: dryRun,
				TemplateBucket: bucketOf(cmd.Flags(), templateBucket, &inputs), NonInteractive: nonInt, Timeout: timeout,
				Out: cmd.OutOrStdout(), Log: stderr, Prompt: terminalPrompter(nonInt, stderr),
				Smoke: smokeTest{jwt: resolved.AuthMode == "jwt"}}
			// Without --image-uri deploy builds the image and pushes it to ECR.
			var clients *deploy.Clients
			o.BuildImage = func(ctx context.Context, region string) (string, error) {
				opts, err := build.options(stderr)
				if err != nil {
					return "", err
				}
				uri, sum, err := image.BuildAndPushToECR(ctx, ecr.NewFromConfig(clients.Config), region, repository, "", opts, image.WithLog(stderr))
				if sum != nil {
					_ = printSummary(stderr, sum)
				}
				return uri, err
			}
			if err := o.Ask(); err != nil {
				return err
			}
			if err := o.Validate(); err != nil {
				return asConfigError(err)
			}
			warn(stderr, o.Inputs.Warnings())
			r, _ := o.Inputs.Resolved()
			clients, err = deploy.LoadClients(ctx, r.Region)
			if err != nil {
				return &config.Error{Problems: []string{err.Error()}}
			}
			o.Clients = clients
			return o.Execute(ctx)
		},
	}
	inputs.bind(cmd.Flags(), true)
	build.bind(cmd)
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "show what would be done (template changes, parameters with secrets masked); change nothing")
	cmd.Flags().BoolVar(&nonInt, "non-interactive", false, "never prompt; fail listing every missing setting")
	cmd.Flags().DurationVar(&timeout, "timeout", deploy.DefaultTimeout, "how long to wait for the stack and for the runtime")
	cmd.Flags().StringVar(&templateBucket, "template-bucket", "", "S3 bucket (in the stack's region) for templates over CloudFormation's 51,200-byte inline limit, e.g. with a Gateway (env AWS_ASSET_BUCKET)")
	cmd.Flags().StringVar(&repository, "repository", image.DefaultRepository, "without --image-uri: the ECR repository the built image is pushed to")
	return cmd
}

// stackFlags are the settings of status and destroy: the stack and the
// region, from flags, the environment or .env / env.properties (the same
// loader as the other verbs).
type stackFlags struct {
	inputs agentcoreInputOptions
}

func (s *stackFlags) bind(fs *pflag.FlagSet) {
	s.inputs.full = true
	fs.StringVar(&s.inputs.envFile, "env-file", "", "read settings from this .env / env.properties file (default: ./.env, else ./env.properties, when present)")
	fs.String("stack-name", "", "CloudFormation stack name (default zscaler-mcp-agentcore) (env AWS_STACK_NAME)")
	fs.String("region", "", "AWS region (env AWS_REGION)")
}

func (s *stackFlags) resolve(ctx context.Context, fs *pflag.FlagSet, stderr io.Writer) (string, *deploy.Clients, error) {
	in, err := s.inputs.resolve(fs, stderr)
	if err != nil {
		return "", nil, err
	}
	stack := in.StackName
	if stack == "" {
		stack = template.DefaultStackName
	}
	clients, err := deploy.LoadClients(ctx, in.Region)
	if err != nil {
		return "", nil, &config.Error{Problems: []string{err.Error()}}
	}
	return stack, clients, nil
}

func newAgentcoreStatusCommand() *cobra.Command {
	var (
		sf      stackFlags
		noTools bool
	)
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show the stack, runtime, endpoint, gateway and target status, and the outputs",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			stack, clients, err := sf.resolve(ctx, cmd.Flags(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			o := &deploy.StatusOptions{StackName: stack, Clients: clients, Out: cmd.OutOrStdout(), NoTools: noTools}
			if err := o.Validate(); err != nil {
				return err
			}
			return o.Execute(ctx)
		},
	}
	sf.bind(cmd.Flags())
	cmd.Flags().BoolVar(&noTools, "no-tools", false, "skip the live tool count (tools/list through InvokeAgentRuntime)")
	return cmd
}

func newAgentcoreDestroyCommand() *cobra.Command {
	var (
		sf      stackFlags
		yes     bool
		nonInt  bool
		timeout time.Duration
	)
	cmd := &cobra.Command{
		Use:   "destroy [--yes]",
		Short: "Delete the stack this tool created (never what it did not create)",
		Long: "Delete the CloudFormation stack created by `agentcore deploy` and wait. Only the stack's own\n" +
			"resources go: an existing secret (UseExisting) or an attached Gateway is kept, and a stack\n" +
			"without this tool's tag is refused. Asks for confirmation unless --yes.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			stderr := cmd.ErrOrStderr()
			o := &deploy.DestroyOptions{Yes: yes, NonInteractive: nonInt, Timeout: timeout, Out: cmd.OutOrStdout(), Log: stderr,
				Prompt: terminalPrompter(nonInt, stderr)}
			if err := o.Validate(); err != nil {
				return asConfigError(err)
			}
			stack, clients, err := sf.resolve(ctx, cmd.Flags(), stderr)
			if err != nil {
				return err
			}
			o.StackName, o.Clients = stack, clients
			return o.Execute(ctx)
		},
	}
	sf.bind(cmd.Flags())
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	cmd.Flags().BoolVar(&nonInt, "non-interactive", false, "never prompt (then --yes is required)")
	cmd.Flags().DurationVar(&timeout, "timeout", deploy.DefaultTimeout, "how long to wait for the deletion")
	return cmd
}

// terminalPrompter prompts on stdin/stderr when stdin is a terminal and
// prompts are allowed; otherwise nil (never prompt).
func terminalPrompter(nonInteractive bool, w io.Writer) deploy.Prompter {
	if nonInteractive {
		return nil
	}
	fi, err := os.Stdin.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return &linePrompter{r: bufio.NewReader(os.Stdin), w: w}
}

type linePrompter struct {
	r *bufio.Reader
	w io.Writer
}

func (p *linePrompter) Ask(q, def string) (string, error) {
	if def != "" {
		fmt.Fprintf(p.w, "%s [%s]: ", q, def)
	} else {
		fmt.Fprintf(p.w, "%s: ", q)
	}
	line, err := p.r.ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", fmt.Errorf("reading the answer to %q: %w", q, err)
	}
	if line = strings.TrimSpace(line); line == "" {
		return def, nil
	}
	return line, nil
}

func (p *linePrompter) Confirm(q string) (bool, error) {
	a, err := p.Ask(q+" [y/N]", "")
	if err != nil {
		return false, err
	}
	a = strings.ToLower(a)
	return a == "y" || a == "yes", nil
}

// smokeTest lists the deployed runtime's tools through InvokeAgentRuntime
// (SigV4), so a deploy ends with "tools/list works", not with a hope.
type smokeTest struct{ jwt bool }

func (s smokeTest) SmokeTest(ctx context.Context, outputs map[string]string, w io.Writer) error {
	arn := outputs["AgentRuntimeArn"]
	if arn == "" {
		return fmt.Errorf("the stack has no AgentRuntimeArn output to smoke-test")
	}
	if s.jwt {
		fmt.Fprintf(w, "smoke test skipped: the runtime accepts JWTs only; run\n  zscaler-mcp agentcore invoke --arn %s -H \"Authorization: Bearer $TOKEN\" --list-tools\n", arn)
		return nil
	}
	n, err := runtime.SmokeTest(ctx, runtime.Target{ARN: arn})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "smoke test: tools/list through InvokeAgentRuntime returned %d tools\n", n)
	return nil
}

// bucketOf is --template-bucket, else the seed's AWS_ASSET_BUCKET from the
// environment or the .env / env.properties file.
func bucketOf(fs *pflag.FlagSet, flagValue string, inputs *agentcoreInputOptions) string {
	if f := fs.Lookup("template-bucket"); f != nil && f.Changed {
		return flagValue
	}
	return inputs.setting("AWS_ASSET_BUCKET")
}
