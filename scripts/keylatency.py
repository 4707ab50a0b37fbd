#!/usr/bin/env python3
"""Key -> screen latency of the dashboard on a real pseudo-terminal, several
builds side by side in one run.

    scripts/keylatency.py [--samples N] [--size WxH] [--port P] [--lang zh|en]
                          LABEL=BINARY [LABEL=BINARY...] [-- casewatch flags...]

Starts the reference system with its clock frozen (DIR/casesim next to the
first BINARY, or bin/casesim), then every BINARY (a casewatch) in its own pty
at WxH (default 200x50, default frame rate), waits until every panel shows
data and the screen is still, and presses keys, alternating between the
builds and sampling each action N times (default 30) after a quiet spell of
a random length (so a fixed frame ticker is met at a random phase):

  cursor  j / k (alternately) on the alerts panel
  scope   u (province -> cities -> basic units, cycling)
  panel   tab
  esc     esc (a bare ESC byte) leaving a case opened with enter
  esc-kitty  the same esc as a terminal with the kitty keyboard protocol
          sends it (CSI 27 u), which Bubble Tea asks for at start
  drill   enter on the next alert: the time from the moment the case's
          data arrived (the last byte of GET /cases/{id} written to the
          dashboard by a proxy in this script) until the first byte of the
          frame after it ("first"; "frame" is the same, to the frame's end)

For each it prints the median and p90 of the time from writing the key to
the pty until the first byte of the answer ("first") and until the end of
that frame (the last byte before 5 ms of silence, "frame"), in ms, the
median bytes of that frame (cursor: a one-row move, the bytes goal), and
the load average before and after. scripts/stockbuild.sh builds a patched and a
stock binary to compare.
"""
import fcntl, http.client, http.server, os, pty, random, select, signal, statistics, struct, subprocess, sys, tempfile, termios, threading, time, urllib.request

SIZE = (200, 50)
CASE_LOG = []  # (perf_counter when a /cases/ answer was fully written, path)


class Proxy(http.server.BaseHTTPRequestHandler):
    """Forwards to the reference system and notes when each case answer
    has been written to the dashboard."""
    upstream = None
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def forward(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else None
        conn = http.client.HTTPConnection(*self.upstream, timeout=30)
        hdrs = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        conn.request(self.command, self.path, body=body, headers=hdrs)
        r = conn.getresponse()
        data = r.read()
        self.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        if "/cases/" in self.path:
            CASE_LOG.append((time.perf_counter(), self.path))
        conn.close()

    do_GET = do_POST = forward

POPULATED = ["显示", "排名靠后", "未行使"]


class Dash:
    def __init__(self, label, exe, args):
        self.label = label
        env = dict(os.environ, XDG_STATE_HOME=tempfile.mkdtemp(), TERM="xterm-256color")
        env.pop("TMUX", None)
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(exe, [exe] + args, env)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.pid, self.fd = pid, fd
        self.buf = b""

    def read_for(self, secs):
        """Read whatever arrives for secs; return bytes read."""
        end = time.perf_counter() + secs
        got = b""
        while True:
            left = end - time.perf_counter()
            if left <= 0:
                return got
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    got += os.read(self.fd, 1 << 16)
                except OSError:
                    return got

    def quiet(self, secs, limit=30):
        """Wait until nothing was written for secs."""
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            if not self.read_for(secs):
                return
        raise SystemExit(f"{self.label}: never quiet for {secs}s")

    def wait_text(self, texts, limit=60):
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            self.buf += self.read_for(0.05)
            if all(t.encode() in self.buf for t in texts):
                self.buf = b""
                return
        raise SystemExit(f"{self.label}: {texts} not on screen within {limit}s")

    def press(self, key):
        """Write key; return (ms to the first byte, ms to the end of that
        frame, bytes of that frame)."""
        self.read_for(0)  # drain
        t0 = time.perf_counter()
        os.write(self.fd, key)
        first = None
        n = 0
        while first is None:
            r, _, _ = select.select([self.fd], [], [], 5)
            if not r:
                raise SystemExit(f"{self.label}: no answer to {key!r} within 5 s")
            n += len(os.read(self.fd, 1 << 16))
            first = time.perf_counter()
        last = first
        while True:
            r, _, _ = select.select([self.fd], [], [], 0.005)
            if not r:
                break
            n += len(os.read(self.fd, 1 << 16))
            last = time.perf_counter()
        return (first - t0) * 1000, (last - t0) * 1000, n

    def send(self, key):
        """Write key without waiting for an answer (it may change nothing)."""
        os.write(self.fd, key)

    def stop(self):
        try:
            os.write(self.fd, b"q")
            time.sleep(0.3)
            os.kill(self.pid, signal.SIGTERM)
        except OSError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def settle(d):
    # A quiet spell of random length: a ticker's phase is random when the key comes.
    d.quiet(0.25 + random.random() * 0.25)


def sample(d, action, state):
    if action == "cursor":
        k = b"j" if state.setdefault("j", True) else b"k"
        state["j"] = not state["j"]
        settle(d)
        return d.press(k)
    if action == "scope":
        settle(d)
        return d.press(b"u")
    if action == "panel":
        settle(d)
        return d.press(b"\t")
    if action == "drill":
        settle(d)
        d.send(b"1")
        settle(d)
        d.send(b"j")
        settle(d)
        n0 = len(CASE_LOG)
        os.write(d.fd, b"\r")
        chunks = []  # (time, bytes) of the output after enter
        end = time.perf_counter() + 5
        while time.perf_counter() < end:
            r, _, _ = select.select([d.fd], [], [], 0.05)
            if r:
                chunks.append((time.perf_counter(), len(os.read(d.fd, 1 << 16))))
            if len(CASE_LOG) > n0 and chunks and time.perf_counter() - max(chunks[-1][0], CASE_LOG[n0][0]) > 0.3:
                break
        d.send(b"\x1b[27u")  # back, without the bare-ESC timeout
        if len(CASE_LOG) <= n0:
            return None
        t = CASE_LOG[n0][0]
        after = [(ct, n) for ct, n in chunks if ct >= t]
        if not after:
            return None  # the case was on screen before its answer (cached): no sample
        last = after[0][0]
        for ct, n in after[1:]:
            if ct - last > 0.005:
                break
            last = ct
        return (after[0][0] - t) * 1000, (last - t) * 1000, sum(n for ct, n in after if ct <= last)
    if action in ("esc", "esc-kitty"):
        settle(d)
        d.send(b"1")  # focus the alerts (may already have it)
        settle(d)
        d.send(b"\r")  # open the case under the cursor
        d.quiet(0.5)  # its data arrives
        settle(d)
        return d.press(b"\x1b" if action == "esc" else b"\x1b[27u")
    raise ValueError(action)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))]


