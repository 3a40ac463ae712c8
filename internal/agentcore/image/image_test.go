package image

import (
	"bytes"
	"crypto/x509"
	"debug/buildinfo"
	"debug/elf"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"

	ownbuild "github.com/zscaler-mcp/zscaler-mcp/internal/buildinfo"
	"github.com/zscaler-mcp/zscaler-mcp/internal/companion"
)

const sizeBar = 20 * 1000 * 1000 // the bar: under 20 MB compressed per architecture

// TestImageRoundTrip builds the real image, pushes it to an in-process
// registry, pulls it back and checks everything the container contract and
// the issue promise.
func TestImageRoundTrip(t *testing.T) {
	idx := builtIndex(t)
	t.Logf("build of both architectures took %s", shared.took.Round(time.Second))
	host := newRegistry(t)

	sum, err := Summarize(idx)
	if err != nil {
		t.Fatal(err)
	}
	tag := Tag(sum.Version)
	t.Logf("version %s (tag %s), commit %s, created %s, index %s", sum.Version, tag, sum.Revision, sum.Created, sum.Digest)
	ref := host + "/zscaler/zscaler-mcp-server:" + tag
	if err := Push(t.Context(), idx, ref, authn.Anonymous); err != nil {
		t.Fatal(err)
	}

	r, err := name.ParseReference(ref)
	if err != nil {
		t.Fatal(err)
	}
	pulled, err := remote.Index(r, remote.WithContext(t.Context()))
	if err != nil {
		t.Fatal(err)
	}
	wantDigest, _ := idx.Digest()
	gotDigest, err := pulled.Digest()
	if err != nil {
		t.Fatal(err)
	}
	if gotDigest != wantDigest {
		t.Errorf("pulled index %s, pushed %s", gotDigest, wantDigest)
	}
	im, err := pulled.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if im.MediaType != types.OCIImageIndex {
		t.Errorf("index media type %s, want %s", im.MediaType, types.OCIImageIndex)
	}
	if got := im.Annotations[LabelVersion]; got != sum.Version || got == "" {
		t.Errorf("index version annotation %q, want %q", got, sum.Version)
	}

	running := ownbuild.Get()
	var platforms []string
	for _, desc := range im.Manifests {
		if desc.Platform == nil {
			t.Fatalf("manifest %s has no platform", desc.Digest)
		}
		platforms = append(platforms, desc.Platform.String())
		arch := desc.Platform.Architecture
		t.Run(desc.Platform.String(), func(t *testing.T) {
			img, err := pulled.Image(desc.Digest)
			if err != nil {
				t.Fatal(err)
			}
			checkImage(t, img, arch, running)
		})
	}
	slices.Sort(platforms)
	if want := []string{"linux/amd64", "linux/arm64/v8"}; !slices.Equal(platforms, want) {
		t.Errorf("platforms %v, want %v", platforms, want)
	}

	for _, a := range sum.Arches {
		t.Logf("%s: %s, %.2f MB compressed, %.2f MB unpacked", a.Platform, a.Digest, float64(a.CompressedSize)/1e6, float64(a.UncompressedSize)/1e6)
		if a.CompressedSize >= sizeBar {
			t.Errorf("%s is %d bytes compressed, over the 20 MB bar", a.Platform, a.CompressedSize)
		}
		if a.CompressedSize < 1_000_000 {
			t.Errorf("%s is only %d bytes compressed: no server binary in it?", a.Platform, a.CompressedSize)
		}
	}
}

