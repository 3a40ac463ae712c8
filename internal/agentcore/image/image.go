// Package image builds the zscaler-mcp container image without Docker and
// pushes it to a registry, Amazon ECR in particular.
//
// Build cross-compiles ./cmd/zscaler-mcp from the source checkout with the Go
// toolchain (CGO off, linux/amd64 and linux/arm64) and assembles, in Go, a
// multi-arch OCI image index: per architecture one image from scratch with a
// single layer holding the static binary, the CA roots and the passwd/group
// entries of the non-root user. No Docker daemon, no emulation.
//
// The image's environment holds the defaults of the AgentCore container
// contract (streamable HTTP on 0.0.0.0:8000), its labels the version and
// commit of the binary inside it. The version comes from the running binary's
// own build information, never from a constant, so a tag cannot go stale.
//
// The Dockerfile at the root of the repository builds the same contents for
// Docker users; a test keeps the two in agreement.
package image

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The container contract. Everything here ends up in the image config, and the
// Dockerfile must say the same (dockerfile_test.go checks it).
const (
	// BinaryPath is where the server binary lives in the image.
	BinaryPath = "/zscaler-mcp"
	// CACertsPath is where the CA roots live; Go's crypto/x509 reads it first on Linux.
	CACertsPath = "/etc/ssl/certs/ca-certificates.crt"
	// UID and GID of the non-root user the server runs as (the distroless "nonroot").
	UID = 65532
	GID = 65532
	// UserName and GroupName of that user.
	UserName  = "nonroot"
	GroupName = "nonroot"
	// Port is the port AgentCore Runtime sends MCP traffic to (protocol MCP: 8000, path /mcp).
	Port = 8000
	// WorkingDir of the entrypoint.
	WorkingDir = "/"

	// Module is the Go module the image is built from.
	Module = "github.com/zscaler-mcp/zscaler-mcp"
	// MainPackage is the package of the server binary, relative to the module root.
	MainPackage = "./cmd/zscaler-mcp"
	// VersionVar is the linker variable that carries the version (-X).
	VersionVar = Module + "/internal/buildinfo.version"
	// SourceURL is the value of the org.opencontainers.image.source label.
	SourceURL = "https://" + Module
	// Title is the value of the org.opencontainers.image.title label.
	Title = "zscaler-mcp"
)

// Label keys (OCI image annotations, pre-defined keys).
const (
	LabelVersion  = "org.opencontainers.image.version"
	LabelRevision = "org.opencontainers.image.revision"
	LabelSource   = "org.opencontainers.image.source"
	LabelTitle    = "org.opencontainers.image.title"
	LabelCreated  = "org.opencontainers.image.created"
)

// User is the image config's User field: numeric, so that a runtime needs no
// /etc/passwd lookup and Kubernetes' runAsNonRoot can verify it.
func User() string { return strconv.Itoa(UID) + ":" + strconv.Itoa(GID) }

// Entrypoint is the image config's Entrypoint.
func Entrypoint() []string { return []string{BinaryPath} }

// Cmd is the image config's Cmd: the server, configured by the environment.
func Cmd() []string { return []string{"serve"} }

// ExposedPort is the image config's exposed port key.
func ExposedPort() string { return strconv.Itoa(Port) + "/tcp" }

// Env returns the environment baked into the image: the AgentCore Runtime
// defaults of the container contract. Only settings the server reads
// (internal/config) are set, and nothing secret.
//
//   - ZSCALER_MCP_TRANSPORT=streamable-http: AgentCore speaks MCP over
//     streamable HTTP; the server's own default is stdio.
//   - ZSCALER_MCP_HOST=0.0.0.0, ZSCALER_MCP_PORT=8000: where AgentCore sends
//     traffic (and its health probe, from 127.0.0.1) for protocol MCP.
//   - ZSCALER_MCP_ALLOW_HTTP=true: the platform terminates TLS in front of the
//     microVM, so plain HTTP inside it is expected.
//   - ZSCALER_MCP_DISABLE_HOST_VALIDATION=true: the AgentCore ingress is the
//     only way in and forwards its own Host header, which no allowlist written
//     before the deployment can know.
//   - ZSCALER_MCP_LOG_TOOL_CALLS=true: one audit line per tool call in the
//     runtime's CloudWatch log group.
//   - ZSCALER_MCP_PLATFORM=agentcore: the platform's ingress is the only way
//     in, so a runtime created without ZSCALER_MCP_AUTH_MODE (the guide's
//     Method 2 commands set none) serves in zscaler mode with the
//     platform-trust fallback when a vanity domain is configured, as the
//     guide's container does, and says so at start-up; without a vanity
//     domain it still refuses to start unauthenticated.
//
// ZSCALER_MCP_AUTH_MODE itself is absent: a deployment of this tool sets it
// (it depends on the inbound auth mode).
func Env() []string {
	return []string{
		"ZSCALER_MCP_TRANSPORT=streamable-http",
		"ZSCALER_MCP_HOST=0.0.0.0",
		"ZSCALER_MCP_PORT=" + strconv.Itoa(Port),
		"ZSCALER_MCP_ALLOW_HTTP=true",
		"ZSCALER_MCP_DISABLE_HOST_VALIDATION=true",
		"ZSCALER_MCP_LOG_TOOL_CALLS=true",
		"ZSCALER_MCP_PLATFORM=agentcore",
	}
}

// Labels returns the image labels for a version, commit and creation time
// (RFC 3339). An empty revision leaves the revision label out.
func Labels(version, revision, created string) map[string]string {
	l := map[string]string{
		LabelVersion: version,
		LabelSource:  SourceURL,
		LabelTitle:   Title,
		LabelCreated: created,
	}
	if revision != "" {
		l[LabelRevision] = revision
	}
	return l
}

var tagInvalid = regexp.MustCompile(`[^A-Za-z0-9_.-]`)

// Tag derives the image tag from a version. OCI tags match
// [A-Za-z0-9_][A-Za-z0-9._-]{0,127}: '+' (semver build metadata, such as
// "+dirty") becomes '_', which keeps the mapping reversible for every version
// Go stamps; any other character outside the set becomes '-'. A version that
// starts with '.' or '-' gets a 'v' in front; longer than 128 characters, the
// tag keeps the first 128.
//
//	v0.0.0-20261126071404-abcdef123456+dirty → v0.0.0-20261126071404-abcdef123456_dirty
func Tag(version string) string {
	t := strings.TrimSpace(version)
	t = strings.ReplaceAll(t, "+", "_")
	t = tagInvalid.ReplaceAllString(t, "-")
	if t == "" {
		return "latest"
	}
	if t[0] == '.' || t[0] == '-' {
		t = "v" + t
	}
	if len(t) > 128 {
		t = t[:128]
	}
	return t
}

var validTag = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$`)

// CheckTag reports whether t is a valid OCI tag, with the rule when it is not.
func CheckTag(t string) error {
	if !validTag.MatchString(t) {
		return fmt.Errorf("%q is not a valid image tag: use 1-128 characters from A-Z a-z 0-9 _ . -, not starting with . or -", t)
	}
	return nil
}

// Platforms are the architectures Build produces by default: AgentCore
// Runtime runs linux/arm64; linux/amd64 is for everyone else.
func Platforms() []string { return []string{"amd64", "arm64"} }
