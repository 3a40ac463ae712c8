package image

import (
	"bytes"
	"context"
	"debug/buildinfo"
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"

	ownbuild "github.com/zscaler-mcp/zscaler-mcp/internal/buildinfo"
)

// BuildOptions tune Build. The zero value builds both architectures from the
// checkout that holds the working directory, versioned like the running binary.
type BuildOptions struct {
	// SourceDir is the root of the zscaler-mcp source checkout (the folder of
	// its go.mod). Empty: the nearest one at or above the working directory.
	SourceDir string
	// Version overrides the version linked into the binary (-X) and put in
	// the labels. Empty: the running binary's own version (internal/buildinfo),
	// and the checkout must then be the commit that binary was built from; or,
	// when the running binary has no version of its own (a build without VCS
	// information reports the "v0.0.0-dev" placeholder), the version the Go
	// toolchain stamps from the checkout, as the image's binary reports it.
	Version string
	// Platforms are GOARCH values; empty means Platforms() (amd64 and arm64).
	Platforms []string
	// GoBin is the go command; empty means "go" from PATH.
	GoBin string
	// CABundle replaces the CA roots (PEM); empty means CABundle().
	CABundle []byte
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// binaryInfo is what a compiled binary tells about itself.
type binaryInfo struct {
	arch     string
	path     string
	revision string
	modified bool
	stamped  string // the main module version the toolchain stamped
	time     time.Time
}

// Build cross-compiles the server for each platform and assembles the
// multi-arch OCI image index. See the package documentation.
func Build(ctx context.Context, opts BuildOptions) (v1.ImageIndex, error) {
	logw := opts.Log
	if logw == nil {
		logw = io.Discard
	}
	src, err := sourceDir(opts.SourceDir)
	if err != nil {
		return nil, err
	}
	goBin := opts.GoBin
	if goBin == "" {
		goBin = "go"
	}
	if _, err := exec.LookPath(goBin); err != nil {
		return nil, fmt.Errorf("the Go toolchain (%s) is not on PATH: %w; install Go 1.26 or later to build the image from source, or copy a published image with --from REF", goBin, err)
	}
	platforms := opts.Platforms
	if len(platforms) == 0 {
		platforms = Platforms()
	}
	running := ownbuild.Get()
	version, fromRunning := chooseVersion(opts.Version, running.Version)
	if version != "" {
		if err := checkVersion(version); err != nil {
			return nil, err
		}
	}
	caPEM := opts.CABundle
	if len(caPEM) == 0 {
		caPEM = CABundle()
	}
	if _, err := checkPEMBundle(caPEM); err != nil {
		return nil, fmt.Errorf("CA bundle: %w", err)
	}

	tmp, err := os.MkdirTemp("", "zscaler-mcp-image-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	bins := make([]binaryInfo, 0, len(platforms))
	for _, arch := range platforms {
		shown := version
		if shown == "" {
			shown = "from the checkout"
		}
		fmt.Fprintf(logw, "compiling %s for linux/%s (version %s)\n", MainPackage, arch, shown)
		bi, err := compile(ctx, goBin, src, arch, version, tmp)
		if err != nil {
			return nil, err
		}
		bins = append(bins, bi)
	}
	rev, modified, created := bins[0].revision, bins[0].modified, bins[0].time
	for _, b := range bins[1:] {
		if b.revision != rev || b.modified != modified || b.stamped != bins[0].stamped {
			return nil, fmt.Errorf("the linux/%s and linux/%s binaries were built from different sources (%s vs %s): the checkout changed during the build; run it again", bins[0].arch, b.arch, rev, b.revision)
		}
	}
	if fromRunning && running.Commit != "unknown" && rev != "" && (rev != running.Commit || modified != running.Modified) {
		return nil, fmt.Errorf("this zscaler-mcp-agentcore (%s, commit %s%s) was not built from the checkout in %s (commit %s%s), so the image would carry a version that is not its own; build both commands from this checkout (go build -o DIR/ ./cmd/...) and run it again, or pass --version",
			running.Version, short(running.Commit), dirty(running.Modified), src, short(rev), dirty(modified))
	}
	if version == "" {
		// Nothing was linked in: the binaries report the version the Go
		// toolchain stamped from the checkout, and so does the image.
		version = selfReportedVersion(bins[0].stamped, rev)
	}
	if created.IsZero() {
		created = sourceDateEpoch()
	}
	created = created.UTC().Truncate(time.Second)

	labels := Labels(version, rev, created.Format(time.RFC3339))
	idx := mutate.IndexMediaType(empty.Index, types.OCIImageIndex)
	for _, b := range bins {
		data, err := os.ReadFile(b.path)
		if err != nil {
			return nil, err
		}
		img, err := assemble(b.arch, data, caPEM, labels, created)
		if err != nil {
			return nil, fmt.Errorf("assembling the linux/%s image: %w", b.arch, err)
		}
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{
			Add:        img,
			Descriptor: v1.Descriptor{Platform: platformOf(b.arch)},
		})
	}
	out, ok := mutate.Annotations(idx, labels).(v1.ImageIndex)
	if !ok {
		return nil, errors.New("annotating the image index failed")
	}
	// Compute now, so that errors surface here and not in the middle of a push.
	if _, err := out.Digest(); err != nil {
		return nil, err
	}
	return out, nil
}

// chooseVersion picks the version to link into the binaries: the override,
// else the running binary's own version unless it is the placeholder of a
// build without version control information ("v0.0.0-dev..."). It returns ""
// when the toolchain's stamp of the checkout is to be used instead, and
// whether the version came from the running binary.
func chooseVersion(override, running string) (string, bool) {
	if override != "" {
		return override, false
	}
	if running != "" && !strings.HasPrefix(running, "v0.0.0-dev") {
		return running, true
	}
	return "", false
}

// selfReportedVersion is what internal/buildinfo reports for a binary linked
// without a version: the toolchain's stamp, else a placeholder.
func selfReportedVersion(stamped, revision string) string {
	if stamped != "" && stamped != "(devel)" {
		return stamped
	}
	if revision != "" {
		return "v0.0.0-dev+" + short(revision)
	}
	return "v0.0.0-dev"
}

func dirty(modified bool) string {
	if modified {
		return ", modified"
	}
	return ""
}

func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

// checkVersion rejects versions that cannot be passed through -ldflags -X or
// that would say nothing.
func checkVersion(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("the image version is empty: pass --version")
	}
	if strings.ContainsAny(v, " \t\r\n'\"\\") {
		return fmt.Errorf("version %q contains whitespace, quotes or backslashes: pass a plain version such as v1.2.3", v)
	}
	return nil
}

