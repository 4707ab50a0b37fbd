// Command sshload measures the casewatch SSH server under 1, 10 and 100
// concurrent sessions: the API request rate (the same for all: the
// sessions share one poller), the server's resident memory per session and
// its CPU while the sessions sit idle.
//
// Three parts:
//
//   - the reference case system (casesim, as in demo mode), in this
//     process, behind a handler that counts API requests;
//   - the server, in a child process (this binary with -serve): a real
//     client.Poller against that API and sshserve, so its RSS and CPU are
//     the server's alone, read from /proc/PID;
//   - the SSH clients: x/crypto/ssh sessions in this process (-client go),
//     or real `ssh -tt` processes from openssh-client (-client openssh,
//     which without a local terminal get the server's 80x24), each on its
//     own connection with a pseudo-terminal and no input, reading and
//     discarding the output after the first full frame.
//
// For each session count it starts a fresh server, waits for the poller's
// first round, samples the idle server for a baseline, connects the
// sessions, waits for every dashboard to render, lets them settle, then
// samples for -window. scripts/ssh-load.sh builds and runs it.
package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof" // -pprof
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/casewatch/casewatch/casesim"
	"github.com/casewatch/casewatch/client"
	"github.com/casewatch/casewatch/cmd/casewatch/cli"
	"github.com/casewatch/casewatch/i18n"
	"github.com/casewatch/casewatch/sshserve"
	"github.com/casewatch/casewatch/tui"
)

func main() {
	var (
		serveMode  = flag.Bool("serve", false, "internal: run the server (child process)")
		apiURL     = flag.String("api", "", "internal: API base URL for -serve")
		dir        = flag.String("dir", "", "internal: key directory for -serve")
		counts     = flag.String("sessions", "1,10,100", "session counts to measure, comma-separated")
		window     = flag.Duration("window", 60*time.Second, "sampling window per session count")
		settle     = flag.Duration("settle", 5*time.Second, "wait after the last dashboard rendered, before sampling")
		baseline   = flag.Duration("baseline", 10*time.Second, "idle sampling before the sessions connect")
		fps        = flag.Int("fps", sshserve.DefaultFPS, "frames per second per session")
		cols       = flag.Int("cols", 120, "terminal width of each session")
		rows       = flag.Int("rows", 40, "terminal height of each session")
		speed      = flag.Float64("speed", 1, "simulation speed of the case system: 1 is real time, as a production system (the demo runs at 1440; 0 freezes it)")
		clientKind = flag.String("client", "go", "SSH clients: go (x/crypto/ssh) or openssh (ssh -tt processes)")
		pprofAddr  = flag.String("pprof", "", "serve net/http/pprof of the server process on this address (diagnosis)")
	)
	flag.Parse()
	if *serveMode {
		if *pprofAddr != "" {
			go func() { _ = http.ListenAndServe(*pprofAddr, nil) }()
		}
		if err := serve(*apiURL, *dir, *fps); err != nil {
			fmt.Fprintln(os.Stderr, "sshload -serve:", err)
			os.Exit(1)
		}
		return
	}
	var ns []int
	for _, f := range strings.Split(*counts, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "sshload: bad -sessions entry %q\n", f)
			os.Exit(2)
		}
		ns = append(ns, n)
	}
	if *clientKind != "go" && *clientKind != "openssh" {
		fmt.Fprintln(os.Stderr, "sshload: -client is go or openssh")
		os.Exit(2)
	}
	cfg := runConfig{window: *window, settle: *settle, baseline: *baseline, fps: *fps, cols: *cols, rows: *rows,
		speed: *speed, client: *clientKind, pprof: *pprofAddr}
	if err := drive(ns, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "sshload:", err)
		os.Exit(1)
	}
}

type runConfig struct {
	window, settle, baseline time.Duration
	fps, cols, rows          int
	speed                    float64
	client                   string
	pprof                    string
}

// result is one row of the table.
type result struct {
	n                  int
	baseRSS, rss       float64 // KiB, mean of samples
	baseCPU, cpu       float64 // % of one core
	requests           int64   // API requests in the window
	reqPerMin          float64
	connect            time.Duration // until every dashboard rendered
	threadsN, threads0 int
}

// counter counts API requests.
type counter struct {
	h http.Handler
	n atomic.Int64
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.n.Add(1)
	c.h.ServeHTTP(w, r)
}

