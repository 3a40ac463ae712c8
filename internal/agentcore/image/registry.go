package image

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// ArchSummary describes one architecture of an image index.
type ArchSummary struct {
	Platform string  // linux/arm64/v8
	Digest   v1.Hash // of the image manifest
	// CompressedSize is what a pull transfers: manifest, config and the
	// compressed layers.
	CompressedSize int64
	// UncompressedSize is the size of the layers unpacked.
	UncompressedSize int64
}

// Summary describes an image index.
type Summary struct {
	Digest   v1.Hash
	Version  string
	Revision string
	Created  string
	Arches   []ArchSummary
}

// Summarize reads the per-architecture digests and sizes of an index, and
// its version labels (from the index annotations, else the first image).
func Summarize(idx v1.ImageIndex) (*Summary, error) {
	d, err := idx.Digest()
	if err != nil {
		return nil, err
	}
	im, err := idx.IndexManifest()
	if err != nil {
		return nil, err
	}
	s := &Summary{Digest: d}
	labels := im.Annotations
	for _, desc := range im.Manifests {
		if !desc.MediaType.IsImage() {
			continue
		}
		img, err := idx.Image(desc.Digest)
		if err != nil {
			return nil, err
		}
		a := ArchSummary{Digest: desc.Digest, CompressedSize: desc.Size}
		if desc.Platform != nil {
			a.Platform = desc.Platform.String()
		}
		m, err := img.Manifest()
		if err != nil {
			return nil, err
		}
		a.CompressedSize += m.Config.Size
		for _, l := range m.Layers {
			a.CompressedSize += l.Size
		}
		layers, err := img.Layers()
		if err != nil {
			return nil, err
		}
		for _, l := range layers {
			n, err := uncompressedSize(l)
			if err != nil {
				return nil, err
			}
			a.UncompressedSize += n
		}
		if labels[LabelVersion] == "" {
			if cf, err := img.ConfigFile(); err == nil {
				labels = cf.Config.Labels
			}
		}
		s.Arches = append(s.Arches, a)
	}
	s.Version, s.Revision, s.Created = labels[LabelVersion], labels[LabelRevision], labels[LabelCreated]
	return s, nil
}

func uncompressedSize(l v1.Layer) (int64, error) {
	rc, err := l.Uncompressed()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	return io.Copy(io.Discard, rc)
}

// WriteLayout writes the index as an OCI image layout in dir, which must be
// empty or not exist yet. The layout's index.json points at the image index,
// annotated with the tag (org.opencontainers.image.ref.name), so that tools
// such as skopeo (oci:DIR:TAG) and crane (push DIR) can pick it up.
func WriteLayout(dir string, idx v1.ImageIndex, tag string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty: pass a new or empty folder to --output, so that no stale blob ends up in the layout", dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	p, err := layout.Write(filepath.Clean(dir), empty.Index)
	if err != nil {
		return err
	}
	return p.AppendIndex(idx, layout.WithAnnotations(map[string]string{
		"org.opencontainers.image.ref.name": tag,
	}))
}

// Push writes the index (and every image and blob it references) to ref, a
// tag or digest reference. A nil auth means anonymous.
func Push(ctx context.Context, idx v1.ImageIndex, ref string, auth authn.Authenticator) error {
	r, err := name.ParseReference(ref, name.StrictValidation)
	if err != nil {
		return fmt.Errorf("%q is not an image reference: %w", ref, err)
	}
	if err := remote.WriteIndex(r, idx, remoteOptions(ctx, auth)...); err != nil {
		return fmt.Errorf("pushing %s: %w", ref, err)
	}
	return nil
}

// CopyOptions tune Copy.
type CopyOptions struct {
	// SrcAuth authenticates to the source registry; nil uses the Docker
	// credential configuration (~/.docker/config.json, credential helpers),
	// else anonymous access.
	SrcAuth authn.Authenticator
	// DstAuth authenticates to the destination registry; nil as SrcAuth.
	DstAuth authn.Authenticator
}

