package image

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/x509roots/fallback/bundle"
)

// File is one entry of the image's single layer.
type File struct {
	// Path is absolute, as seen inside the container.
	Path string
	// Mode holds the permission bits; Dir marks a directory.
	Mode fs.FileMode
	Dir  bool
	// Data is the content of a regular file.
	Data []byte
}

// Passwd is the image's /etc/passwd: root (for tools that expect uid 0 to
// resolve) and the non-root user the server runs as. Neither can log in.
func Passwd() []byte {
	return []byte("root:x:0:0:root:/root:/sbin/nologin\n" +
		UserName + ":x:" + strconv.Itoa(UID) + ":" + strconv.Itoa(GID) + ":" + UserName + ":/nonexistent:/sbin/nologin\n")
}

// Group is the image's /etc/group.
func Group() []byte {
	return []byte("root:x:0:\n" + GroupName + ":x:" + strconv.Itoa(GID) + ":\n")
}

// CABundle returns the CA roots the image carries, as PEM: the Mozilla NSS
// roots of golang.org/x/crypto/x509roots/fallback, at the version pinned in
// go.mod.
//
// Why this bundle and not the build machine's /etc/ssl/certs: the image is the
// same whoever builds it (the bundle is a pinned, checksummed module, so the
// image digest does not depend on the build host's distribution or its update
// state); it works on build hosts without that file (macOS, Windows); and it
// cannot pick up a build host's private roots, such as a TLS-inspection CA
// installed on a corporate laptop, and ship them to production. It is updated
// like any dependency (go get), and govulncheck flags a stale one.
//
// Roots that NSS trusts only with a constraint that a PEM file cannot express
// (a distrust-after date) are left out: trusting them without the constraint
// would be weaker than NSS, and the server's endpoints (Zscaler, AWS) do not
// chain to them.
func CABundle() []byte {
	var b bytes.Buffer
	for root := range bundle.Roots() {
		if root.Constraint != nil {
			continue
		}
		cert, err := x509.ParseCertificate(root.Certificate)
		if err != nil {
			// The bundle is generated and tested upstream; a root that does not
			// parse is skipped rather than shipped.
			continue
		}
		fmt.Fprintf(&b, "# %s\n", cert.Subject.String())
		_ = pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: root.Certificate})
	}
	return b.Bytes()
}

// checkPEMBundle verifies that data holds at least one certificate and
// nothing but certificates (comments between blocks are fine).
func checkPEMBundle(data []byte) (int, error) {
	n := 0
	rest := data
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return n, fmt.Errorf("PEM block %d is a %q, not a CERTIFICATE", n+1, block.Type)
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return n, fmt.Errorf("certificate %d does not parse: %w", n+1, err)
		}
		n++
	}
	if n == 0 {
		return 0, fmt.Errorf("no PEM certificate found")
	}
	return n, nil
}

// RootFiles returns the files of the image besides the binary, in layer
// order: directories first, each before what it holds.
func RootFiles(caBundle []byte) []File {
	return []File{
		{Path: "/etc", Mode: 0o755, Dir: true},
		{Path: "/etc/group", Mode: 0o644, Data: Group()},
		{Path: "/etc/passwd", Mode: 0o644, Data: Passwd()},
		{Path: "/etc/ssl", Mode: 0o755, Dir: true},
		{Path: "/etc/ssl/certs", Mode: 0o755, Dir: true},
		{Path: CACertsPath, Mode: 0o644, Data: caBundle},
	}
}

// Files returns every entry of the image's layer for a binary.
func Files(binary, caBundle []byte) []File {
	return append(RootFiles(caBundle), File{Path: BinaryPath, Mode: 0o755, Data: binary})
}

// WriteRootFS writes the files of RootFiles(CABundle()) under dir, with the
// layer's modes. The Dockerfile runs it (through ./internal/agentcore/image/rootfs)
// so that a Docker build ships the very same passwd, group and CA roots.
func WriteRootFS(dir string) error {
	for _, f := range RootFiles(CABundle()) {
		p := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(f.Path, "/")))
		if f.Dir {
			if err := os.MkdirAll(p, f.Mode); err != nil {
				return err
			}
			if err := os.Chmod(p, f.Mode); err != nil {
				return err
			}
			continue
		}
		if err := os.WriteFile(p, f.Data, f.Mode); err != nil {
			return err
		}
		if err := os.Chmod(p, f.Mode); err != nil {
			return err
		}
	}
	return nil
}

// layerTar writes the files as a tar stream: owned by root (uid/gid 0), so the
// non-root user can write none of them, every timestamp set to mtime so the
// layer is reproducible.
func layerTar(files []File, mtime time.Time) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range files {
		name := strings.TrimPrefix(f.Path, "/")
		h := &tar.Header{
			Name:    name,
			Mode:    int64(f.Mode.Perm()),
			Uid:     0,
			Gid:     0,
			Uname:   "root",
			Gname:   "root",
			ModTime: mtime.UTC().Truncate(time.Second),
		}
		if f.Dir {
			h.Typeflag = tar.TypeDir
			h.Name += "/"
		} else {
			h.Typeflag = tar.TypeReg
			h.Size = int64(len(f.Data))
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if !f.Dir {
			if _, err := tw.Write(f.Data); err != nil {
				return nil, err
			}
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// gzipBytes compresses deterministically: no name, no timestamp in the header.
func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
