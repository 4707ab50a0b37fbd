// Command casewatch is the case-management supervision dashboard
// (案件管理监督看板). Without --api it runs on an embedded reference case
// system with simulated demo data.
package main

import (
	"os"

	"github.com/casewatch/casewatch/app"
)

func main() {
	os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr))
}
