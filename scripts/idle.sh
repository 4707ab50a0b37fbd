#!/usr/bin/env bash
# Idle cost of the dashboard beside a minimal Bubble Tea v2 program, both in
# tmux at 200x50 on static data, measured from /proc over a window.
#
#   scripts/idle.sh [SECONDS] [extra casewatch flags...]     (default 300 s)
#
# Prints, for each program: CPU as % of one core (utime+stime from
# /proc/PID/stat), context switches per second (/proc/PID/status), and the
# bytes it wrote to its terminal per minute (tmux pipe-pane).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-300}
shift || true
command -v tmux >/dev/null || { echo "idle.sh needs tmux (apt-get install tmux)"; exit 2; }
mkdir -p bin
go build -o bin/casewatch ./cmd/casewatch
go build -o bin/casesim ./cmd/casesim
go build -o bin/minimaltea ./scripts/minimaltea
work=$(mktemp -d)
trap 'tmux -L idle kill-server 2>/dev/null || true; kill $simpid 2>/dev/null || true; rm -rf "$work"' EXIT

# A static data set: the reference system with its clock frozen.
bin/casesim serve --addr 127.0.0.1:18471 --db :memory: --speed 0 --start 2026-11-02 >"$work/sim.log" 2>&1 &
simpid=$!
for _ in $(seq 100); do curl -fsS http://127.0.0.1:18471/api/v1/health >/dev/null 2>&1 && break; sleep 0.1; done

tmux -L idle new-session -d -s dash -x 200 -y 50 "exec env XDG_STATE_HOME=$work bin/casewatch --api http://127.0.0.1:18471 $*"
tmux -L idle new-session -d -s mini -x 200 -y 50 "exec bin/minimaltea"
tmux -L idle pipe-pane -o -t dash "cat > $work/dash.bytes"
tmux -L idle pipe-pane -o -t mini "cat > $work/mini.bytes"
sleep 15 # warm-up: first polls, first frames
pid_of() { tmux -L idle list-panes -t "$1" -F '#{pane_pid}'; }
dpid=$(pid_of dash); mpid=$(pid_of mini)
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
ctx() { cat /proc/$1/task/*/status 2>/dev/null | awk '/ctxt_switches/ {s+=$2} END {print s+0}'; }
bytes() { stat -c %s "$work/$1.bytes" 2>/dev/null || echo 0; }
hz=$(getconf CLK_TCK)
d0=$(ticks "$dpid"); m0=$(ticks "$mpid"); dc0=$(ctx "$dpid"); mc0=$(ctx "$mpid"); db0=$(bytes dash); mb0=$(bytes mini)
sleep "$secs"
d1=$(ticks "$dpid"); m1=$(ticks "$mpid"); dc1=$(ctx "$dpid"); mc1=$(ctx "$mpid"); db1=$(bytes dash); mb1=$(bytes mini)
report() {
  awk -v n="$1" -v t0="$2" -v t1="$3" -v c0="$4" -v c1="$5" -v b0="$6" -v b1="$7" -v s="$secs" -v hz="$hz" \
    'BEGIN { printf "%-28s cpu %6.3f %% of one core   ctx switches %7.1f /s   terminal output %9.0f B/min\n", n, (t1-t0)/hz/s*100, (c1-c0)/s, (b1-b0)/s*60 }'
}
echo "idle window ${secs}s at 200x50, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
report "casewatch $*" "$d0" "$d1" "$dc0" "$dc1" "$db0" "$db1"
report "minimal bubbletea v2" "$m0" "$m1" "$mc0" "$mc1" "$mb0" "$mb1"