func checkImage(t *testing.T, img v1.Image, arch string, running ownbuild.Info) {
	t.Helper()
	mt, _ := img.MediaType()
	if mt != types.OCIManifestSchema1 {
		t.Errorf("manifest media type %s", mt)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if cf.OS != "linux" || cf.Architecture != arch {
		t.Errorf("config platform %s/%s, want linux/%s", cf.OS, cf.Architecture, arch)
	}
	c := cf.Config
	if !slices.Equal(c.Entrypoint, []string{"/zscaler-mcp"}) {
		t.Errorf("Entrypoint %q", c.Entrypoint)
	}
	if !slices.Equal(c.Cmd, []string{"serve"}) {
		t.Errorf("Cmd %q", c.Cmd)
	}
	if c.User != "65532:65532" {
		t.Errorf("User %q, want 65532:65532", c.User)
	}
	if c.WorkingDir != "/" {
		t.Errorf("WorkingDir %q", c.WorkingDir)
	}
	wantEnv := []string{
		"ZSCALER_MCP_TRANSPORT=streamable-http",
		"ZSCALER_MCP_HOST=0.0.0.0",
		"ZSCALER_MCP_PORT=8000",
		"ZSCALER_MCP_ALLOW_HTTP=true",
		"ZSCALER_MCP_DISABLE_HOST_VALIDATION=true",
		"ZSCALER_MCP_LOG_TOOL_CALLS=true",
		"ZSCALER_MCP_PLATFORM=agentcore",
	}
	if !slices.Equal(c.Env, wantEnv) {
		t.Errorf("Env %q\nwant %q", c.Env, wantEnv)
	}
	for _, e := range c.Env {
		if strings.Contains(e, "SECRET") || strings.Contains(e, "CLIENT_ID") || strings.HasPrefix(e, "ZSCALER_MCP_AUTH_MODE=") {
			t.Errorf("the image environment must not hold %s", e)
		}
	}
	if len(c.ExposedPorts) != 1 {
		t.Errorf("ExposedPorts %v", c.ExposedPorts)
	}
	if _, ok := c.ExposedPorts["8000/tcp"]; !ok {
		t.Errorf("ExposedPorts %v lacks 8000/tcp", c.ExposedPorts)
	}
	if c.Labels[LabelSource] != "https://github.com/zscaler-mcp/zscaler-mcp" || c.Labels[LabelTitle] != "zscaler-mcp" {
		t.Errorf("labels %v", c.Labels)
	}
	created, err := time.Parse(time.RFC3339, c.Labels[LabelCreated])
	if err != nil {
		t.Errorf("created label %q: %v", c.Labels[LabelCreated], err)
	} else if !created.Equal(cf.Created.Time) {
		t.Errorf("created label %s, config created %s", created, cf.Created.Time)
	}

	entries := layerEntries(t, img)
	var names []string
	files := map[string]tarEntry{}
	for _, e := range entries {
		names = append(names, e.hdr.Name)
		files[e.hdr.Name] = e
		if e.hdr.Uid != 0 || e.hdr.Gid != 0 {
			t.Errorf("%s is owned by %d:%d, want root", e.hdr.Name, e.hdr.Uid, e.hdr.Gid)
		}
		if e.hdr.Mode&0o022 != 0 {
			t.Errorf("%s has mode %o: writable by group or others", e.hdr.Name, e.hdr.Mode)
		}
		if !e.hdr.ModTime.Equal(cf.Created.Time) {
			t.Errorf("%s has mtime %s, want the creation time %s", e.hdr.Name, e.hdr.ModTime, cf.Created.Time)
		}
	}
	wantNames := []string{"etc/", "etc/group", "etc/passwd", "etc/ssl/", "etc/ssl/certs/", "etc/ssl/certs/ca-certificates.crt", "zscaler-mcp"}
	if !slices.Equal(names, wantNames) {
		t.Fatalf("layer entries %q\nwant %q", names, wantNames)
	}
	modes := map[string]int64{"etc/": 0o755, "etc/group": 0o644, "etc/passwd": 0o644, "etc/ssl/": 0o755, "etc/ssl/certs/": 0o755, "etc/ssl/certs/ca-certificates.crt": 0o644, "zscaler-mcp": 0o755}
	for n, m := range modes {
		if files[n].hdr.Mode != m {
			t.Errorf("%s mode %o, want %o", n, files[n].hdr.Mode, m)
		}
	}
	if !strings.Contains(string(files["etc/passwd"].data), "\nnonroot:x:65532:65532:") {
		t.Errorf("/etc/passwd lacks the nonroot user:\n%s", files["etc/passwd"].data)
	}
	if !strings.Contains(string(files["etc/group"].data), "\nnonroot:x:65532:") {
		t.Errorf("/etc/group lacks the nonroot group:\n%s", files["etc/group"].data)
	}
	checkCABundle(t, files["etc/ssl/certs/ca-certificates.crt"].data)

	bin := files["zscaler-mcp"].data
	f, err := elf.NewFile(bytes.NewReader(bin))
	if err != nil {
		t.Fatalf("/zscaler-mcp is not an ELF file: %v", err)
	}
	want := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}[arch]
	if f.Machine != want {
		t.Errorf("/zscaler-mcp is for %s, want %s", f.Machine, want)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("/zscaler-mcp is dynamically linked")
		}
	}
	if f.Section(".symtab") != nil {
		t.Error("/zscaler-mcp has a symbol table: -s was not applied")
	}
	bi, err := buildinfo.Read(bytes.NewReader(bin))
	if err != nil {
		t.Fatal(err)
	}
	if linked := companion.DeployModulesIn(bi); len(linked) > 0 {
		t.Errorf("the image's zscaler-mcp links deploy-only modules: %s", strings.Join(linked, ", "))
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if settings["GOOS"] != "linux" || settings["GOARCH"] != arch || settings["CGO_ENABLED"] != "0" || settings["-trimpath"] != "true" {
		t.Errorf("build settings %v", settings)
	}
	// -trimpath keeps -ldflags out of the build information; -s shows as a
	// missing symbol table above, and -X as the version the binary reports below.

	// The labels tell the binary's own version and commit, never a constant.
	wantVersion := running.Version
	if strings.HasPrefix(wantVersion, "v0.0.0-dev") {
		// This test binary has no version of its own (go test stamps no
		// VCS information): the image carries what the toolchain stamped.
		wantVersion = selfReportedVersion(bi.Main.Version, settings["vcs.revision"])
	}
	if c.Labels[LabelVersion] != wantVersion {
		t.Errorf("version label %q, want %q", c.Labels[LabelVersion], wantVersion)
	}
	if c.Labels[LabelRevision] != settings["vcs.revision"] {
		t.Errorf("revision label %q, binary's vcs.revision %q", c.Labels[LabelRevision], settings["vcs.revision"])
	}
	if head, err := exec.Command("git", "-C", mustSourceDir(t), "rev-parse", "HEAD").Output(); err == nil {
		if got := c.Labels[LabelRevision]; got != strings.TrimSpace(string(head)) {
			t.Errorf("revision label %q, checkout HEAD %s", got, head)
		}
	}
	if arch == runtime.GOARCH && runtime.GOOS == "linux" {
		// Run the binary of this machine's architecture: it must report the label's version.
		p := filepath.Join(t.TempDir(), "zscaler-mcp")
		if err := os.WriteFile(p, bin, 0o755); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(p, "version", "--json").Output()
		if err != nil {
			t.Fatalf("%s version: %v", p, err)
		}
		var info ownbuild.Info
		if err := json.Unmarshal(out, &info); err != nil {
			t.Fatalf("version --json: %v: %s", err, out)
		}
		if info.Version != c.Labels[LabelVersion] {
			t.Errorf("the binary says version %q, the label %q", info.Version, c.Labels[LabelVersion])
		}
		if rev := c.Labels[LabelRevision]; rev != "" && info.Commit != rev {
			t.Errorf("the binary says commit %q, the label %q", info.Commit, rev)
		}
	}
}

