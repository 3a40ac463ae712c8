// Package buildinfo tells what binary this is: its version, commit and Go.
package buildinfo

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// version may be set at link time (-ldflags "-X .../buildinfo.version=v1.2.3")
// for release builds; otherwise the version the Go toolchain stamped from the
// source checkout is used, so a build never reports a stale constant.
var version string

// Info describes the running binary.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	Modified  bool   `json:"modified"`
	GoVersion string `json:"go_version"`
}

// Get reads the binary's build information.
func Get() Info {
	info := Info{Version: version, GoVersion: runtime.Version(), Commit: "unknown"}
	bi, ok := debug.ReadBuildInfo()
	if ok {
		if info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			info.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				info.Commit = s.Value
			case "vcs.modified":
				info.Modified = s.Value == "true"
			}
		}
	}
	if info.Version == "" {
		info.Version = "v0.0.0-dev"
		if info.Commit != "unknown" {
			info.Version += "+" + short(info.Commit)
		}
	}
	info.Version = strings.TrimSpace(info.Version)
	return info
}

func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}
