package cli

import (
	"fmt"
	"io"
	"net/http"

	"github.com/spf13/pflag"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/metrics"
	"github.com/casewatch/casewatch/version"
)

// metricsFlags are casesim serve's --metrics-addr and
// --metrics-allow-remote.
type metricsFlags struct {
	addr        string
	allowRemote bool
	m           *metrics.Casesim
	srv         *metrics.Server
}

func (f *metricsFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.addr, "metrics-addr", "", "serve Prometheus metrics (/metrics), /healthz and /readyz on this address, e.g. "+metrics.DefaultAddr+"\n(off by default; loopback only unless --metrics-allow-remote; docs/METRICS.md)")
	fs.BoolVar(&f.allowRemote, "metrics-allow-remote", false, "allow a --metrics-addr other hosts can reach (no authentication: firewall it)")
}

// prepare checks the flags and hooks the metrics into opts; a usage error
// is returned as such.
func (f *metricsFlags) prepare(opts *casesim.Options) error {
	if f.addr == "" {
		if f.allowRemote {
			return fmt.Errorf("--metrics-allow-remote needs --metrics-addr")
		}
		return nil
	}
	if err := metrics.CheckAddr(f.addr, f.allowRemote); err != nil {
		return err
	}
	f.m = metrics.NewCasesim(version.Read().Version)
	opts.OnImport = f.m.Imported
	return nil
}

// start wraps the API handler and serves the metrics; close with stop.
func (f *metricsFlags) start(h http.Handler, stderr io.Writer) (http.Handler, error) {
	if f.m == nil {
		return h, nil
	}
	srv, err := metrics.Listen(f.addr, f.allowRemote, metrics.Handler(f.m.Registry(), f.m.Ready))
	if err != nil {
		return nil, err
	}
	f.srv = srv
	f.m.SetReady(true)
	fmt.Fprintf(stderr, "casesim: metrics on http://%s/metrics (/healthz, /readyz)\n", srv.Addr())
	return f.m.Wrap(h), nil
}

// stop closes the metrics listener.
func (f *metricsFlags) stop() {
	if f.srv != nil {
		f.m.SetReady(false)
		_ = f.srv.Close()
	}
}
