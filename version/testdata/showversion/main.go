// Command showversion prints version.Read(); version_test builds it with
// the real toolchain to check what a go build records.
package main

import (
	"fmt"

	"github.com/casewatch/casewatch/version"
)

func main() { fmt.Println(version.Read()) }
