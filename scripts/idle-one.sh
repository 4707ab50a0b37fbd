#!/usr/bin/env bash
# Idle cost of one dashboard: the casewatch binary given, in tmux at 200x50
# (LANG=zh_CN.UTF-8), against the reference system with its clock frozen
# (static data), measured from /proc after a warm-up. Run it for two builds
# in turn, alternated, to compare them (scripts/idle-ab.sh runs two builds
# and two minimal Bubble Tea programs at once instead).
#
#   scripts/idle-one.sh CASEWATCH CASESIM [SECONDS] [casewatch flags...]
#       SECONDS: the measured window (default 120); WARM=S the warm-up
#       before it (default 90 s: the per-unit data sets' first round is
#       staggered, their second lines up); TRACE=FILE also takes a runtime
#       trace of the window (it adds wakeups of its own).
#
# Prints wakeups per second (voluntary + involuntary context switches of
# all threads), CPU as % of one core (run time from schedstat), and the
# requests a minute the reference system served in the window (its
# metrics).
set -euo pipefail
bin=$(realpath "${1:?usage: scripts/idle-one.sh CASEWATCH CASESIM [SECONDS] [flags...]}")
sim=$(realpath "${2:?usage: scripts/idle-one.sh CASEWATCH CASESIM [SECONDS] [flags...]}")
secs=${3:-120}
shift 3 || shift $#
command -v tmux >/dev/null || { echo "idle-one.sh needs tmux"; exit 2; }
port=21431
sock=idleone$$
work=$(mktemp -d)
trap 'tmux -L $sock kill-server 2>/dev/null || true; kill $simpid 2>/dev/null || true; rm -rf "$work"' EXIT
"$sim" serve --addr 127.0.0.1:$port --db :memory: --speed 0 --start 2026-11-02 --metrics-addr 127.0.0.1:21433 >"$work/sim.log" 2>&1 &
simpid=$!
for _ in $(seq 200); do curl -fsS http://127.0.0.1:$port/api/v1/health >/dev/null 2>&1 && break; sleep 0.1; done
tmux -L $sock new-session -d -s d -x 200 -y 50 "exec env LANG=zh_CN.UTF-8 XDG_STATE_HOME=$work/state CASEWATCH_DEBUG_ADDR=127.0.0.1:21432 $bin --api http://127.0.0.1:$port $*"
sleep "${WARM:-90}"
pid=$(tmux -L $sock list-panes -t d -F '#{pane_pid}')
ctx() { cat /proc/$1/task/*/status 2>/dev/null | awk '/ctxt_switches/ {s+=$2} END {print s+0}'; }
runns() { cat /proc/$1/task/*/schedstat 2>/dev/null | awk '{s+=$1} END {printf "%.0f", s}'; }
served() { curl -fsS http://127.0.0.1:21433/metrics | awk '/^casesim_http_requests_total/ {s+=$NF} END {print s+0}'; }
c0=$(ctx "$pid"); r0=$(runns "$pid"); q0=$(served); l0=$(cut -d' ' -f1-3 /proc/loadavg)
tracepid=
if [ -n "${TRACE:-}" ]; then curl -fsS -o "$TRACE" "http://127.0.0.1:21432/debug/pprof/trace?seconds=$secs" & tracepid=$!; fi
sleep "$secs"
c1=$(ctx "$pid"); r1=$(runns "$pid"); q1=$(served)
awk -v c0="$c0" -v c1="$c1" -v r0="$r0" -v r1="$r1" -v q0="$q0" -v q1="$q1" -v s="$secs" -v l0="$l0" -v l1="$(cut -d' ' -f1-3 /proc/loadavg)" -v f="$*" \
  'BEGIN { printf "casewatch %s: wakeups %.2f/s, cpu %.3f %% of one core, %.1f requests/min (window %ss; load %s -> %s)\n", f, (c1-c0)/s, (r1-r0)/1e9/s*100, (q1-q0)/s*60, s, l0, l1 }'
if [ -n "$tracepid" ]; then wait "$tracepid" || true; fi
