#!/bin/sh
# After install or upgrade: tell systemd about the units; restart services
# that were running (an upgrade), start nothing new (the operator enables
# them once the config is in place: docs/DEPLOY.md).
set -e
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || true
    for u in casewatch-ssh.service casewatch-notify.service casesim.service; do
        if systemctl is-active --quiet "$u"; then
            systemctl try-restart "$u" >/dev/null 2>&1 || true
        fi
    done
fi
exit 0
