#!/bin/sh
# Before removal (not on upgrade): stop and disable the services. State in
# /var/lib/casewatch and /var/lib/casesim is kept.
set -e
case "$1" in
    upgrade|1) exit 0 ;;  # deb: upgrade; rpm: $1 = 1 when another version stays
esac
if [ -d /run/systemd/system ]; then
    for u in casewatch-ssh.service casewatch-notify.service casesim.service; do
        systemctl disable --now "$u" >/dev/null 2>&1 || true
    done
fi
exit 0
