// Package companion finds the other command of this repository: the server
// (zscaler-mcp) runs the deploy tool (zscaler-mcp-agentcore) for `zscaler-mcp
// agentcore`, and the deploy tool runs the server for `agentcore dev`. They
// are two binaries so that the server links none of the deploy tool's
// dependencies; this package must stay as light as the server needs it to be.
package companion

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/buildinfo"
)

// The two commands.
const (
	Server     = "zscaler-mcp"
	DeployTool = "zscaler-mcp-agentcore"
)

// Module is the Go module both commands are built from.
const Module = "github.com/zscaler-mcp/zscaler-mcp"

// InvokedAsEnv tells the deploy tool how the user invoked it, so that its help
// and errors name the command the user typed (`zscaler-mcp agentcore`).
const InvokedAsEnv = "ZSCALER_MCP_AGENTCORE_INVOKED_AS"

// NotFoundError says where a command was looked for and how to install it.
type NotFoundError struct {
	Name    string
	Beside  string // the folder of the running binary ("" if unknown)
	Install string // one command that installs it
}

func (e *NotFoundError) Error() string {
	where := "on the PATH"
	if e.Beside != "" {
		where = "beside this binary (in " + e.Beside + ") or on the PATH"
	}
	return fmt.Sprintf("%s is not installed: it was looked for %s\n  install it with: %s", e.Name, where, e.Install)
}

// Find returns the path of the command name: beside the running binary first
// (the two are built and installed together, `go build -o DIR/ ./cmd/...` or
// `go install`), then on the PATH, the way git and kubectl find theirs.
func Find(name string) (string, error) {
	file := name
	if runtime.GOOS == "windows" {
		file += ".exe"
	}
	dir := ""
	if self, err := os.Executable(); err == nil {
		dir = filepath.Dir(self)
		p := filepath.Join(dir, file)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && executable(st.Mode()) {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	} else if !errors.Is(err, exec.ErrNotFound) && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("looking for %s on the PATH: %w", name, err)
	}
	return "", &NotFoundError{Name: name, Beside: dir, Install: InstallCommand(name, dir)}
}

func executable(m fs.FileMode) bool {
	return runtime.GOOS == "windows" || m.Perm()&0o111 != 0
}

// InstallCommand is the one command that installs name so that Find finds
// it: the very version this binary is when it is a published one; built
// from a checkout, a build of the checkout into dir (beside this binary);
// otherwise the latest release.
func InstallCommand(name, dir string) string {
	info := buildinfo.Get()
	if published(info.Version) {
		return "go install " + Module + "/cmd/" + name + "@" + info.Version
	}
	if info.Commit != "unknown" && dir != "" {
		return "go build -o " + dir + string(filepath.Separator) + " ./cmd/" + name + "   (in the zscaler-mcp source checkout)"
	}
	return "go install " + Module + "/cmd/" + name + "@latest"
}

// published reports whether v names a release the module proxy can serve:
// a semantic version that is neither a local placeholder, nor modified
// (+dirty), nor a pseudo-version of a commit that may never have been pushed.
func published(v string) bool {
	if !strings.HasPrefix(v, "v") || strings.ContainsAny(v, "+ ") || strings.HasPrefix(v, "v0.0.0-dev") {
		return false
	}
	return !pseudo(v)
}

// pseudo reports whether v is a Go pseudo-version: it ends in a 14-digit
// UTC timestamp and a 12-character commit prefix (vX.Y.Z-yyyymmddhhmmss-abcdef123456,
// or with "-pre.0." / ".0." before the timestamp).
func pseudo(v string) bool {
	i := strings.LastIndexByte(v, '-')
	if i < 0 || len(v)-i-1 != 12 {
		return false
	}
	stamp := v[:i]
	if len(stamp) < 14 {
		return false
	}
	for _, c := range stamp[len(stamp)-14:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// DeployOnlyModules are the modules only the deploy tool may link. The
// server's tests fail when its binary, or the image's, links one: each would
// cost every start of the server package initialisation and memory, and add
// to what the image's scanners report, for code that serving never runs.
var DeployOnlyModules = []string{
	"github.com/aws/aws-sdk-go-v2/service/cloudformation",
	"github.com/aws/aws-sdk-go-v2/service/iam",
	"github.com/aws/aws-sdk-go-v2/service/ecr",
	"github.com/aws/aws-sdk-go-v2/service/s3",
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs",
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentcore",
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol",
	"github.com/google/go-containerregistry",
	"github.com/docker/cli",
	"github.com/docker/docker-credential-helpers",
}

// DeployModulesIn lists the deploy-only modules a binary's build information
// says it links.
func DeployModulesIn(bi *debug.BuildInfo) []string {
	var out []string
	for _, d := range bi.Deps {
		if slices.Contains(DeployOnlyModules, d.Path) {
			out = append(out, d.Path)
		}
	}
	return out
}
