package sshserve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	"github.com/pires/go-proxyproto"
	gossh "golang.org/x/crypto/ssh"

	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/client/sanitize"
	"github.com/casewatch/casewatch/tui"
)

// Defaults of Options.
const (
	// DefaultAddr is the listen address: loopback only, until told otherwise.
	DefaultAddr = "127.0.0.1:2222"
	// DefaultIdleTimeout ends sessions without input for this long.
	DefaultIdleTimeout = 30 * time.Minute
	// DefaultMaxSessions bounds concurrent sessions.
	DefaultMaxSessions = 64
	// DefaultFPS caps each session's frame rate.
	DefaultFPS = 10
	// DefaultEscTimeout is how long a lone ESC from a session's client
	// waits for the rest of an escape sequence (tui.DefaultEscTimeout).
	DefaultEscTimeout = tui.DefaultEscTimeout
	// DefaultShutdownTimeout bounds Serve's graceful shutdown.
	DefaultShutdownTimeout = 5 * time.Second
	// HostKeyFile is the name of the host key in the state directory.
	HostKeyFile = "ssh_host_ed25519_key"
)

// handshakeTimeout bounds the key exchange and authentication of a new
// connection, so idle half-open connections cannot pile up.
const handshakeTimeout = 30 * time.Second

// maxAuthTries bounds the authentication attempts of one connection.
const maxAuthTries = 6

// ErrServerClosed is returned by Server.Serve and Server.ListenAndServe
// after Shutdown or Close.
var ErrServerClosed = ssh.ErrServerClosed

// Server is the casewatch SSH server. Build it with NewServer, run it with
// ListenAndServe or Serve, stop it with Shutdown.
type Server struct {
	opts   Options
	keys   *keyring
	ca     *authority
	audit  *auditLog
	ssh    *ssh.Server
	hostFP string
	// maxConns bounds open TCP connections, authenticated or not, so a
	// flood of unauthenticated ones cannot exhaust the server; beyond it
	// connections are closed at once.
	maxConns int

	mu       sync.Mutex
	ln       net.Listener
	sessions map[*session]struct{}
	conns    int
	closing  bool
	running  sync.WaitGroup // session handlers between admission and the end
}

// withDefaults fills in the defaults and checks the options.
func (o Options) withDefaults() (Options, error) {
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	if o.AuthorizedKeysPath == "" && o.TrustedUserCAKeysPath == "" {
		return o, errors.New("an authorized_keys file is required, or trusted user CA keys (public-key login only; nobody else gets in)")
	}
	if o.HostKeyPath == "" {
		outbox, err := client.DefaultOutboxPath()
		if err != nil {
			return o, fmt.Errorf("no state directory for the host key; give its path: %w", err)
		}
		o.HostKeyPath = filepath.Join(filepath.Dir(outbox), HostKeyFile)
	}
	switch {
	case o.IdleTimeout == 0:
		o.IdleTimeout = DefaultIdleTimeout
	case o.IdleTimeout < 0:
		o.IdleTimeout = 0 // off
	}
	switch {
	case o.MaxSessions == 0:
		o.MaxSessions = DefaultMaxSessions
	case o.MaxSessions < 0:
		return o, fmt.Errorf("session limit %d is negative", o.MaxSessions)
	}
	switch {
	case o.FPS == 0:
		o.FPS = DefaultFPS
	case o.FPS < 1 || o.FPS > 60:
		return o, fmt.Errorf("fps %d: want 1 to 60", o.FPS)
	}
	switch {
	case o.EscTimeout == 0:
		o.EscTimeout = DefaultEscTimeout
	case o.EscTimeout < 0 || o.EscTimeout > time.Second:
		return o, fmt.Errorf("ESC timeout %v: want up to 1s", o.EscTimeout)
	}
	switch {
	case o.ShutdownTimeout == 0:
		o.ShutdownTimeout = DefaultShutdownTimeout
	case o.ShutdownTimeout < 0:
		return o, fmt.Errorf("shutdown timeout %v is negative", o.ShutdownTimeout)
	}
	for _, s := range o.ProxyFrom {
		if _, _, err := net.ParseCIDR(s); err != nil && net.ParseIP(s) == nil {
			return o, fmt.Errorf("proxy-protocol source %q: want an IP address or a CIDR block", s)
		}
	}
	if len(o.ProxyFrom) > 0 && !o.ProxyProtocol {
		return o, errors.New("proxy-protocol sources given without the PROXY protocol")
	}
	if o.Audit == nil {
		o.Audit = os.Stderr
	}
	if o.Observer == nil {
		o.Observer = nopObserver{}
	}
	if o.Dashboard.Source == nil {
		return o, errors.New("the dashboard needs a Source: the poller all sessions share")
	}
	return o, nil
}