// sourceDateEpoch is the fallback creation time when the binary carries no
// commit time: $SOURCE_DATE_EPOCH, else the Unix epoch (reproducible either way).
func sourceDateEpoch() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0)
		}
	}
	return time.Unix(0, 0)
}

// sourceDir finds the module root of the zscaler-mcp checkout.
func sourceDir(dir string) (string, error) {
	start := dir
	if start == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		start = wd
	}
	abs, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		gomod, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil && modulePath(gomod) == Module {
			return d, nil
		}
		if dir != "" || filepath.Dir(d) == d {
			break
		}
	}
	if dir != "" {
		return "", fmt.Errorf("%s is not the root of a zscaler-mcp source checkout (no go.mod for module %s there): pass the folder that holds it, or copy a published image with --from REF", abs, Module)
	}
	return "", fmt.Errorf("no zscaler-mcp source checkout at or above %s (no go.mod for module %s): run this inside a checkout, pass --source DIR, or copy a published image with --from REF", abs, Module)
}

func modulePath(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, "module"); ok && (strings.HasPrefix(rest, " ") || strings.HasPrefix(rest, "\t")) {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// GoBuildArgs are the arguments of the go build that compiles the server for
// one architecture (GOOS=linux, CGO_ENABLED=0 in the environment). The
// Dockerfile uses the same flags. The build tag leaves the embedded sandbox
// tenant out (cmd/zscaler-mcp/sandbox_none.go): a deployment serves a real
// tenant, and the sandbox's seeds grow with the catalogue.
//
// Inlining is off in the packages where it buys size and no speed that
// serving notices (the modules, HTTP and TLS plumbing, fmt, slog): about
// 0.4 MB less compressed, for some 4% more CPU per tools/call
// (docs/benchmarks.md). The runtime, reflect, crypto primitives and the
// JSON encoders keep it.
func GoBuildArgs(version, output string) []string {
	args := []string{"build", "-trimpath", "-buildvcs=auto", "-tags", BuildTags}
	for _, p := range []string{"github.com/...", "net", "net/http/...", "crypto/tls", "fmt", "math/big", "encoding/gob", "log/slog/..."} {
		args = append(args, "-gcflags="+p+"=-l")
	}
	args = append(args, "-gcflags=github.com/segmentio/...=") // the JSON of every record
	return append(args, "-ldflags", "-s -w -X "+VersionVar+"="+version, "-o", output, MainPackage)
}

// GoBuildEnv is the environment of that go build for one architecture: static
// (no cgo), Linux, and the baseline instruction set whatever the builder's
// environment says, so the image runs on every machine of its architecture.
func GoBuildEnv(arch string) []string {
	return []string{"CGO_ENABLED=0", "GOOS=linux", "GOARCH=" + arch, "GOAMD64=v1", "GOARM64=v8.0"}
}

func compile(ctx context.Context, goBin, src, arch, version, tmp string) (binaryInfo, error) {
	out := filepath.Join(tmp, "linux-"+arch, "zscaler-mcp")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return binaryInfo{}, err
	}
	cmd := exec.CommandContext(ctx, goBin, GoBuildArgs(version, out)...)
	cmd.Dir = src
	cmd.Env = append(os.Environ(), GoBuildEnv(arch)...)
	var stderr bytes.Buffer
	cmd.Stdout = &stderr
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return binaryInfo{}, ctx.Err()
		}
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 4000 {
			msg = "..." + msg[len(msg)-4000:]
		}
		return binaryInfo{}, fmt.Errorf("go build of %s for linux/%s in %s failed (%v):\n%s\nfix the build (go build %s), or copy a published image with --from REF", MainPackage, arch, src, err, msg, MainPackage)
	}
	return inspectBinary(out, arch)
}

