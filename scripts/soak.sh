#!/usr/bin/env bash
# Soak test: casewatch runs for a long time against a fast-moving reference
# case system, as a dashboard in tmux and, separately, as an SSH server with
# 20 real `ssh -tt` sessions. Every SAMPLE seconds it records RSS and
# goroutine counts; at the end it reports RSS growth per hour after warm-up,
# the goroutine range, and any log line that looks like an error.
#
#   scripts/soak.sh [DURATION_SECONDS] [SAMPLE_SECONDS] [FAULTS]
#       defaults: 1800 (30 min), 60, no faults
#   e.g. scripts/soak.sh 3600 60 'unavailable=0.02,reset=0.01,outage=20s@every=600s'
#
# Needs tmux and openssh-client. CI does not run it. Results go to
# soak-results/<time>/ (samples.csv, summary.txt, the logs).
set -euo pipefail
cd "$(dirname "$0")/.."
dur=${1:-1800}
sample=${2:-60}
faults=${3:-}
for c in tmux ssh ssh-keygen curl; do command -v $c >/dev/null || { echo "soak.sh needs $c"; exit 2; }; done
out=soak-results/$(date +%Y%m%dT%H%M%S)
mkdir -p "$out" bin
go build -o bin/casewatch ./cmd/casewatch
go build -o bin/casesim ./cmd/casesim
work=$(mktemp -d)
cleanup() {
  jobs -p | xargs -r kill 2>/dev/null || true
  tmux -L soak kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

api=http://127.0.0.1:18480
fargs=()
[ -n "$faults" ] && fargs=(--faults "$faults")
# A simulated day every 4.3 real seconds.
bin/casesim serve --addr 127.0.0.1:18480 --db "$work/sim.db" --speed 20000 "${fargs[@]}" >"$out/casesim.log" 2>&1 &
simpid=$!
for _ in $(seq 300); do curl -fsS $api/api/v1/health >/dev/null 2>&1 && break; sleep 0.1; done

# The dashboard, in tmux at 200x50, with short poll intervals.
tmux -L soak new-session -d -s dash -x 200 -y 50 \
  "exec env XDG_STATE_HOME=$work/dash CASEWATCH_DEBUG_ADDR=127.0.0.1:16061 bin/casewatch --api $api --alerts-interval 1s --indicators-interval 5s --coverage-interval 5s 2>$out/dashboard.log"
dpid=$(tmux -L soak list-panes -t dash -F '#{pane_pid}')

# The SSH server and 20 sessions.
ssh-keygen -q -t ed25519 -N '' -f "$work/key" -C soak
cp "$work/key.pub" "$work/authorized_keys"
XDG_STATE_HOME=$work/ssh CASEWATCH_DEBUG_ADDR=127.0.0.1:16062 bin/casewatch serve-ssh --api $api --addr 127.0.0.1:12222 \
  --authorized-keys "$work/authorized_keys" --idle-timeout 0 --alerts-interval 1s --indicators-interval 5s --coverage-interval 5s \
  --audit-log "$out/ssh-audit.log" >"$out/ssh.log" 2>&1 &
spid=$!
sleep 2
# The clients read a fifo nobody writes to: no input, sessions stay open.
mkfifo "$work/in"
exec 3<>"$work/in"
for i in $(seq 20); do
  ssh -tt -i "$work/key" -p 12222 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o LogLevel=ERROR "soak$i@127.0.0.1" <"$work/in" >/dev/null 2>>"$out/ssh-clients.log" &
done

rss() { local v; v=$(awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null) || v=0; echo "${v:-0}"; }
# Read whole answers into variables: with pipefail, a reader that stops
# early (head) would make the pipeline fail after it printed.
gor() { local p; p=$(curl -fsS "http://$1/debug/pprof/goroutine?debug=1" 2>/dev/null) || p=""; awk 'NR == 1 {print $NF + 0}' <<<"${p:-x 0}"; }
echo "t_s,dash_rss_kb,dash_goroutines,ssh_rss_kb,ssh_goroutines,casesim_rss_kb,ssh_sessions" >"$out/samples.csv"
start=$(date +%s)
while :; do
  now=$(date +%s); t=$((now - start))
  sessions=$(ss -Htn state established '( sport = :12222 )' 2>/dev/null | wc -l)
  echo "$t,$(rss "$dpid"),$(gor 127.0.0.1:16061),$(rss "$spid"),$(gor 127.0.0.1:16062),$(rss "$simpid"),$sessions" >>"$out/samples.csv"
  [ "$t" -ge "$dur" ] && break
  sleep "$sample"
done
tmux -L soak capture-pane -p -t dash >"$out/dashboard-final.txt" || true

# Summary: least-squares RSS slope after a warm-up of a third of the run
# (at least 5 minutes), goroutine range, error lines.
awk -F, -v warm=$(( dur / 3 > 300 ? dur / 3 : 300 )) '
  NR == 1 { next }
  { n0++; for (i = 2; i <= 7; i++) { if (n0 == 1 || $i < lo[i]) lo[i] = $i; if (n0 == 1 || $i > hi[i]) hi[i] = $i } }
  $1 >= warm { n++; x = $1 / 3600; sx += x; sxx += x * x; for (i = 2; i <= 6; i += 2) { sy[i] += $i; sxy[i] += x * $i } }
  END {
    printf "samples: %d (%d after warm-up at %ds)\n", n0, n, warm
    split("x,dashboard,x,ssh server,x,casesim", name, ",")
    for (i = 2; i <= 6; i += 2) {
      slope = (n > 1 && n * sxx - sx * sx != 0) ? (n * sxy[i] - sx * sy[i]) / (n * sxx - sx * sx) : 0
      printf "%-10s RSS %6.1f..%6.1f MB   growth after warm-up %+8.3f MB/hour\n", name[i], lo[i] / 1024, hi[i] / 1024, slope / 1024
    }
    printf "goroutines: dashboard %d..%d, ssh server %d..%d; ssh sessions %d..%d\n", lo[3], hi[3], lo[5], hi[5], lo[7], hi[7]
  }' "$out/samples.csv" | tee "$out/summary.txt"
echo "error-looking log lines (excluding injected faults):" | tee -a "$out/summary.txt"
grep -hiE 'error|panic|fatal' "$out"/*.log | grep -viE 'fault|inject' | sort | uniq -c | sort -rn | head -20 | tee -a "$out/summary.txt" || true
echo "results in $out"