func drive(ns []int, cfg runConfig) error {
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()

	fmt.Printf("sshload: %d cores, load average %s, clients %s, terminal %dx%d, %d fps, window %v\n",
		numCPU(), loadavg(), cfg.client, cfg.cols, cfg.rows, cfg.fps, cfg.window)
	t0 := time.Now()
	sys, err := casesim.Open(ctx, casesim.Options{DBPath: ":memory:", Seed: 20261121, Speed: cfg.speed, Demo: true})
	if err != nil {
		return err
	}
	defer sys.Close()
	go sys.Run(ctx)
	api := &counter{h: sys.Handler()}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: api, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	defer hs.Close()
	apiURL := "http://" + ln.Addr().String()
	fmt.Printf("case system ready in %v at %s\n", time.Since(t0).Round(time.Millisecond), apiURL)

	dir, err := os.MkdirTemp("", "sshload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	key, err := writeKeys(dir)
	if err != nil {
		return err
	}

	var results []result
	for _, n := range ns {
		r, err := measure(ctx, n, cfg, apiURL, dir, key, api)
		if err != nil {
			return fmt.Errorf("%d sessions: %w", n, err)
		}
		results = append(results, r)
	}
	printTable(results, cfg)
	fmt.Printf("load average at the end: %s\n", loadavg())
	return nil
}

// writeKeys writes a client key (OpenSSH PEM, for ssh -i) and an
// authorized_keys file holding it.
func writeKeys(dir string) (gossh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "sshload")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "id_ed25519"), pem.EncodeToMemory(block), 0o600); err != nil {
		return nil, err
	}
	return signer, os.WriteFile(filepath.Join(dir, "authorized_keys"), gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o600)
}

// measure runs one server with n sessions.
func measure(ctx context.Context, n int, cfg runConfig, apiURL, dir string, key gossh.Signer, api *counter) (result, error) {
	r := result{n: n}
	self, err := os.Executable()
	if err != nil {
		return r, err
	}
	cmd := exec.CommandContext(ctx, self, "-serve", "-api", apiURL, "-dir", dir, "-fps", strconv.Itoa(cfg.fps), "-pprof", cfg.pprof)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return r, err
	}
	if err := cmd.Start(); err != nil {
		return r, err
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}()
	lines := bufio.NewScanner(out)
	var addr string
	for lines.Scan() {
		if a, ok := strings.CutPrefix(lines.Text(), "ready "); ok {
			addr = a
			break
		}
	}
	if addr == "" {
		return r, errors.New("server did not start")
	}
	go func() {
		for lines.Scan() {
			fmt.Println("  server:", lines.Text())
		}
	}()
	pid := cmd.Process.Pid

	fmt.Printf("\n== %d session(s): server pid %d on %s; baseline %v\n", n, pid, addr, cfg.baseline)
	r.baseRSS, r.baseCPU, err = sample(ctx, pid, cfg.baseline)
	if err != nil {
		return r, err
	}
	r.threads0 = threads(pid)

	t0 := time.Now()
	sessions, err := connect(ctx, n, cfg, addr, dir, key)
	defer func() {
		for _, s := range sessions {
			s.Close()
		}
	}()
	if err != nil {
		return r, err
	}
	r.connect = time.Since(t0)
	fmt.Printf("   %d dashboard(s) rendered in %v; settling %v, sampling %v\n", n, r.connect.Round(time.Millisecond), cfg.settle, cfg.window)
	select {
	case <-time.After(cfg.settle):
	case <-ctx.Done():
		return r, ctx.Err()
	}
	before := api.n.Load()
	r.rss, r.cpu, err = sample(ctx, pid, cfg.window)
	if err != nil {
		return r, err
	}
	r.requests = api.n.Load() - before
	r.reqPerMin = float64(r.requests) / cfg.window.Minutes()
	r.threadsN = threads(pid)
	for i, s := range sessions {
		if err := s.Err(); err != nil {
			return r, fmt.Errorf("session %d ended during the window: %w", i, err)
		}
	}
	fmt.Printf("   RSS %.1f MiB (idle %.1f MiB), CPU %.2f%% (idle %.2f%%), %d API requests\n",
		r.rss/1024, r.baseRSS/1024, r.cpu, r.baseCPU, r.requests)
	return r, nil
}