func checkCABundle(t *testing.T, pemData []byte) {
	t.Helper()
	n, err := checkPEMBundle(pemData)
	if err != nil {
		t.Fatalf("CA bundle: %v", err)
	}
	if n < 100 {
		t.Errorf("CA bundle holds %d certificates; the NSS set has over 100", n)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemData) {
		t.Fatal("CA bundle does not load into a CertPool")
	}
	// The roots the server's own endpoints chain to (AWS services; Zscaler's
	// public endpoints use DigiCert and similar) must be there.
	for _, cn := range []string{"Amazon Root CA 1", "Starfield Services Root Certificate Authority - G2", "DigiCert Global Root G2", "ISRG Root X1"} {
		if !bytes.Contains(pemData, []byte("CN="+cn+",")) {
			t.Errorf("CA bundle lacks %s", cn)
		}
	}
	if bytes.Contains(pemData, []byte("Izenpe")) {
		t.Error("CA bundle holds a root that NSS trusts only with a distrust-after constraint")
	}
}

func mustSourceDir(t *testing.T) string {
	t.Helper()
	d, err := sourceDir("")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestWriteLayout writes the built index as an OCI layout and reads it back.
func TestWriteLayout(t *testing.T) {
	idx := fakeIndex(t, "layout")
	dir := filepath.Join(t.TempDir(), "oci")
	if err := WriteLayout(dir, idx, "v1.2.3"); err != nil {
		t.Fatal(err)
	}
	root, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	im, err := root.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Manifests) != 1 || im.Manifests[0].Annotations["org.opencontainers.image.ref.name"] != "v1.2.3" {
		t.Fatalf("index.json %+v", im.Manifests)
	}
	want, _ := idx.Digest()
	if im.Manifests[0].Digest != want {
		t.Errorf("layout points at %s, want %s", im.Manifests[0].Digest, want)
	}
	child, err := root.ImageIndex(want)
	if err != nil {
		t.Fatal(err)
	}
	cim, err := child.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(cim.Manifests) != 2 {
		t.Errorf("%d manifests in the layout's index", len(cim.Manifests))
	}
	for _, d := range cim.Manifests {
		img, err := child.Image(d.Digest)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := img.Layers(); err != nil {
			t.Fatal(err)
		}
	}
	// A folder that already holds something is refused.
	if err := WriteLayout(dir, idx, "v1.2.3"); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("WriteLayout into a non-empty folder: %v", err)
	}
}

