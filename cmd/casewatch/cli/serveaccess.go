package cli

import (
	"fmt"
	"net"

	"github.com/spf13/pflag"
)

// accessFlags are serve-ssh's certificate and PROXY protocol flags.
type accessFlags struct {
	caKeys    string
	revoked   string
	proxy     bool
	proxyFrom []string
}

func (a *accessFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&a.caKeys, "trusted-user-ca-keys", "", "CA public keys whose SSH user certificates may log in (principal casewatch-viewer or casewatch-triage; the key id names the holder)")
	fl.StringVar(&a.revoked, "revoked-keys", "", "keys (and their certificates), serial:N or id:KEY-ID refused even when a key file or a CA admits them")
	fl.BoolVar(&a.proxy, "proxy-protocol", false, "expect a PROXY protocol header from a load balancer on every connection (the audit log then shows the client's address)")
	fl.StringSliceVar(&a.proxyFrom, "proxy-protocol-from", nil, "the load balancers' addresses or CIDR blocks whose PROXY headers are believed (default: any peer)")
}

// check refuses values that cannot work before anything starts.
func (a *accessFlags) check() error {
	if len(a.proxyFrom) > 0 && !a.proxy {
		return fmt.Errorf("--proxy-protocol-from needs --proxy-protocol")
	}
	for _, s := range a.proxyFrom {
		if _, _, err := net.ParseCIDR(s); err != nil && net.ParseIP(s) == nil {
			return fmt.Errorf("--proxy-protocol-from %q: want an IP address or a CIDR block", s)
		}
	}
	return nil
}