// sample reads VmRSS every second over d and the CPU time used in d.
func sample(ctx context.Context, pid int, d time.Duration) (rssKiB, cpuPct float64, err error) {
	t0, c0 := time.Now(), cpuTicks(pid)
	var sum float64
	var k int
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for end := t0.Add(d); time.Now().Before(end); {
		select {
		case <-ctx.Done():
			return 0, 0, ctx.Err()
		case <-tick.C:
		}
		v, err := vmRSS(pid)
		if err != nil {
			return 0, 0, err
		}
		sum += v
		k++
	}
	c1 := cpuTicks(pid)
	el := time.Since(t0).Seconds()
	return sum / float64(max(k, 1)), 100 * float64(c1-c0) / clkTck / el, nil
}

// clkTck is USER_HZ, the unit of /proc/PID/stat times (100 on Linux).
const clkTck = 100

func vmRSS(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				return strconv.ParseFloat(f[0], 64)
			}
		}
	}
	return 0, errors.New("no VmRSS")
}

// cpuTicks returns utime+stime of pid.
func cpuTicks(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	// Fields after the command name, which is in parentheses.
	if i := strings.LastIndexByte(s, ')'); i >= 0 {
		s = s[i+2:]
	}
	f := strings.Fields(s)
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return u + st
}

func threads(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "Threads:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return 0
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func numCPU() int {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return 0
	}
	return strings.Count(string(b), "\nprocessor") + 1
}

// session is one connected client.
type session interface {
	// Err reports why the session ended, nil while it runs.
	Err() error
	Close()
}

// rendered watches a session's output until the first frame shows the
// dashboard's name, then discards the rest.
type rendered struct {
	done  chan struct{}
	once  sync.Once
	buf   []byte
	mu    sync.Mutex
	err   error
	names []string
}

func newRendered() *rendered {
	zh, en := i18n.New(i18n.ZH), i18n.New(i18n.EN)
	return &rendered{done: make(chan struct{}),
		names: []string{zh.T("app.name"), zh.T("app.short"), en.T("app.name"), en.T("app.short")}}
}

func (w *rendered) Write(p []byte) (int, error) {
	select {
	case <-w.done:
		return len(p), nil
	default:
	}
	w.mu.Lock() // stdout and stderr are copied by two goroutines
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	text := ansi.Strip(string(w.buf))
	for _, n := range w.names {
		if strings.Contains(text, n) {
			w.buf = nil
			w.once.Do(func() { close(w.done) })
			break
		}
	}
	if len(w.buf) > 1<<20 {
		w.buf = w.buf[len(w.buf)-(64<<10):]
	}
	return len(p), nil
}

func (w *rendered) setErr(err error) {
	w.mu.Lock()
	if w.err == nil {
		w.err = err
	}
	w.mu.Unlock()
}

func (w *rendered) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// connect opens n sessions, a few at a time, and waits for each to render.
func connect(ctx context.Context, n int, cfg runConfig, addr, dir string, key gossh.Signer) ([]session, error) {
	sessions := make([]session, n)
	errs := make([]error, n)
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			var s session
			var w *rendered
			var err error
			if cfg.client == "openssh" {
				s, w, err = dialOpenSSH(addr, dir, cfg)
			} else {
				s, w, err = dialGo(addr, key, cfg)
			}
			if err != nil {
				errs[i] = err
				return
			}
			sessions[i] = s
			select {
			case <-w.done:
			case <-time.After(30 * time.Second):
				errs[i] = fmt.Errorf("session %d: no dashboard within 30s", i)
			case <-ctx.Done():
				errs[i] = ctx.Err()
			}
		}()
	}
	wg.Wait()
	var live []session
	for _, s := range sessions {
		if s != nil {
			live = append(live, s)
		}
	}
	return live, errors.Join(errs...)
}

// goSession is an x/crypto/ssh client.
type goSession struct {
	c *gossh.Client
	s *gossh.Session
	*rendered
}

func (g *goSession) Close() { g.s.Close(); g.c.Close() }