// TestAssembleReproducible: the same inputs give the same digests.
func TestAssembleReproducible(t *testing.T) {
	a, _ := fakeIndex(t, "same").Digest()
	b, _ := fakeIndex(t, "same").Digest()
	c, _ := fakeIndex(t, "other").Digest()
	if a != b {
		t.Errorf("two builds of the same inputs differ: %s vs %s", a, b)
	}
	if a == c {
		t.Errorf("different binaries gave the same index %s", a)
	}
}

// TestWriteRootFSMatchesLayer: the files the Dockerfile writes through
// ./rootfs are the files of the Go-built layer.
func TestWriteRootFSMatchesLayer(t *testing.T) {
	dir := t.TempDir()
	if err := WriteRootFS(dir); err != nil {
		t.Fatal(err)
	}
	idx := fakeIndex(t, "rootfs")
	img, err := idx.Image(mustFirstDigest(t, idx))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range layerEntries(t, img) {
		if e.hdr.Name == "zscaler-mcp" {
			continue
		}
		n++
		p := filepath.Join(dir, filepath.FromSlash(strings.TrimSuffix(e.hdr.Name, "/")))
		st, err := os.Stat(p)
		if err != nil {
			t.Errorf("WriteRootFS did not write %s: %v", e.hdr.Name, err)
			continue
		}
		if int64(st.Mode().Perm()) != e.hdr.Mode {
			t.Errorf("%s: mode %o on disk, %o in the layer", e.hdr.Name, st.Mode().Perm(), e.hdr.Mode)
		}
		if st.IsDir() != (e.hdr.Typeflag == '5') {
			t.Errorf("%s: directory on disk %v, in the layer %v", e.hdr.Name, st.IsDir(), e.hdr.Typeflag == '5')
		}
		if !st.IsDir() {
			data, _ := os.ReadFile(p)
			if !bytes.Equal(data, e.data) {
				t.Errorf("%s differs between WriteRootFS and the layer", e.hdr.Name)
			}
		}
	}
	if n != 6 {
		t.Errorf("%d non-binary entries in the layer, want 6", n)
	}
}

