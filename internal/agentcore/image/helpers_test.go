package image

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// The real build compiles the server twice; it runs once per test binary and
// every test that needs it shares the result.
var shared struct {
	once sync.Once
	idx  v1.ImageIndex
	err  error
	log  bytes.Buffer
	took time.Duration
}

func builtIndex(t *testing.T) v1.ImageIndex {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: the image build cross-compiles the server twice")
	}
	shared.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
		defer cancel()
		start := time.Now()
		shared.idx, shared.err = Build(ctx, BuildOptions{Log: &shared.log})
		shared.took = time.Since(start)
	})
	if shared.err != nil {
		t.Fatalf("Build: %v\nlog:\n%s", shared.err, shared.log.String())
	}
	return shared.idx
}

// newRegistry starts an in-process OCI registry on 127.0.0.1 and returns its host:port.
func newRegistry(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(quietRegistry())
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

// fakeIndex assembles a small two-architecture index around fake binaries,
// for the tests that need an image but not the real build.
func fakeIndex(t *testing.T, content string) v1.ImageIndex {
	t.Helper()
	created := time.Date(2026, 11, 26, 7, 14, 4, 0, time.UTC)
	labels := Labels("v1.2.3-"+content, "0123456789abcdef0123456789abcdef01234567", created.Format(time.RFC3339))
	idx := mutate.IndexMediaType(empty.Index, types.OCIImageIndex)
	for _, arch := range Platforms() {
		img, err := assemble(arch, []byte("binary "+content+" "+arch), CABundle(), labels, created)
		if err != nil {
			t.Fatal(err)
		}
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{Platform: platformOf(arch)}})
	}
	return idx
}

type tarEntry struct {
	hdr  *tar.Header
	data []byte
}

// layerEntries reads the single layer of an image.
func layerEntries(t *testing.T, img v1.Image) []tarEntry {
	t.Helper()
	layers, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	if len(layers) != 1 {
		t.Fatalf("the image has %d layers, want 1", len(layers))
	}
	rc, err := layers[0].Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var out []tarEntry
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tarEntry{h, data})
	}
	return out
}

// quietRegistry is an in-process registry that does not log every request.
func quietRegistry() http.Handler {
	return registry.New(registry.Logger(log.New(io.Discard, "", 0)))
}
