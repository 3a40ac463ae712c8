package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/spf13/cobra"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/image"
	"github.com/zscaler-mcp/zscaler-mcp/internal/config"
)

// newAgentcoreImageCommand is `zscaler-mcp agentcore image`: the server's
// container image, built in Go from the source checkout (no Docker) and
// pushed to Amazon ECR.
func newAgentcoreImageCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "image",
		Short: "Build the server's container image without Docker, or push it to Amazon ECR",
		Long: "Build the server's container image without Docker: the binary is cross-compiled from the\n" +
			"source checkout for linux/arm64 (AgentCore Runtime) and linux/amd64 with the Go toolchain,\n" +
			"and assembled into a multi-arch OCI image in Go. The image runs as a non-root user, carries\n" +
			"its CA roots and the AgentCore defaults (streamable HTTP on 0.0.0.0:8000), and is labelled and\n" +
			"tagged with the binary's own version and commit.",
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newImageBuildCommand(), newImagePushCommand())
	return cmd
}

// buildFlags are the inputs of a build from source, shared by build and push.
type buildFlags struct {
	version string
	source  string
	caFile  string
}

func (b *buildFlags) bind(cmd *cobra.Command) {
	cmd.Flags().StringVar(&b.version, "version", "", "version to stamp into the binary and the labels (default: this binary's own version, or the checkout's)")
	cmd.Flags().StringVar(&b.source, "source", "", "root of the zscaler-mcp source checkout (default: the one holding the working directory)")
	cmd.Flags().StringVar(&b.caFile, "ca-file", "", "PEM file of CA roots to ship instead of the pinned Mozilla bundle")
}

func (b *buildFlags) options(log io.Writer) (image.BuildOptions, error) {
	opts := image.BuildOptions{Version: b.version, SourceDir: b.source, Log: log}
	if b.caFile != "" {
		data, err := os.ReadFile(b.caFile)
		if err != nil {
			return opts, &config.Error{Problems: []string{fmt.Sprintf("--ca-file: %s cannot be read (%v)", b.caFile, err)}}
		}
		opts.CABundle = data
	}
	return opts, nil
}

func (b *buildFlags) set() []string {
	var s []string
	if b.version != "" {
		s = append(s, "--version")
	}
	if b.source != "" {
		s = append(s, "--source")
	}
	if b.caFile != "" {
		s = append(s, "--ca-file")
	}
	return s
}

// imageBuildOpts are the inputs of `agentcore image build`.
type imageBuildOpts struct {
	buildFlags
	output string
	tag    string

	out, log io.Writer
}

func newImageBuildCommand() *cobra.Command {
	o := &imageBuildOpts{}
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Build the multi-arch image into an OCI image layout folder",
		Long: "Build the image for linux/amd64 and linux/arm64 and write it to DIR as an OCI image layout\n" +
			"(usable with skopeo copy oci:DIR:TAG, crane push DIR, or docker buildx imagetools). Prints\n" +
			"the per-architecture digests and sizes.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.out, o.log = cmd.OutOrStdout(), cmd.ErrOrStderr()
			if err := o.Validate(); err != nil {
				return err
			}
			return o.Execute(cmd.Context())
		},
	}
	o.bind(cmd)
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "folder to write the OCI image layout to (new or empty)")
	cmd.Flags().StringVar(&o.tag, "tag", "", "tag recorded in the layout (default: derived from the version)")
	return cmd
}

// Validate checks the flags before anything is built.
func (o *imageBuildOpts) Validate() error {
	var problems []string
	if strings.TrimSpace(o.output) == "" {
		problems = append(problems, "--output is required: the folder to write the OCI image layout to")
	} else if entries, err := os.ReadDir(o.output); err == nil && len(entries) > 0 {
		problems = append(problems, fmt.Sprintf("--output %s is not empty: pass a new or empty folder", o.output))
	}
	if o.tag != "" {
		if err := image.CheckTag(o.tag); err != nil {
			problems = append(problems, "--tag: "+err.Error())
		}
	}
	if len(problems) > 0 {
		return &config.Error{Problems: problems}
	}
	return nil
}

// Execute builds the image and writes the layout.
func (o *imageBuildOpts) Execute(ctx context.Context) error {
	opts, err := o.options(o.log)
	if err != nil {
		return err
	}
	idx, err := image.Build(ctx, opts)
	if err != nil {
		return err
	}
	sum, err := image.Summarize(idx)
	if err != nil {
		return err
	}
	tag := o.tag
	if tag == "" {
		tag = image.Tag(sum.Version)
	}
	if err := image.WriteLayout(o.output, idx, tag); err != nil {
		return err
	}
	if err := printSummary(o.out, sum); err != nil {
		return err
	}
	_, err = fmt.Fprintf(o.out, "wrote OCI image layout %s (tag %s)\n", o.output, tag)
	return err
}

