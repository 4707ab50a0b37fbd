#!/bin/bash
# shoot.sh NAME BIN SIZE LANG KEYS... : start BIN in tmux, send keys (a word "SLEEP:n" sleeps), capture.
name=$1; bin=$2; size=$3; lang=$4; shift 4
w=${size%x*}; h=${size#*x}
sess="s$$"
st=$(mktemp -d)
XDG_STATE_HOME=$st tmux new-session -d -s $sess -x $w -y $h "$bin --lang $lang $EXTRA; sleep 60"
sleep 3
for k in "$@"; do
  case $k in
    SLEEP:*) sleep ${k#SLEEP:} ;;
    TEXT:*) tmux send-keys -t $sess -l "${k#TEXT:}" ; sleep 0.3 ;;
    *) tmux send-keys -t $sess "$k"; sleep 0.4 ;;
  esac
done
sleep 1
tmux capture-pane -p -t $sess > "${OUT:-.}/$name.txt"
tmux kill-session -t $sess
