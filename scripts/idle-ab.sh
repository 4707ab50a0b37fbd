#!/usr/bin/env bash
# Idle cost of two builds side by side (scripts/stockbuild.sh makes them):
# the dashboard and a minimal Bubble Tea v2 program of each build, all four
# in tmux at 200x50 at the same time, on static data (the reference system
# with its clock frozen), measured from /proc over the same window.
#
#   scripts/idle-ab.sh DIR [SECONDS] [extra casewatch flags...]
#       DIR holds patched/ and stock/ (default window 300 s)
#
# Prints for each program: CPU as % of one core (the threads' run time from
# /proc/PID/task/*/schedstat, in nanoseconds; in brackets utime+stime, which
# the kernel charges in whole clock ticks and so over- or under-counts a
# program that wakes briefly and often), wakeups per
# second (voluntary + involuntary context switches of all its threads), and
# the bytes it wrote to its terminal per minute; with CASEWATCH_TRACE=1 also
# a 60 s runtime trace of the patched dashboard (DIR/idle-trace.out) to see
# which goroutines still wake (go tool trace).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath "${1:?usage: scripts/idle-ab.sh DIR [SECONDS] [casewatch flags...]}")
secs=${2:-300}
shift 2 || shift $#
command -v tmux >/dev/null || { echo "idle-ab.sh needs tmux"; exit 2; }
work=$(mktemp -d)
sock=idleab$$
port=21421
trap 'tmux -L $sock kill-server 2>/dev/null || true; kill $simpid 2>/dev/null || true; rm -rf "$work"' EXIT
"$dir/patched/casesim" serve --addr 127.0.0.1:$port --db :memory: --speed 0 --start 2026-11-02 >"$work/sim.log" 2>&1 &
simpid=$!
for _ in $(seq 200); do curl -fsS http://127.0.0.1:$port/api/v1/health >/dev/null 2>&1 && break; sleep 0.1; done
names=(dash-patched dash-stock mini-patched mini-stock)
tmux -L $sock new-session -d -s dash-patched -x 200 -y 50 "exec env LANG=zh_CN.UTF-8 XDG_STATE_HOME=$work/p CASEWATCH_DEBUG_ADDR=127.0.0.1:21422 $dir/patched/casewatch --api http://127.0.0.1:$port $*"
tmux -L $sock new-session -d -s dash-stock -x 200 -y 50 "exec env LANG=zh_CN.UTF-8 XDG_STATE_HOME=$work/s CASEWATCH_DEBUG_ADDR=127.0.0.1:21423 $dir/stock/casewatch --api http://127.0.0.1:$port $*"
tmux -L $sock new-session -d -s mini-patched -x 200 -y 50 "exec $dir/patched/minimaltea"
tmux -L $sock new-session -d -s mini-stock -x 200 -y 50 "exec $dir/stock/minimaltea"
for n in "${names[@]}"; do tmux -L $sock pipe-pane -o -t "$n" "cat > $work/$n.bytes"; done
sleep 20 # warm-up: first polls, first frames
pid_of() { tmux -L $sock list-panes -t "$1" -F '#{pane_pid}'; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
runns() { cat /proc/$1/task/*/schedstat 2>/dev/null | awk '{s+=$1} END {printf "%.0f", s}'; }
ctx() { cat /proc/$1/task/*/status 2>/dev/null | awk '/ctxt_switches/ {s+=$2} END {print s+0}'; }
bytes() { stat -c %s "$work/$1.bytes" 2>/dev/null || echo 0; }
declare -A pid t0 c0 b0 r0
for n in "${names[@]}"; do pid[$n]=$(pid_of "$n"); done
load0=$(cut -d' ' -f1-3 /proc/loadavg)
for n in "${names[@]}"; do t0[$n]=$(ticks "${pid[$n]}"); r0[$n]=$(runns "${pid[$n]}"); c0[$n]=$(ctx "${pid[$n]}"); b0[$n]=$(bytes "$n"); done
if [ "${CASEWATCH_TRACE:-}" = 1 ]; then
  (curl -fsS -o "$dir/idle-trace.out" "http://127.0.0.1:21422/debug/pprof/trace?seconds=60" || echo "no trace") &
fi
sleep "$secs"
hz=$(getconf CLK_TCK)
echo "idle window ${secs}s at 200x50 (LANG=zh_CN.UTF-8), load average at the start $load0, at the end $(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${names[@]}"; do
  awk -v n="$n" -v t0="${t0[$n]}" -v t1="$(ticks "${pid[$n]}")" -v r0="${r0[$n]}" -v r1="$(runns "${pid[$n]}")" -v c0="${c0[$n]}" -v c1="$(ctx "${pid[$n]}")" \
      -v b0="${b0[$n]}" -v b1="$(bytes "$n")" -v s="$secs" -v hz="$hz" \
    'BEGIN { printf "%-14s cpu %6.3f %% of one core (ticks %6.3f %%)   wakeups %7.2f /s   terminal output %9.0f B/min\n", n, (r1-r0)/1e9/s*100, (t1-t0)/hz/s*100, (c1-c0)/s, (b1-b0)/s*60 }'
done