// imagePushOpts are the inputs of `agentcore image push`.
type imagePushOpts struct {
	buildFlags
	repository string
	region     string
	tag        string
	from       string

	out, log io.Writer
	// newECR makes the ECR client; tests may replace it.
	newECR func(ctx context.Context, region string) (image.ECRAPI, string, error)
}

func newImagePushCommand() *cobra.Command {
	o := &imagePushOpts{newECR: newECRClient}
	cmd := &cobra.Command{
		Use:   "push",
		Short: "Build the image and push it to Amazon ECR (creating the repository if needed)",
		Long: "Build the image from the source checkout, or with --from take an existing image (a published\n" +
			"release, for those who have only the release binary), and push it to an ECR repository,\n" +
			"created when missing with scan on push and immutable tags. The tag derives from the version\n" +
			"(never a fixed \"latest\"); pushing the same image again changes nothing, while a different\n" +
			"image under an existing tag is refused. Prints the image URI on stdout.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.out, o.log = cmd.OutOrStdout(), cmd.ErrOrStderr()
			if err := o.Validate(); err != nil {
				return err
			}
			return o.Execute(cmd.Context())
		},
	}
	o.bind(cmd)
	cmd.Flags().StringVar(&o.repository, "repository", image.DefaultRepository, "ECR repository name, or its URI (<account>.dkr.ecr.<region>.amazonaws.com/<name>)")
	cmd.Flags().StringVar(&o.region, "region", "", "AWS region of the repository (default: AWS_REGION, AWS_PROFILE's region, or the repository URI's)")
	cmd.Flags().StringVar(&o.tag, "tag", "", "image tag (default: derived from the version; with --from, the source's tag)")
	cmd.Flags().StringVar(&o.from, "from", "", "copy this existing image (multi-arch with linux/arm64) instead of building from source")
	return cmd
}

// Validate checks the flags before any AWS call or build.
func (o *imagePushOpts) Validate() error {
	var problems []string
	if o.from != "" {
		if set := o.set(); len(set) > 0 {
			problems = append(problems, fmt.Sprintf("--from copies an existing image, so %s (inputs of a build from source) cannot be used with it", strings.Join(set, ", ")))
		}
	}
	if o.tag != "" {
		if err := image.CheckTag(o.tag); err != nil {
			problems = append(problems, "--tag: "+err.Error())
		}
	}
	spec, err := image.ParseRepository(o.repository, o.region)
	if err != nil {
		problems = append(problems, "--repository: "+err.Error())
	} else if o.region == "" && spec.Region != "" {
		o.region = spec.Region
	}
	if len(problems) > 0 {
		return &config.Error{Problems: problems}
	}
	return nil
}

// Execute builds (or fetches) the image and pushes it.
func (o *imagePushOpts) Execute(ctx context.Context) error {
	api, region, err := o.newECR(ctx, o.region)
	if err != nil {
		return err
	}
	logOpt := image.WithLog(o.log)
	var uri string
	if o.from != "" {
		uri, err = image.CopyToECR(ctx, api, region, o.repository, o.from, o.tag, nil, logOpt)
		if err != nil {
			return err
		}
	} else {
		opts, err := o.options(o.log)
		if err != nil {
			return err
		}
		var sum *image.Summary
		uri, sum, err = image.BuildAndPushToECR(ctx, api, region, o.repository, o.tag, opts, logOpt)
		if sum != nil {
			if perr := printSummary(o.log, sum); perr != nil && err == nil {
				err = perr
			}
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(o.log, "by digest: %s@%s\n", uri[:strings.LastIndex(uri, ":")], sum.Digest)
	}
	_, err = fmt.Fprintln(o.out, uri)
	return err
}

// newECRClient makes an ECR client from the standard AWS configuration
// (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_ECR, the default credential chain).
func newECRClient(ctx context.Context, region string) (image.ECRAPI, string, error) {
	var opts []func(*awsconfig.LoadOptions) error
	if region != "" {
		opts = append(opts, awsconfig.WithRegion(region))
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, "", &config.Error{Problems: []string{fmt.Sprintf("loading the AWS configuration: %v (check AWS_PROFILE and ~/.aws/config)", err)}}
	}
	if cfg.Region == "" {
		return nil, "", &config.Error{Problems: []string{"no AWS region: pass --region, set AWS_REGION, or give the repository as a URI (<account>.dkr.ecr.<region>.amazonaws.com/<name>)"}}
	}
	return ecr.NewFromConfig(cfg), cfg.Region, nil
}

func printSummary(w io.Writer, s *image.Summary) error {
	fmt.Fprintf(w, "image index %s (version %s, commit %s)\n", s.Digest, s.Version, orUnknown(s.Revision))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PLATFORM\tMANIFEST DIGEST\tCOMPRESSED\tUNPACKED")
	for _, a := range s.Arches {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Platform, a.Digest, humanSize(a.CompressedSize), humanSize(a.UncompressedSize))
	}
	return tw.Flush()
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func humanSize(n int64) string {
	const mb = 1000 * 1000
	return fmt.Sprintf("%.1f MB", float64(n)/mb)
}