// NewServer checks opts, reads the authorized keys (AuthorizedKeysPath is
// required and, with TriageKeysPath, must hold at least one key; errors
// name the file and line) and loads or creates the host key. It does not
// listen yet.
//
// Only public-key authentication is configured: no password, no
// keyboard-interactive, no "none" method, so wish's default of letting
// anyone in never applies. Port forwarding, agent forwarding, X11 and
// subsystems are not offered.
func NewServer(opts Options) (*Server, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("sshserve: %w", err)
	}
	srv := &Server{
		opts:     opts,
		audit:    &auditLog{w: opts.Audit, now: time.Now},
		sessions: map[*session]struct{}{},
		maxConns: 2*opts.MaxSessions + 16,
	}
	srv.keys, err = newKeyring(opts.AuthorizedKeysPath, opts.TriageKeysPath, opts.TrustedUserCAKeysPath != "", srv.keysChanged)
	if err != nil {
		return nil, fmt.Errorf("sshserve: %w", err)
	}
	srv.ca, err = newAuthority(opts.TrustedUserCAKeysPath, opts.RevokedKeysPath, srv.keysChanged)
	if err != nil {
		return nil, fmt.Errorf("sshserve: %w", err)
	}
	signer, err := loadOrCreateHostKey(opts.HostKeyPath)
	if err != nil {
		return nil, fmt.Errorf("sshserve: %w", err)
	}
	srv.hostFP = gossh.FingerprintSHA256(signer.PublicKey())
	srv.ssh, err = wish.NewServer(
		wish.WithAddress(opts.Addr),
		func(s *ssh.Server) error { s.AddHostKey(signer); return nil },
		wish.WithPublicKeyAuth(srv.publicKeyAuth),
		wish.WithMiddleware(srv.middleware),
		func(s *ssh.Server) error {
			s.HandshakeTimeout = handshakeTimeout
			s.ServerConfigCallback = func(ssh.Context) *gossh.ServerConfig {
				return &gossh.ServerConfig{MaxAuthTries: maxAuthTries}
			}
			s.ConnCallback = srv.admitConn
			s.ConnectionCloseCallback = srv.connClosed
			s.ConnectionFailedCallback = srv.connFailed
			// What this server never grants is refused and written to the
			// audit log with the key and the address, not dropped silently.
			s.SessionRequestCallback = srv.sessionRequest
			s.ChannelHandlers = map[string]ssh.ChannelHandler{
				"session": ssh.DefaultSessionHandler,
				"default": srv.refuseChannel, // direct-tcpip (ssh -L, -D), direct-streamlocal, …
			}
			s.RequestHandlers = map[string]ssh.RequestHandler{
				"tcpip-forward":                          srv.refuseRequest, // ssh -R
				"streamlocal-forward@openssh.com":        srv.refuseRequest,
				"cancel-tcpip-forward":                   srv.refuseRequest,
				"cancel-streamlocal-forward@openssh.com": srv.refuseRequest,
			}
			return nil
		},
	)
	if err != nil {
		return nil, fmt.Errorf("sshserve: %w", err)
	}
	if srv.ssh.PasswordHandler != nil || srv.ssh.KeyboardInteractiveHandler != nil || srv.ssh.PublicKeyHandler == nil {
		return nil, errors.New("sshserve: internal error: authentication is not public-key only")
	}
	return srv, nil
}

// HostKeyFingerprint returns the SHA256 fingerprint of the host key, for
// users to check on their first connection.
func (srv *Server) HostKeyFingerprint() string { return srv.hostFP }

// Addr returns the address the server listens on, or nil before
// ListenAndServe or Serve has started listening.
func (srv *Server) Addr() net.Addr {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.ln == nil {
		return nil
	}
	return srv.ln.Addr()
}

// Sessions returns how many sessions are running.
func (srv *Server) Sessions() int {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return len(srv.sessions)
}

// ListenAndServe listens on Options.Addr and serves until Shutdown or
// Close; it then returns ErrServerClosed.
func (srv *Server) ListenAndServe() error {
	ln, err := net.Listen("tcp", srv.opts.Addr)
	if err != nil {
		return fmt.Errorf("sshserve: %w", err)
	}
	return srv.Serve(ln)
}

