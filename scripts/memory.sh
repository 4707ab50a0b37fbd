#!/usr/bin/env bash
# Memory of the real casewatch dashboard, read from /proc:
#   1. against 100,000 and 1,000,000 active alerts (scripts/alertload: the
#      reference system with synthetic alerts, 1,000 a page), the dashboard
#      in tmux at 200x50: RSS once the listing is in and the dashboard has
#      settled, and the peak (VmHWM); and how long the first full listing
#      took (first page asked → last page served);
#   2. under the oversize fault (casesim serve --faults oversize=SHARE,
#      oversize-bytes=100MiB: bodies streamed without Content-Length): the
#      peak RSS over a window.
#
#   scripts/memory.sh [OLD_BINARY]
#       OLD_BINARY: another casewatch to measure in the same run, e.g. one
#       built from an older commit:
#         git worktree add /tmp/old 1684cba && (cd /tmp/old && go build -o /tmp/casewatch-old ./cmd/casewatch)
#   Environment: ALERTS="100000 1000000", SETTLE=30 (seconds measured
#   after the listing), OVERSIZE="1 0.5" (fault shares), WINDOW=60 (s),
#   PORT=18210 (the first of two ports).
#
# Needs tmux and curl. Ports PORT and PORT+1 (PORT=18210 unless set). Do not run it beside builds or
# other measurements; it prints the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:-}
alerts=${ALERTS:-"100000 1000000"}
settle=${SETTLE:-30}
shares=${OVERSIZE:-"1 0.5"}
window=${WINDOW:-60}
port=${PORT:-18210}
for c in tmux curl; do command -v $c >/dev/null || { echo "memory.sh needs $c"; exit 2; }; done
mkdir -p bin
go build -o bin/casewatch ./cmd/casewatch
go build -o bin/casesim ./cmd/casesim
go build -o bin/alertload ./scripts/alertload
work=$(mktemp -d)
srv=
cleanup() {
  tmux -L "memory$port" kill-server 2>/dev/null || true
  [ -n "$srv" ] && kill "$srv" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

bins=(bin/casewatch)
[ -n "$old" ] && bins+=("$old")
kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
mb() { awk -v v="$1" 'BEGIN {printf "%.1f", v / 1024}'; }
wait_http() { for _ in $(seq 600); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "no answer from $1"; exit 1; }

# dash BIN API: starts the dashboard in tmux; prints its pid.
dash() {
  tmux -L "memory$port" kill-server 2>/dev/null || true
  tmux -L "memory$port" new-session -d -s dash -x 200 -y 50 \
    "exec env XDG_STATE_HOME=$work/state ${DASH_ENV:-} $1 --api $2 --lang en 2>$work/dash.log"
  sleep 0.2
  tmux -L "memory$port" list-panes -t dash -F '#{pane_pid}'
}

echo "casewatch memory, $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "## alerts"
printf '%-28s %9s %12s %14s %14s %10s\n' binary alerts listing_s rss_settled_MB rss_max_MB hwm_MB
for n in $alerts; do
  for b in "${bins[@]}"; do
    : >"$work/load.out"
    bin/alertload -addr 127.0.0.1:$port -alerts "$n" >"$work/load.out" 2>"$work/load.err" &
    srv=$!
    wait_http http://127.0.0.1:$port/api/v1/health
    pid=$(dash "$b" http://127.0.0.1:$port)
    listed=
    for _ in $(seq 1200); do
      listed=$(grep -m1 '^listed' "$work/load.out" || true)
      [ -n "$listed" ] && break
      sleep 0.5
    done
    secs=$(awk '{print $4}' <<<"${listed:-listed 0 in NaN s}")
    peak=0; rss=0
    for _ in $(seq "$settle"); do
      sleep 1
      rss=$(kb "$pid" VmRSS); [ "${rss:-0}" -gt "$peak" ] && peak=$rss
    done
    printf '%-28s %9s %12s %14s %14s %10s\n' "$b" "$n" "$secs" "$(mb "$rss")" "$(mb "$peak")" "$(mb "$(kb "$pid" VmHWM)")"
    { tmux -L "memory$port" capture-pane -p -t dash | grep -m1 -E 'holding [0-9]+ of' || tmux -L "memory$port" capture-pane -p -t dash | grep -m1 -E 'showing [0-9]+ of'; } | sed 's/^[^a-z]*/    screen: /' | cut -c1-150 || true
    tmux -L "memory$port" kill-server 2>/dev/null || true
    kill "$srv" 2>/dev/null || true; wait "$srv" 2>/dev/null || true; srv=
  done
done

echo
echo "## oversize fault (100 MiB bodies without Content-Length, ${window}s)"
printf '%-28s %7s %10s %14s\n' binary share hwm_MB rss_end_MB
for share in $shares; do
  for b in "${bins[@]}"; do
    bin/casesim serve --addr 127.0.0.1:$((port + 1)) --db :memory: --speed 0 --start 2026-11-02 \
      --faults "oversize=$share,oversize-bytes=100MiB" >"$work/sim.log" 2>&1 &
    srv=$!
    wait_http http://127.0.0.1:$((port + 1))/api/v1/health
    pid=$(dash "$b" http://127.0.0.1:$((port + 1)))
    sleep "$window"
    printf '%-28s %7s %10s %14s\n' "$b" "$share" "$(mb "$(kb "$pid" VmHWM)")" "$(mb "$(kb "$pid" VmRSS)")"
    tmux -L "memory$port" kill-server 2>/dev/null || true
    kill "$srv" 2>/dev/null || true; wait "$srv" 2>/dev/null || true; srv=
  done
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
