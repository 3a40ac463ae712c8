// Package shared reads, for tests, the files kept in ../shared beside the repository: the Zscaler API traffic that the
// Zscaler Python SDK's integration tests recorded, and the facts about the reference server. They may not be copied
// into the project, so a test that needs them skips, saying why, when they are absent.
package shared

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"go.yaml.in/yaml/v3"
)

// Path returns ../shared/<elem...> beside the repository, or skips t when it does not exist.
func Path(t testing.TB, elem ...string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found")
		}
		dir = parent
	}
	p := filepath.Join(append([]string{dir, "..", "shared"}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("no %s: this test needs ../shared beside the repository", p)
	}
	return p
}

// Recording is one vcrpy file: the interactions in the order the SDK's test made them.
type Recording struct {
	Interactions []Interaction
}

// Interaction is one recorded request and its answer.
type Interaction struct {
	Request struct {
		Method string
		URI    string
		Body   *string
	}
	Response struct {
		Status  struct{ Code int }
		Headers map[string][]string
		Body    struct{ String string }
	}
}

func recordingsDir(t testing.TB) string { return Path(t, "fixtures", "zscaler-recordings") }

// LoadRecording reads one recording by file name.
func LoadRecording(t testing.TB, name string) *Recording {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(recordingsDir(t), name))
	if err != nil {
		t.Fatal(err)
	}
	var r Recording
	if err := yaml.Unmarshal(data, &r); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &r
}

// RecordingNames lists the recordings' file names, sorted.
func RecordingNames(t testing.TB) []string {
	t.Helper()
	dir := recordingsDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no recordings in %s (%v)", dir, err)
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = filepath.Base(f)
	}
	sort.Strings(names)
	return names
}
