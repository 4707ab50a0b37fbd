package version

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/casewatch/casewatch/api"
)

func settings(kv ...string) []debug.BuildSetting {
	var s []debug.BuildSetting
	for i := 0; i < len(kv); i += 2 {
		s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
	}
	return s
}

func TestFromBuild(t *testing.T) {
	const rev = "48e5fe3a9b1c7d2e0f11223344556677889900aa"
	for _, tc := range []struct {
		name              string
		bi                *debug.BuildInfo
		tag, commit, date string
		want              string
	}{
		{"go install module@version (no VCS data)",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}, Settings: settings("GOOS", "linux", "GOARCH", "loong64")},
			"", "", "", "v1.2.0 (no VCS data; go1.26.8 linux/loong64; API " + api.Version + ")"},
		{"go build in a modified checkout",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261203120733-48e5fe3a9b1c+dirty"},
				Settings: settings("GOOS", "linux", "GOARCH", "arm64", "vcs", "git", "vcs.revision", rev, "vcs.time", "2026-12-03T12:07:33Z", "vcs.modified", "true")},
			"", "", "", "v0.0.0-20261203120733-48e5fe3a9b1c+dirty (commit 48e5fe3a9b1c, 2026-12-03T12:07:33Z, modified; go1.26.8 linux/arm64; API " + api.Version + ")"},
		{"release build: the linker's values win",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261203120733-48e5fe3a9b1c"},
				Settings: settings("GOOS", "linux", "GOARCH", "amd64", "vcs.revision", "0000000000000000", "vcs.modified", "false")},
			"v1.3.0", rev, "2026-12-04T08:00:00Z", "v1.3.0 (commit 48e5fe3a9b1c, 2026-12-04T08:00:00Z; go1.26.8 linux/amd64; API " + api.Version + ")"},
		{"snapshot without git data: GoReleaser's placeholders are not shown",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: settings("GOOS", "linux", "GOARCH", "amd64")},
			"v0.0.0-SNAPSHOT-none", "none", "0001-01-01T00:00:00Z", "v0.0.0-SNAPSHOT-none (no VCS data; go1.26.8 linux/amd64; API " + api.Version + ")"},
		{"go test and go run: (devel)",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"", "", "", "(devel) (no VCS data; go1.26.8 " + runtime.GOOS + "/" + runtime.GOARCH + "; API " + api.Version + ")"},
		{"no build information at all", nil, "", "", "",
			"(devel) (no VCS data; " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "; API " + api.Version + ")"},
	} {
		if got := fromBuild(tc.bi, tc.tag, tc.commit, tc.date).String(); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// TestRealBuilds builds a small program with the toolchain, once plainly
// and once with the release ldflags, and reads what it prints: a go build
// in this checkout records the revision (the test runs in a git checkout;
// it skips when there is none), and the ldflags override the version.
func TestRealBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	gitRev, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skip("not a git checkout")
	}
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skip("not a git checkout")
	}
	if fi, err := os.Stat(filepath.Join(strings.TrimSpace(string(top)), ".git")); err != nil || !fi.IsDir() {
		// The go command looks for a .git directory; a git worktree has a
		// .git file, and go build records no VCS data there.
		t.Skip("a git worktree: go build records no VCS data here")
	}
	bin := filepath.Join(t.TempDir(), "showversion")
	build := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(gobin, append(append([]string{"build", "-buildvcs=true", "-o", bin}, args...), "./testdata/showversion")...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		out, err := exec.Command(bin).Output()
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(out))
	}
	plain := build()
	rev := strings.TrimSpace(string(gitRev))[:12]
	if !regexp.MustCompile(`^v\S+ \(commit ` + rev + `, 20\d\d-\d\d-\d\dT[0-9:]+Z(, modified)?; go1\.\S+ \S+/\S+; API ` + regexp.QuoteMeta(api.Version) + `\)$`).MatchString(plain) {
		t.Errorf("go build printed %q; want the pseudo-version, commit %s and its time", plain, rev)
	}
	const pkg = "github.com/casewatch/casewatch/version"
	release := build("-ldflags", "-X "+pkg+".tag=v9.8.7 -X "+pkg+".commit=abcdefabcdef0123 -X "+pkg+".date=2027-01-02T03:04:05Z")
	if !strings.HasPrefix(release, "v9.8.7 (commit abcdefabcdef, 2027-01-02T03:04:05Z") {
		t.Errorf("release build printed %q", release)
	}
}