// inspectBinary checks that the binary is a static Linux ELF for arch and
// reads its VCS stamp.
func inspectBinary(path, arch string) (binaryInfo, error) {
	f, err := elf.Open(path)
	if err != nil {
		return binaryInfo{}, fmt.Errorf("the linux/%s binary is not an ELF file: %w", arch, err)
	}
	machine := f.Machine
	var interp bool
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			interp = true
		}
	}
	f.Close()
	if want := ELFMachine(arch); want != elf.EM_NONE && machine != want {
		return binaryInfo{}, fmt.Errorf("the linux/%s binary is for %s, not %s", arch, machine, want)
	}
	if interp {
		return binaryInfo{}, fmt.Errorf("the linux/%s binary is dynamically linked (it has an ELF interpreter); it must be static (CGO_ENABLED=0)", arch)
	}
	bi, err := buildinfo.ReadFile(path)
	if err != nil {
		return binaryInfo{}, fmt.Errorf("reading the build information of the linux/%s binary: %w", arch, err)
	}
	info := binaryInfo{arch: arch, path: path, stamped: bi.Main.Version}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.revision = s.Value
		case "vcs.modified":
			info.modified = s.Value == "true"
		case "vcs.time":
			if t, err := time.Parse(time.RFC3339, s.Value); err == nil {
				info.time = t
			}
		}
	}
	return info, nil
}

// ELFMachine is the ELF machine of a GOARCH (EM_NONE when unknown).
func ELFMachine(arch string) elf.Machine {
	switch arch {
	case "amd64":
		return elf.EM_X86_64
	case "arm64":
		return elf.EM_AARCH64
	case "386":
		return elf.EM_386
	case "arm":
		return elf.EM_ARM
	case "ppc64le", "ppc64":
		return elf.EM_PPC64
	case "s390x":
		return elf.EM_S390
	case "riscv64":
		return elf.EM_RISCV
	}
	return elf.EM_NONE
}

func platformOf(arch string) *v1.Platform {
	p := &v1.Platform{OS: "linux", Architecture: arch}
	if arch == "arm64" {
		p.Variant = "v8"
	}
	return p
}

// assemble builds the single-layer image of one architecture.
func assemble(arch string, binary, caPEM []byte, labels map[string]string, created time.Time) (v1.Image, error) {
	raw, err := layerTar(Files(binary, caPEM), created)
	if err != nil {
		return nil, err
	}
	gz, err := gzipBytes(raw)
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(gz)), nil
	}, tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return nil, err
	}
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	img, err = mutate.Append(img, mutate.Addendum{
		Layer:     layer,
		MediaType: types.OCILayer,
		History: v1.History{
			Created:   v1.Time{Time: created},
			CreatedBy: "zscaler-mcp agentcore image build (" + labels[LabelVersion] + ", linux/" + arch + ")",
			Comment:   "static zscaler-mcp binary, CA roots, nonroot user",
		},
	})
	if err != nil {
		return nil, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	p := platformOf(arch)
	cf.OS, cf.Architecture, cf.Variant = p.OS, p.Architecture, p.Variant
	cf.Created = v1.Time{Time: created}
	cf.Config = v1.Config{
		Entrypoint:   Entrypoint(),
		Cmd:          Cmd(),
		User:         User(),
		WorkingDir:   WorkingDir,
		Env:          Env(),
		ExposedPorts: map[string]struct{}{ExposedPort(): {}},
		Labels:       labels,
	}
	return mutate.ConfigFile(img, cf)
}
