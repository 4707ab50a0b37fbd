#!/usr/bin/env python3
"""Time from exec to the first frame of the dashboard, on a real pseudo-terminal.

    scripts/firstframe.py [RUNS] [--size WxH] [--until TEXT[,TEXT...]] [-- casewatch flags...]

Starts bin/casewatch (build it first: go build -o bin/casewatch ./cmd/casewatch)
in an 80x24 pty RUNS times (default 20), and measures the time until its
output contains the header (案管看板 / casewatch), i.e. the first frame a
person sees. Prints min / median / p90 / max in milliseconds.

With --until, the time until the output has held every TEXT instead: e.g.
at --size 200x50 (all three panels on screen) --until 显示,排名靠后,未行使
is the time until the alerts, the indicators and the coverage panels all show
data ("every panel populated").
"""
import fcntl, os, pty, select, signal, statistics, struct, sys, tempfile, termios, time

SIZE = (80, 24)
UNTIL = None

def once(args):
    env = dict(os.environ, XDG_STATE_HOME=tempfile.mkdtemp(), TERM="xterm-256color")
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(args[0], args, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    buf = b""
    elapsed = None
    deadline = t0 + 10
    while time.perf_counter() < deadline:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            buf += chunk
            if UNTIL is not None:
                if all(u.encode() in buf for u in UNTIL):
                    elapsed = (time.perf_counter() - t0) * 1000
                    break
            elif "案管看板".encode() in buf or b"casewatch" in buf:
                elapsed = (time.perf_counter() - t0) * 1000
                break
    os.kill(pid, signal.SIGTERM)
    # A running dashboard may take a while to stop: SIGKILL after 2 s.
    end = time.perf_counter() + 2
    try:
        while os.waitpid(pid, os.WNOHANG) == (0, 0):
            if time.perf_counter() > end:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                break
            try:
                os.read(fd, 65536)  # keep the pty drained
            except OSError:
                pass
            time.sleep(0.02)
    except ChildProcessError:
        pass
    os.close(fd)
    return elapsed

def main():
    argv = sys.argv[1:]
    runs = 20
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    global SIZE, UNTIL
    while argv and argv[0].startswith("--") or (len(argv) > 1 and argv[1].startswith("--")):
        if argv[0].startswith("--"):
            flag, val = argv[0], argv[1]
            argv = argv[2:]
        else:
            flag, val = argv[1], argv[2]
            argv = [argv[0]] + argv[3:]
        if flag == "--size":
            w, h = val.split("x")
            SIZE = (int(w), int(h))
        elif flag == "--until":
            UNTIL = val.split(",")
    if argv:
        runs = int(argv[0])
    exe = os.path.join(os.path.dirname(__file__), "..", "bin", "casewatch")
    # Without the binary the child's exec error would hold "casewatch" and
    # pass for a first frame in about 15 ms.
    if not os.access(exe, os.X_OK):
        sys.exit(f"{exe}: not built (go build -o bin/casewatch ./cmd/casewatch)")
    times = []
    for _ in range(runs):
        t = once([exe] + extra)
        if t is None:
            print("no first frame within 10 s", file=sys.stderr)
            sys.exit(1)
        times.append(t)
    times.sort()
    p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
    what = "first frame" if UNTIL is None else "until " + ",".join(UNTIL)
    print(f"{what} over {runs} runs (ms): min {times[0]:.1f}  median {statistics.median(times):.1f}  p90 {p90:.1f}  max {times[-1]:.1f}")
    print(f"load average: {open('/proc/loadavg').read().split()[:3]}")

if __name__ == "__main__":
    main()