func mustFirstDigest(t *testing.T, idx v1.ImageIndex) v1.Hash {
	t.Helper()
	im, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	return im.Manifests[0].Digest
}

func TestCABundle(t *testing.T) {
	checkCABundle(t, CABundle())
}

func TestTag(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"v1.2.3", "v1.2.3"},
		{"v0.0.0-20261126071404-abcdef123456", "v0.0.0-20261126071404-abcdef123456"},
		{"v0.0.0-20261126071404-abcdef123456+dirty", "v0.0.0-20261126071404-abcdef123456_dirty"},
		{"v0.0.0-dev+abcdef123456", "v0.0.0-dev_abcdef123456"},
		{"1.2.3 beta/x", "1.2.3-beta-x"},
		{".hidden", "v.hidden"},
		{"", "latest"},
		{strings.Repeat("a", 200), strings.Repeat("a", 128)},
	} {
		got := Tag(c.in)
		if got != c.want {
			t.Errorf("Tag(%q) = %q, want %q", c.in, got, c.want)
		}
		if err := CheckTag(got); err != nil {
			t.Errorf("Tag(%q) = %q is not a valid tag: %v", c.in, got, err)
		}
	}
	for _, bad := range []string{"", "-x", ".x", "a+b", "a/b", strings.Repeat("a", 129)} {
		if CheckTag(bad) == nil {
			t.Errorf("CheckTag(%q) accepted it", bad)
		}
	}
}

func TestChooseVersion(t *testing.T) {
	for _, c := range []struct {
		override, running, want string
		fromRunning             bool
	}{
		{"v9.9.9", "v1.0.0", "v9.9.9", false},
		{"", "v1.0.0", "v1.0.0", true},
		{"", "v0.0.0-20261126071404-abcdef123456", "v0.0.0-20261126071404-abcdef123456", true},
		{"", "v0.0.0-dev", "", false},
		{"", "v0.0.0-dev+abcdef123456", "", false},
	} {
		got, from := chooseVersion(c.override, c.running)
		if got != c.want || from != c.fromRunning {
			t.Errorf("chooseVersion(%q, %q) = %q, %v; want %q, %v", c.override, c.running, got, from, c.want, c.fromRunning)
		}
	}
	if got := selfReportedVersion("v0.0.0-2026-abc+dirty", "abc"); got != "v0.0.0-2026-abc+dirty" {
		t.Errorf("selfReportedVersion with a stamp = %q", got)
	}
	if got := selfReportedVersion("(devel)", "0123456789abcdef"); got != "v0.0.0-dev+0123456789ab" {
		t.Errorf("selfReportedVersion without a stamp = %q", got)
	}
	if got := selfReportedVersion("", ""); got != "v0.0.0-dev" {
		t.Errorf("selfReportedVersion without anything = %q", got)
	}
	if err := checkVersion("v1 2"); err == nil {
		t.Error("a version with a space was accepted")
	}
}

func TestSourceDir(t *testing.T) {
	d := mustSourceDir(t)
	if _, err := os.Stat(filepath.Join(d, "cmd", "zscaler-mcp")); err != nil {
		t.Errorf("sourceDir found %s, which has no cmd/zscaler-mcp", d)
	}
	if _, err := sourceDir(t.TempDir()); err == nil || !strings.Contains(err.Error(), "--from") {
		t.Errorf("sourceDir of an empty folder: %v", err)
	}
}

func TestBuildFailsWithoutGo(t *testing.T) {
	_, err := Build(t.Context(), BuildOptions{GoBin: "no-such-go-toolchain"})
	if err == nil || !strings.Contains(err.Error(), "Go toolchain") || !strings.Contains(err.Error(), "--from") {
		t.Errorf("Build without a toolchain: %v", err)
	}
	_, err = Build(t.Context(), BuildOptions{CABundle: []byte("not PEM")})
	if err == nil || !strings.Contains(err.Error(), "CA bundle") {
		t.Errorf("Build with a bad CA bundle: %v", err)
	}
}
