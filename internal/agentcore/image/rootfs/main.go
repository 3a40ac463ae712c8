// Command rootfs writes the files of the zscaler-mcp image other than the
// binary (/etc/passwd, /etc/group, the CA roots) under a folder, exactly as
// the image built without Docker has them. The Dockerfile runs it so that
// both ways of building give the same contents:
//
//	go run ./internal/agentcore/image/rootfs /rootfs
package main

import (
	"fmt"
	"os"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/image"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: rootfs DIR")
		os.Exit(2)
	}
	if err := image.WriteRootFS(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "rootfs:", err)
		os.Exit(1)
	}
}