// Copy copies the image or image index at src to dst (for instance a
// published release image into the user's own registry) and returns the
// descriptor of what was copied. Digests are preserved: nothing is rebuilt.
func Copy(ctx context.Context, src, dst string, opts CopyOptions) (*v1.Descriptor, error) {
	srcRef, err := name.ParseReference(src)
	if err != nil {
		return nil, fmt.Errorf("--from %q is not an image reference: %w", src, err)
	}
	dstRef, err := name.ParseReference(dst, name.StrictValidation)
	if err != nil {
		return nil, fmt.Errorf("%q is not an image reference: %w", dst, err)
	}
	desc, err := remote.Get(srcRef, remoteOptions(ctx, opts.SrcAuth)...)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", src, explainRegistryError(err))
	}
	if desc.MediaType.IsIndex() {
		idx, err := desc.ImageIndex()
		if err != nil {
			return nil, err
		}
		err = remote.WriteIndex(dstRef, idx, remoteOptions(ctx, opts.DstAuth)...)
		if err != nil {
			return nil, fmt.Errorf("copying %s to %s: %w", src, dst, err)
		}
	} else {
		img, err := desc.Image()
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", src, err)
		}
		err = remote.Write(dstRef, img, remoteOptions(ctx, opts.DstAuth)...)
		if err != nil {
			return nil, fmt.Errorf("copying %s to %s: %w", src, dst, err)
		}
	}
	d := desc.Descriptor
	return &d, nil
}

// Source is an image or index read from a registry.
type Source struct {
	Descriptor v1.Descriptor
	Index      v1.ImageIndex // set when the source is an index
	Image      v1.Image      // set when the source is a single image
}

// Fetch reads the image or index at ref.
func Fetch(ctx context.Context, ref string, auth authn.Authenticator) (*Source, error) {
	r, err := name.ParseReference(ref)
	if err != nil {
		return nil, fmt.Errorf("%q is not an image reference: %w", ref, err)
	}
	desc, err := remote.Get(r, remoteOptions(ctx, auth)...)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", ref, explainRegistryError(err))
	}
	s := &Source{Descriptor: desc.Descriptor}
	if desc.MediaType.IsIndex() {
		s.Index, err = desc.ImageIndex()
	} else {
		s.Image, err = desc.Image()
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", ref, err)
	}
	return s, nil
}

// Platforms lists the platforms of the source ("linux/arm64/v8", ...).
func (s *Source) Platforms() ([]string, error) {
	if s.Index != nil {
		im, err := s.Index.IndexManifest()
		if err != nil {
			return nil, err
		}
		var out []string
		for _, d := range im.Manifests {
			if d.Platform != nil && d.Platform.OS != "unknown" {
				out = append(out, d.Platform.String())
			}
		}
		return out, nil
	}
	cf, err := s.Image.ConfigFile()
	if err != nil {
		return nil, err
	}
	p := v1.Platform{OS: cf.OS, Architecture: cf.Architecture, Variant: cf.Variant}
	return []string{p.String()}, nil
}

// Labels returns the source's image labels (from the index annotations when
// they carry a version, else from the first image's config).
func (s *Source) Labels() (map[string]string, error) {
	img := s.Image
	if s.Index != nil {
		im, err := s.Index.IndexManifest()
		if err != nil {
			return nil, err
		}
		if im.Annotations[LabelVersion] != "" {
			return im.Annotations, nil
		}
		for _, d := range im.Manifests {
			if d.MediaType.IsImage() {
				img, err = s.Index.Image(d.Digest)
				if err != nil {
					return nil, err
				}
				break
			}
		}
	}
	if img == nil {
		return map[string]string{}, nil
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	return cf.Config.Labels, nil
}

// HasArm64 reports whether the source can run on AgentCore Runtime (linux/arm64).
func (s *Source) HasArm64() (bool, error) {
	ps, err := s.Platforms()
	if err != nil {
		return false, err
	}
	for _, p := range ps {
		if p == "linux/arm64" || strings.HasPrefix(p, "linux/arm64/") {
			return true, nil
		}
	}
	return false, nil
}

func remoteOptions(ctx context.Context, auth authn.Authenticator) []remote.Option {
	opts := []remote.Option{remote.WithContext(ctx), remote.WithUserAgent("zscaler-mcp")}
	if auth != nil {
		opts = append(opts, remote.WithAuth(auth))
	} else {
		opts = append(opts, remote.WithAuthFromKeychain(authn.DefaultKeychain))
	}
	return opts
}

// explainRegistryError adds the likely fix to registry errors a user can act on.
func explainRegistryError(err error) error {
	var te *transport.Error
	if !errors.As(err, &te) {
		return err
	}
	switch te.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden:
		return fmt.Errorf("%w (not authorized: log in to that registry, e.g. docker login, or check the credential helper in ~/.docker/config.json)", err)
	case http.StatusNotFound:
		return fmt.Errorf("%w (no such image or tag: check the reference)", err)
	}
	return err
}
