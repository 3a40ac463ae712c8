package image

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	keyword string // upper case
	args    string
}

// parseDockerfile splits a Dockerfile into stages of instructions. It knows
// what this project's Dockerfile uses: comments, backslash continuations,
// JSON-form ENTRYPOINT/CMD, key=value ENV and LABEL.
func parseDockerfile(text string) [][]instruction {
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		lines = append(lines, l)
	}
	var stages [][]instruction
	var cur strings.Builder
	flush := func() {
		s := strings.TrimSpace(cur.String())
		cur.Reset()
		if s == "" {
			return
		}
		kw, args, _ := strings.Cut(s, " ")
		in := instruction{strings.ToUpper(kw), strings.TrimSpace(args)}
		if in.keyword == "FROM" || len(stages) == 0 {
			stages = append(stages, nil)
		}
		stages[len(stages)-1] = append(stages[len(stages)-1], in)
	}
	for _, l := range lines {
		t := strings.TrimRight(l, " \t\r")
		if strings.HasSuffix(t, "\\") {
			cur.WriteString(strings.TrimSuffix(t, "\\"))
			cur.WriteString(" ")
			continue
		}
		cur.WriteString(t)
		flush()
	}
	flush()
	return stages
}

func find(stage []instruction, kw string) []instruction {
	var out []instruction
	for _, in := range stage {
		if in.keyword == kw {
			out = append(out, in)
		}
	}
	return out
}

var kv = regexp.MustCompile(`([A-Za-z0-9_.-]+)=("[^"]*"|\S*)`)

func pairs(args string) [][2]string {
	var out [][2]string
	for _, m := range kv.FindAllStringSubmatch(args, -1) {
		out = append(out, [2]string{m[1], strings.Trim(m[2], `"`)})
	}
	return out
}