def main():
    global SIZE
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    samples, port, lang = 30, 21411, "zh"
    actions = ["cursor", "panel", "esc", "esc-kitty", "drill", "scope"]
    builds = []
    while argv:
        a = argv.pop(0)
        if a == "--samples":
            samples = int(argv.pop(0))
        elif a == "--size":
            w, h = argv.pop(0).split("x")
            SIZE = (int(w), int(h))
        elif a == "--port":
            port = int(argv.pop(0))
        elif a == "--lang":
            lang = argv.pop(0)
        elif a == "--actions":
            actions = argv.pop(0).split(",")
        else:
            label, exe = a.split("=", 1)
            builds.append((label, os.path.abspath(exe)))
    if not builds:
        raise SystemExit(__doc__)
    casesim = os.path.join(os.path.dirname(builds[0][1]), "casesim")
    if not os.path.exists(casesim):
        casesim = os.path.join(os.path.dirname(__file__), "..", "bin", "casesim")
    api = f"http://127.0.0.1:{port + 1}"  # through the proxy
    Proxy.upstream = ("127.0.0.1", port)
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", port + 1), Proxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    sim = subprocess.Popen([casesim, "serve", "--addr", f"127.0.0.1:{port}", "--db", ":memory:", "--speed", "0",
                            "--start", "2026-11-02"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dashes = []
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        env_lang = {"zh": "zh_CN.UTF-8", "en": "en_US.UTF-8"}[lang]
        os.environ["LANG"] = env_lang
        os.environ.pop("LC_ALL", None)
        for label, exe in builds:
            dashes.append(Dash(label, exe, ["--api", api] + extra))
        for d in dashes:
            d.wait_text(POPULATED if lang == "zh" else ["casewatch"])
            d.quiet(1.0)
        load0 = open("/proc/loadavg").read().split()[:3]
        res = {(d.label, a): ([], [], []) for d in dashes for a in actions}
        states = {d.label: {} for d in dashes}
        for a in actions:
            for _ in range(samples):
                for d in dashes:  # alternate builds sample by sample
                    got = sample(d, a, states[d.label])
                    if got is None:
                        continue
                    f, fr, n = got
                    res[(d.label, a)][0].append(f)
                    res[(d.label, a)][1].append(fr)
                    res[(d.label, a)][2].append(n)
        load1 = open("/proc/loadavg").read().split()[:3]
        print(f"key -> screen at {SIZE[0]}x{SIZE[1]}, {samples} samples each, LANG={env_lang}, casewatch flags {extra}")
        print(f"load average before {' '.join(load0)}, after {' '.join(load1)}")
        print(f"{'action':10} {'build':10} {'first median':>12} {'p90':>7} {'frame median':>13} {'p90':>7} {'bytes median':>12}")
        for a in actions:
            for d in dashes:
                f, fr, n = res[(d.label, a)]
                if not f:
                    print(f"{a:10} {d.label:10} no samples")
                    continue
                print(f"{a:10} {d.label:10} {statistics.median(f):12.1f} {pct(f, 0.9):7.1f} {statistics.median(fr):13.1f} {pct(fr, 0.9):7.1f} {statistics.median(n):12.0f}  n={len(f)}")
            if len(dashes) == 2 and all(res[(d.label, a)][1] for d in dashes):
                (a0, b0) = [statistics.median(res[(d.label, a)][1]) for d in dashes]
                print(f"{'':10} ratio {dashes[1].label}/{dashes[0].label} (frame median): {b0 / a0:.1f}x")
    finally:
        for d in dashes:
            d.stop()
        sim.terminate()
        sim.wait()


if __name__ == "__main__":
    main()
