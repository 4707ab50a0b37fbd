#!/usr/bin/env bash
# Reproduces the figures of `casewatch serve-ssh` under load: with 1, 10 and
# 100 concurrent SSH sessions, the API request rate (the same for all: the
# sessions share one poller), the server's RSS per session and its CPU while
# the sessions sit idle (no input; the dashboards still repaint their clock
# and follow the simulated data).
#
# The server runs in its own process (sshserve + a real client.Poller)
# against the embedded reference case system, which counts the requests;
# see scripts/sshload/main.go. Each session count takes about 1.5 minutes
# with the default 60 s window. Linux only (reads /proc).
#
# Usage: scripts/ssh-load.sh [sshload flags]
#   -sessions 1,10,100   session counts
#   -window 60s          sampling window per count
#   -client go|openssh   x/crypto/ssh clients (default) or real `ssh -tt`
#                        processes (openssh-client; they get 80x24)
#   -cols 120 -rows 40   terminal size of each go client
#   -fps 10              frames per second per session
#   -speed 1             case-system simulation speed (1 real time; the demo uses 1440)
#   -pprof 127.0.0.1:6060  net/http/pprof of the server process, to see where
#                        memory and CPU go
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bin
go build -o bin/sshload ./scripts/sshload
echo "go $(go env GOVERSION), $(uname -sr), $(date -u +%FT%TZ)"
exec bin/sshload "$@"
