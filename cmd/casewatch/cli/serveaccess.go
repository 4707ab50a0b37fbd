package cli

import (
	"fmt"
	"net"

	"github.com/spf13/pflag"
)

// accessFlags is serve-ssh's --proxy-protocol-from; the certificate files
// and --proxy-protocol are settings ([ssh] in the config file).
type accessFlags struct {
	proxyFrom []string
}

func (a *accessFlags) register(fl *pflag.FlagSet) {
	fl.StringSliceVar(&a.proxyFrom, "proxy-protocol-from", nil, "the load balancers' addresses or CIDR blocks whose PROXY headers are believed (default: any peer)")
}

// check refuses values that cannot work before anything starts.
func (a *accessFlags) check(proxy bool) error {
	if len(a.proxyFrom) > 0 && !proxy {
		return fmt.Errorf("--proxy-protocol-from needs --proxy-protocol")
	}
	for _, s := range a.proxyFrom {
		if _, _, err := net.ParseCIDR(s); err != nil && net.ParseIP(s) == nil {
			return fmt.Errorf("--proxy-protocol-from %q: want an IP address or a CIDR block", s)
		}
	}
	return nil
}
