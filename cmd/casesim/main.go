// Command casesim runs the casewatch reference case system: simulated cases,
// a SQLite store and the HTTP API of api/openapi.yaml.
package main

import (
	"os"

	"github.com/casewatch/casewatch/cmd/casesim/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