func readDockerfile(t *testing.T) [][]instruction {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(mustSourceDir(t), "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	stages := parseDockerfile(string(data))
	if len(stages) < 2 {
		t.Fatalf("the Dockerfile has %d stages, want a build stage and the image", len(stages))
	}
	return stages
}

// TestDockerfileAgreesWithBuild: the Dockerfile that Docker users build from
// gives the image the same environment, user, entrypoint, command, port,
// labels and build flags as Build.
func TestDockerfileAgreesWithBuild(t *testing.T) {
	stages := readDockerfile(t)
	final := stages[len(stages)-1]
	if from := final[0].args; from != "scratch" {
		t.Errorf("the image stage starts FROM %q, want scratch (the Go build has no base)", from)
	}

	var env []string
	for _, in := range find(final, "ENV") {
		for _, p := range pairs(in.args) {
			env = append(env, p[0]+"="+p[1])
		}
	}
	if !slices.Equal(env, Env()) {
		t.Errorf("Dockerfile ENV %q\nBuild's Env %q", env, Env())
	}
	single := func(kw string) string {
		ins := find(final, kw)
		if len(ins) != 1 {
			t.Errorf("the image stage has %d %s instructions, want 1", len(ins), kw)
			return ""
		}
		return ins[0].args
	}
	if got := single("USER"); got != User() {
		t.Errorf("USER %q, want %q", got, User())
	}
	if got := single("WORKDIR"); got != WorkingDir {
		t.Errorf("WORKDIR %q, want %q", got, WorkingDir)
	}
	if got := single("EXPOSE"); got != ExposedPort() {
		t.Errorf("EXPOSE %q, want %q", got, ExposedPort())
	}
	var ep, cmd []string
	if err := json.Unmarshal([]byte(single("ENTRYPOINT")), &ep); err != nil {
		t.Errorf("ENTRYPOINT is not in JSON form: %v", err)
	}
	if !slices.Equal(ep, Entrypoint()) {
		t.Errorf("ENTRYPOINT %q, want %q", ep, Entrypoint())
	}
	if err := json.Unmarshal([]byte(single("CMD")), &cmd); err != nil {
		t.Errorf("CMD is not in JSON form: %v", err)
	}
	if !slices.Equal(cmd, Cmd()) {
		t.Errorf("CMD %q, want %q", cmd, Cmd())
	}

	labels := map[string]string{}
	for _, in := range find(final, "LABEL") {
		for _, p := range pairs(in.args) {
			labels[p[0]] = p[1]
		}
	}
	want := Labels("${VERSION}", "${REVISION}", "${CREATED}")
	if len(labels) != len(want) {
		t.Errorf("Dockerfile labels %v, want the keys of %v", labels, want)
	}
	for k, v := range want {
		if labels[k] != v {
			t.Errorf("LABEL %s=%q, want %q", k, labels[k], v)
		}
	}

	// The image gets its files from the build stage, root-owned, at /.
	copies := find(final, "COPY")
	if len(copies) != 1 || !strings.Contains(copies[0].args, "--from=build") || !strings.Contains(copies[0].args, "--chown=0:0") || !strings.HasSuffix(copies[0].args, "/rootfs/ /") {
		t.Errorf("the image stage must COPY --from=build --chown=0:0 /rootfs/ /, has %v", copies)
	}

	// The build stage runs the same rootfs writer and the same go build.
	var runs []string
	for _, st := range stages[:len(stages)-1] {
		for _, in := range find(st, "RUN") {
			runs = append(runs, strings.Join(strings.Fields(in.args), " "))
		}
	}
	all := strings.Join(runs, "\n")
	if !strings.Contains(all, "go run ./internal/agentcore/image/rootfs /rootfs") {
		t.Errorf("the build stage does not write the root files with ./internal/agentcore/image/rootfs:\n%s", all)
	}
	var buildCmd []string
	for _, a := range GoBuildArgs("${VERSION}", "/rootfs/zscaler-mcp") {
		if strings.Contains(a, " ") {
			a = `"` + a + `"`
		}
		buildCmd = append(buildCmd, a)
	}
	goBuild := "go " + strings.Join(buildCmd, " ")
	// One go build, of the server alone: the image ships zscaler-mcp only.
	var buildRun string
	for _, r := range runs {
		if strings.Contains(r, "go build") {
			if buildRun != "" {
				t.Errorf("the Dockerfile runs go build twice:\n  %s\n  %s", buildRun, r)
			}
			buildRun = r
		}
	}
	if !strings.HasSuffix(buildRun, goBuild) {
		t.Errorf("the Dockerfile's go build differs from Build's:\n  Dockerfile: %s\n  want:       %s", buildRun, goBuild)
	}
	for _, e := range GoBuildEnv("$TARGETARCH") {
		if strings.HasPrefix(e, "GOOS=") {
			e = "GOOS=$TARGETOS"
		}
		if !strings.Contains(buildRun, e+" ") {
			t.Errorf("the Dockerfile's go build lacks %s", e)
		}
	}
	for _, in := range find(stages[0], "FROM") {
		if !strings.Contains(in.args, "golang:1.26") || !strings.Contains(in.args, "$BUILDPLATFORM") {
			t.Errorf("build stage FROM %q: want golang:1.26 on $BUILDPLATFORM (cross-compiled, no emulation)", in.args)
		}
	}
}

// TestDockerfileAgreesWithBuiltImage compares the Dockerfile with the config
// of the image Build really produced, not only with the package's constants.
func TestDockerfileAgreesWithBuiltImage(t *testing.T) {
	idx := builtIndex(t)
	img, err := idx.Image(mustFirstDigest(t, idx))
	if err != nil {
		t.Fatal(err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	stages := readDockerfile(t)
	final := stages[len(stages)-1]
	var env []string
	for _, in := range find(final, "ENV") {
		for _, p := range pairs(in.args) {
			env = append(env, p[0]+"="+p[1])
		}
	}
	if !slices.Equal(env, cf.Config.Env) {
		t.Errorf("Dockerfile ENV %q, built image %q", env, cf.Config.Env)
	}
	if u := find(final, "USER"); len(u) != 1 || u[0].args != cf.Config.User {
		t.Errorf("Dockerfile USER %v, built image %q", u, cf.Config.User)
	}
	var ep []string
	if e := find(final, "ENTRYPOINT"); len(e) == 1 {
		_ = json.Unmarshal([]byte(e[0].args), &ep)
	}
	if !slices.Equal(ep, cf.Config.Entrypoint) {
		t.Errorf("Dockerfile ENTRYPOINT %q, built image %q", ep, cf.Config.Entrypoint)
	}
}

func TestParseDockerfile(t *testing.T) {
	stages := parseDockerfile("# c\nFROM a AS b\nRUN x \\\n  # inner comment\n  y\nFROM scratch\nENV A=1 \\\n    B=\"2\"\n")
	if len(stages) != 2 || len(stages[0]) != 2 || stages[0][1].keyword != "RUN" || strings.Join(strings.Fields(stages[0][1].args), " ") != "x y" {
		t.Fatalf("stages %+v", stages)
	}
	if p := pairs(stages[1][1].args); len(p) != 2 || p[1] != [2]string{"B", "2"} {
		t.Errorf("ENV pairs %v", p)
	}
}
