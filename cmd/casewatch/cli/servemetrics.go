package cli

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/casewatch/casewatch/metrics"
)

// metricsFlags are serve-ssh's --metrics-addr and --metrics-allow-remote.
type metricsFlags struct {
	addr        string
	allowRemote bool
}

func (m *metricsFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&m.addr, "metrics-addr", "", "serve Prometheus metrics (/metrics), /healthz and /readyz on this address, e.g. "+metrics.DefaultAddr+" (off by default; loopback only unless --metrics-allow-remote; docs/METRICS.md)")
	fl.BoolVar(&m.allowRemote, "metrics-allow-remote", false, "allow a --metrics-addr other hosts can reach (the endpoints have no authentication: firewall them)")
}

// check refuses a bad or non-loopback address before anything starts.
func (m *metricsFlags) check() error {
	if m.addr == "" {
		if m.allowRemote {
			return fmt.Errorf("--metrics-allow-remote needs --metrics-addr")
		}
		return nil
	}
	return metrics.CheckAddr(m.addr, m.allowRemote)
}
