// Command casewatch is the case-management supervision dashboard
// (案件管理监督看板). Without --api it runs on an embedded reference case
// system with simulated demo data.
package main

import (
	"os"
	"runtime/debug"

	"github.com/casewatch/casewatch/cmd/casewatch/cli"
)

// gcPercent is the collector's target unless GOGC is set: a dashboard's
// heap is mostly its long-lived alerts and it allocates little once it
// has them, so letting the heap grow to twice the live data (Go's default,
// 100) mostly holds garbage. At 50 the heap stays within 1.5 times
// (docs/PERFORMANCE.md, "Memory").
const gcPercent = 50

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