func dialGo(addr string, key gossh.Signer, cfg runConfig) (session, *rendered, error) {
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "load", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		return nil, nil, err
	}
	s, err := c.NewSession()
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	w := newRendered()
	s.Stdout, s.Stderr = w, w
	if _, err := s.StdinPipe(); err != nil { // kept open: no input, no EOF
		c.Close()
		return nil, nil, err
	}
	if err := s.RequestPty("xterm-256color", cfg.rows, cfg.cols, gossh.TerminalModes{}); err != nil {
		c.Close()
		return nil, nil, err
	}
	if err := s.Shell(); err != nil {
		c.Close()
		return nil, nil, err
	}
	g := &goSession{c: c, s: s, rendered: w}
	go func() {
		err := s.Wait()
		if err == nil {
			err = errors.New("session ended")
		}
		w.setErr(err)
	}()
	return g, w, nil
}

// osSession is an `ssh -tt` process.
type osSession struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	*rendered
}

func (o *osSession) Close() {
	_ = o.in.Close()
	_ = o.cmd.Process.Kill()
}

func dialOpenSSH(addr, dir string, cfg runConfig) (session, *rendered, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, nil, err
	}
	cmd := exec.Command("ssh", "-tt", "-F", "/dev/null", "-i", filepath.Join(dir, "id_ed25519"), "-p", port,
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
		"-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "load@"+host)
	// Without a local terminal ssh asks for a 0x0 one and the server uses
	// 80x24; -cols and -rows do not apply.
	w := newRendered()
	cmd.Stdout, cmd.Stderr = w, w
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	o := &osSession{cmd: cmd, in: in, rendered: w}
	go func() {
		err := cmd.Wait()
		if err == nil {
			err = errors.New("ssh exited")
		}
		w.setErr(err)
	}()
	return o, w, nil
}

func printTable(rs []result, cfg runConfig) {
	fmt.Printf("\nsessions | API req/min | server RSS MiB (idle -> with sessions) | RSS/session MiB | CPU %% of one core (idle -> with sessions) | threads | all rendered in\n")
	fmt.Printf("---------|-------------|----------------------------------------|-----------------|-------------------------------------------|---------|----------------\n")
	for _, r := range rs {
		per := (r.rss - r.baseRSS) / float64(r.n) / 1024
		fmt.Printf("%8d | %11.1f | %6.1f -> %6.1f                        | %15.3f | %5.2f -> %5.2f                             | %3d->%3d | %v\n",
			r.n, r.reqPerMin, r.baseRSS/1024, r.rss/1024, per, r.baseCPU, r.cpu, r.threads0, r.threadsN, r.connect.Round(time.Millisecond))
	}
	fmt.Printf("(RSS: mean of 1 s samples of VmRSS; CPU: utime+stime over the %v window; requests counted at the case system's handler.)\n", cfg.window)
}

// serve is the child: a poller against apiURL and the SSH server, until
// SIGTERM.
func serve(apiURL, dir string, fps int) error {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(cli.ServeGCPercent) // as casewatch serve-ssh does
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	cl, err := client.New(client.Config{BaseURL: apiURL, UserAgent: "casewatch-sshload"})
	if err != nil {
		return err
	}
	defer cl.Close()
	p, err := client.NewPoller(client.Options{Client: cl, ReadOnly: true, OutboxPath: filepath.Join(dir, "outbox.json")})
	if err != nil {
		return err
	}
	p.Start(ctx)
	defer p.Close()
	audit, err := os.OpenFile(filepath.Join(dir, "audit.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer audit.Close()
	srv, err := sshserve.NewServer(sshserve.Options{
		HostKeyPath:        filepath.Join(dir, sshserve.HostKeyFile),
		AuthorizedKeysPath: filepath.Join(dir, "authorized_keys"),
		Audit:              audit,
		MaxSessions:        1000,
		FPS:                fps,
		Dashboard:          tui.Options{Source: p, Demo: true, Lang: i18n.ZH},
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go func() { _ = srv.Serve(ln) }()
	// Wait for the poller's first round (every data set fetched once), so
	// the baseline is the steady state.
	deadline := time.Now().Add(60 * time.Second)
	for !firstRoundDone(p.Current()) && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	fmt.Printf("ready %s\n", ln.Addr())
	<-ctx.Done()
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	return srv.Shutdown(sctx)
}

func firstRoundDone(s client.State) bool {
	if !s.Units.HasData || !s.Alerts.HasData || len(s.Indicators) == 0 {
		return false
	}
	for u := range s.Indicators {
		if !s.Indicators[u].HasData || !s.CoverageByDept[u].HasData || !s.CoverageByPerson[u].HasData {
			return false
		}
	}
	return true
}
