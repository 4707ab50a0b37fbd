// Package version says which build of casewatch or casesim is running:
// the module version, the VCS revision and its time, whether the working
// tree had uncommitted changes, the Go toolchain and the API contract.
//
// It reads the build information the Go toolchain records in every binary
// (runtime/debug.ReadBuildInfo), which is right for the three ways a
// binary is made:
//
//   - go install github.com/casewatch/casewatch/cmd/casewatch@v1.2.0:
//     the module version v1.2.0; a module download carries no VCS data.
//     (The go command refuses this while go.mod has a replace directive,
//     as it has for the Bubble Tea fork in third_party/.)
//   - go build in a git checkout: a pseudo-version the toolchain derives
//     from the last tag (v0.0.0-20261203120733-48e5fe3a9b1c, +dirty when
//     the tree had changes), with vcs.revision, vcs.time and vcs.modified.
//   - a release build (.goreleaser.yaml): the tag, commit and date given by
//     the linker, which win over what the toolchain recorded:
//     -ldflags "-X github.com/casewatch/casewatch/version.tag=v1.2.0
//     -X github.com/casewatch/casewatch/version.commit=<sha>
//     -X github.com/casewatch/casewatch/version.date=<RFC 3339>"
package version

import (
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/casewatch/casewatch/api"
)

// Set by the linker for release builds (see the package comment).
var (
	tag    string
	commit string
	date   string
)

// Info is what a binary knows about its own build.
type Info struct {
	// Version is the module version (v1.2.0, a pseudo-version, or
	// "(devel)" for go run and tests).
	Version string
	// Revision is the VCS commit, Time its commit time (RFC 3339); both
	// empty when the build had no VCS data (go install of a module).
	Revision, Time string
	// Dirty is true when the working tree had uncommitted changes.
	Dirty bool
	// Go is the toolchain's version, Platform GOOS/GOARCH.
	Go, Platform string
	// API is the version of the HTTP contract (api/openapi.yaml) the
	// binary speaks.
	API string
}

// Read returns the running binary's Info.
func Read() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return fromBuild(bi, tag, commit, date)
}

// fromBuild assembles Info from build information (nil when there is
// none) and the linker's values, which win when set.
func fromBuild(bi *debug.BuildInfo, tag, commit, date string) Info {
	in := Info{Version: "(devel)", Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH, API: api.Version}
	if bi != nil {
		if v := bi.Main.Version; v != "" {
			in.Version = v
		}
		if bi.GoVersion != "" {
			in.Go = bi.GoVersion
		}
		var goos, goarch string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				in.Revision = s.Value
			case "vcs.time":
				in.Time = s.Value
			case "vcs.modified":
				in.Dirty = s.Value == "true"
			case "GOOS":
				goos = s.Value
			case "GOARCH":
				goarch = s.Value
			}
		}
		if goos != "" && goarch != "" {
			in.Platform = goos + "/" + goarch
		}
	}
	if tag != "" {
		in.Version = tag
	}
	if known(commit) {
		in.Revision = commit
	}
	if known(date) && !strings.HasPrefix(date, "0001-") {
		in.Time = date
	}
	return in
}

// known says whether a value the linker set says something: GoReleaser
// passes "none" and a zero date when it cannot read the repository (a
// snapshot of a checkout without a remote).
func known(v string) bool { return v != "" && v != "none" && v != "unknown" }

// String is the one line --version prints after the program's name:
//
//	v1.2.0 (commit 48e5fe3a9b1c, 2026-12-03T12:07:33Z; go1.26.8 linux/amd64; API 1.5.0)
//	v0.0.0-20261203120733-48e5fe3a9b1c+dirty (commit 48e5fe3a9b1c, 2026-12-03T12:07:33Z, modified; ...)
//	(devel) (no VCS data; go1.26.8 linux/amd64; API 1.5.0)
func (in Info) String() string {
	var b strings.Builder
	b.WriteString(in.Version)
	b.WriteString(" (")
	if in.Revision == "" {
		b.WriteString("no VCS data")
	} else {
		b.WriteString("commit ")
		b.WriteString(short(in.Revision))
		if in.Time != "" {
			b.WriteString(", ")
			b.WriteString(in.Time)
		}
	}
	if in.Dirty {
		b.WriteString(", modified")
	}
	b.WriteString("; ")
	b.WriteString(in.Go)
	b.WriteString(" ")
	b.WriteString(in.Platform)
	b.WriteString("; API ")
	b.WriteString(in.API)
	b.WriteString(")")
	return b.String()
}

// short cuts a commit hash to the 12 characters Go's pseudo-versions use.
func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}
