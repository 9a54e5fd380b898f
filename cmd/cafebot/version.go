package main

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// version is set at link time: go build -ldflags "-X main.version=v1.2.0".
// Without it the module version and VCS stamp of the build are used.
var version = ""

// versionString returns "v1.2.0 (commit 1a2b3c4d5e6f, 2026-12-01T09:00:00Z, modified; go1.24.1)"
// from the link-time version or the build info, and "dev" when neither
// says anything.
func versionString() string {
	return formatVersion(version, readBuildInfo())
}

func readBuildInfo() *debug.BuildInfo {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return nil
	}
	return bi
}

func formatVersion(linked string, bi *debug.BuildInfo) string {
	v := linked
	var extra []string
	if bi != nil {
		if v == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		var rev, at string
		var dirty bool
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if rev != "" {
			extra = append(extra, "commit "+rev[:min(12, len(rev))])
		}
		if at != "" {
			extra = append(extra, at)
		}
		if dirty {
			extra = append(extra, "modified")
		}
	}
	if v == "" {
		v = "dev"
	}
	goVer := runtime.Version()
	if bi != nil && bi.GoVersion != "" {
		goVer = bi.GoVersion
	}
	if len(extra) > 0 {
		return v + " (" + strings.Join(extra, ", ") + "; " + goVer + ")"
	}
	return v + " (" + goVer + ")"
}