// Serve accepts connections on l until Shutdown or Close; it then returns
// ErrServerClosed.
func (srv *Server) Serve(l net.Listener) error {
	srv.mu.Lock()
	if srv.closing {
		srv.mu.Unlock()
		_ = l.Close()
		return ErrServerClosed
	}
	srv.ln = l
	srv.mu.Unlock()
	if srv.opts.ProxyProtocol {
		pl := &proxyproto.Listener{Listener: l, ReadHeaderTimeout: handshakeTimeout}
		if len(srv.opts.ProxyFrom) > 0 {
			policy, err := proxyproto.TrustProxyHeaderFromRanges(srv.opts.ProxyFrom)
			if err != nil {
				_ = l.Close()
				return fmt.Errorf("sshserve: proxy-protocol sources: %w", err)
			}
			pl.ConnPolicy = policy
		}
		l = pl
	}
	srv.audit.write("listening", field{"addr", l.Addr().String()}, field{"hostkey", srv.hostFP},
		field{"max_sessions", strconv.Itoa(srv.opts.MaxSessions)}, field{"idle_timeout", srv.opts.IdleTimeout.String()},
		field{"user_ca_keys", srv.opts.TrustedUserCAKeysPath}, field{"proxy_protocol", strconv.FormatBool(srv.opts.ProxyProtocol)})
	err := srv.ssh.Serve(l)
	srv.mu.Lock()
	closing := srv.closing
	srv.mu.Unlock()
	if closing && errors.Is(err, net.ErrClosed) {
		err = ErrServerClosed
	}
	return err
}

// Shutdown stops accepting connections, ends every session (each restores
// its terminal and prints "casewatch: server shutting down") and waits for
// them until ctx ends; then it closes whatever connections remain. It
// returns ctx's error if sessions did not end in time.
func (srv *Server) Shutdown(ctx context.Context) error {
	// Close the listeners at once (the wait for connections is ours, below).
	done, cancel := context.WithCancel(context.Background())
	cancel()
	_ = srv.ssh.Shutdown(done)

	srv.mu.Lock()
	srv.closing = true
	if srv.ln != nil {
		_ = srv.ln.Close() // in case Serve had not yet handed it to ssh
	}
	for s := range srv.sessions {
		s.stop(errShutdown)
	}
	srv.mu.Unlock()

	ended := make(chan struct{})
	go func() {
		srv.running.Wait()
		close(ended)
	}()
	var err error
	select {
	case <-ended:
	case <-ctx.Done():
		err = ctx.Err()
	}
	// Sessions have said goodbye; drop the connections (clients such as
	// x/crypto/ssh keep theirs open after the session ends).
	if cerr := srv.ssh.Close(); err == nil && cerr != nil && !errors.Is(cerr, net.ErrClosed) {
		err = cerr
	}
	return err
}

// Close closes the listener and every connection at once, without
// telling sessions.
func (srv *Server) Close() error {
	srv.mu.Lock()
	srv.closing = true
	srv.mu.Unlock()
	return srv.ssh.Close()
}

// Serve runs an SSH server with opts until ctx ends, then shuts down
// gracefully (see Server.Shutdown), waiting at most
// Options.ShutdownTimeout. It returns nil after a shutdown caused by ctx.
func Serve(ctx context.Context, opts Options) error {
	srv, err := NewServer(opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", srv.opts.Addr)
	if err != nil {
		return fmt.Errorf("sshserve: %w", err)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		_ = srv.Close()
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), srv.opts.ShutdownTimeout)
	defer cancel()
	err = srv.Shutdown(sctx)
	if serr := <-errc; !errors.Is(serr, ErrServerClosed) && err == nil {
		err = serr
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return nil // connections were closed; nothing left to do
	}
	return err
}

// publicKeyAuth admits the keys of the key files. The role is looked up
// again when a session starts, from the key the connection actually
// authenticated with.
func (srv *Server) publicKeyAuth(ctx ssh.Context, key ssh.PublicKey) bool {
	_, ok, why := srv.identify(key, ctx.RemoteAddr())
	if ok {
		return true
	}
	if cert, isCert := key.(*gossh.Certificate); isCert {
		srv.opts.Observer.AuthFailed(string(why))
		fields := append([]field{{"reason", string(why)}, {"user", sanitize.Line(ctx.User(), 32)},
			{"key", gossh.FingerprintSHA256(cert.Key)}, {"remote", addrString(ctx.RemoteAddr())}}, certFields(cert)...)
		srv.audit.write("cert-refused", fields...)
		return false
	}
	srv.opts.Observer.AuthFailed(string(why))
	srv.audit.write("key-refused",
		field{"user", sanitize.Line(ctx.User(), 32)},
		field{"key", gossh.FingerprintSHA256(key)},
		field{"remote", addrString(ctx.RemoteAddr())},
		field{"reason", string(why)})
	return false
}

// identify returns the role and holder of a key or certificate offered
// from remote, or why it is refused: "key" (not in the key files),
// "key-revoked", or a certificate's cert-… reason.
func (srv *Server) identify(key ssh.PublicKey, remote net.Addr) (keyInfo, bool, certRefusal) {
	if key == nil {
		return keyInfo{}, false, "key"
	}
	if cert, ok := key.(*gossh.Certificate); ok {
		info, why := srv.ca.check(cert, remote)
		return info, why == "", why
	}
	if srv.ca.revokedKey(key) {
		return keyInfo{}, false, "key-revoked"
	}
	info, ok := srv.keys.lookup(key)
	if !ok {
		return keyInfo{}, false, "key"
	}
	return info, true, ""
}

