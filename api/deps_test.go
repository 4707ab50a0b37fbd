package api_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestShippedBinariesDoNotLinkKinOpenAPI: the OpenAPI library is for tests
// only (api/apitest); neither binary may depend on it, which kept about
// 2 MB out of casewatch.
func TestShippedBinariesDoNotLinkKinOpenAPI(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command(gobin, "list", "-deps",
		"github.com/casewatch/casewatch/cmd/casewatch", "github.com/casewatch/casewatch/cmd/casesim").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "github.com/getkin/") {
			t.Errorf("a binary depends on %s (keep kin-openapi in api/apitest)", pkg)
		}
	}
}