// sessionRequest lets a session's shell and exec requests through (the
// session handler refuses a command with a message and an audit line) and
// refuses subsystems (sftp, …), recording them.
func (srv *Server) sessionRequest(s ssh.Session, requestType string) bool {
	if requestType == "subsystem" {
		srv.refused(s.Context(), "subsystem", field{"subsystem", sanitize.Line(s.Subsystem(), 64)})
		return false
	}
	return true
}

// refuseChannel refuses a channel other than a session: port forwarding
// (direct-tcpip: ssh -L, ssh -D) and the like.
func (srv *Server) refuseChannel(_ *ssh.Server, _ *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
	fields := []field{{"channel", sanitize.Line(ch.ChannelType(), 64)}}
	if ch.ChannelType() == "direct-tcpip" {
		var d struct {
			DestAddr string
			DestPort uint32
			OrigAddr string
			OrigPort uint32
		}
		if gossh.Unmarshal(ch.ExtraData(), &d) == nil {
			fields = append(fields, field{"target", sanitize.Line(net.JoinHostPort(d.DestAddr, strconv.Itoa(int(d.DestPort))), 300)})
		}
	}
	srv.refused(ctx, "port-forwarding", fields...)
	_ = ch.Reject(gossh.Prohibited, "casewatch: forwarding is not allowed")
}

// refuseRequest refuses a global request to forward ports or sockets from
// the server (ssh -R).
func (srv *Server) refuseRequest(ctx ssh.Context, _ *ssh.Server, req *gossh.Request) (bool, []byte) {
	fields := []field{{"request", sanitize.Line(req.Type, 64)}}
	var fw struct {
		BindAddr string
		BindPort uint32
	}
	if req.Type == "tcpip-forward" && gossh.Unmarshal(req.Payload, &fw) == nil {
		fields = append(fields, field{"target", sanitize.Line(net.JoinHostPort(fw.BindAddr, strconv.Itoa(int(fw.BindPort))), 300)})
	}
	srv.refused(ctx, "remote-forwarding", fields...)
	return false, nil
}

// refused writes an audit line for a request this server does not grant:
// what, who (key fingerprint and name, the user name the client sent) and
// from where.
func (srv *Server) refused(ctx ssh.Context, what string, extra ...field) {
	fp, name := "", ""
	if key, ok := ctx.Value(ssh.ContextKeyPublicKey).(ssh.PublicKey); ok && key != nil {
		fp = keyFingerprint(key)
		if info, ok, _ := srv.identify(key, ctx.RemoteAddr()); ok {
			name = info.name
		}
	}
	fields := append([]field{{"what", what}, {"user", sanitize.Line(ctx.User(), 32)}, {"name", name},
		{"key", fp}, {"remote", addrString(ctx.RemoteAddr())}}, extra...)
	srv.audit.write("request-refused", fields...)
}

// keysChanged reports a reload of the key files.
func (srv *Server) keysChanged(msg string, err error) {
	fields := []field{{"msg", msg}}
	if err != nil {
		fields = append(fields, field{"err", err.Error()})
	}
	srv.audit.write("keys", fields...)
}

// admitConn counts connections and closes those past maxConns.
func (srv *Server) admitConn(_ ssh.Context, c net.Conn) net.Conn {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.conns >= srv.maxConns {
		srv.opts.Observer.SessionRefused("connections")
		srv.audit.write("conn-refused", field{"remote", addrString(c.RemoteAddr())},
			field{"reason", fmt.Sprintf("%d connections open", srv.conns)})
		return nil
	}
	srv.conns++
	return c
}

func (srv *Server) connClosed(net.Conn) {
	srv.mu.Lock()
	srv.conns--
	srv.mu.Unlock()
}

// connFailed records a connection that did not log in.
func (srv *Server) connFailed(c net.Conn, err error) {
	srv.opts.Observer.AuthFailed("handshake")
	srv.audit.write("login-failed", field{"remote", addrString(c.RemoteAddr())}, field{"err", err.Error()})
}

// keyFingerprint is the SHA256 fingerprint of a key, or of a
// certificate's key (as ssh-keygen -l shows a certificate).
func keyFingerprint(key gossh.PublicKey) string {
	if c, ok := key.(*gossh.Certificate); ok {
		return gossh.FingerprintSHA256(c.Key)
	}
	return gossh.FingerprintSHA256(key)
}

func addrString(a net.Addr) string {
	if a == nil {
		return ""
	}
	return a.String()
}
