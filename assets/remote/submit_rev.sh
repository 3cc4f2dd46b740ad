#!/usr/bin/env bash
# Starts a reV project's pipeline on the head node so that it outlives pcwiz and this ssh
# connection; sent by pcwiz on ssh's stdin: `bash -s -- DIR VENV`.
#
# gaps' `reV pipeline --background` forks a monitor into a session of its own (setsid) that
# submits each step to Slurm with sbatch as the previous one ends, and exits when the
# pipeline is done or failed. Its output goes to logs/pcwiz_submit.log, not to this shell:
# ssh would otherwise wait for the monitor to close it. Lines for pcwiz start "pcwiz: ".
set -u
dir=$1; venv=$2
case $dir in \~/*) dir="$HOME/${dir#\~/}" ;; esac
case $venv in \~/*) venv="$HOME/${venv#\~/}" ;; esac
say() { printf 'pcwiz: %s\n' "$*"; }

cd "$dir" 2>/dev/null || { say "error there is no directory $dir on the head node (write the project first)"; exit 1; }
[ -f config_pipeline.json ] || { say "error $dir has no config_pipeline.json (write the project first)"; exit 1; }
[ -x "$venv/bin/reV" ] || { say "error reV is not installed in $venv"; exit 1; }
# shellcheck disable=SC1091
source "$venv/bin/activate"
mkdir -p logs
nohup reV pipeline -c config_pipeline.json --background >logs/pcwiz_submit.log 2>&1 </dev/null
status=$?
# The parent's own lines ("Kicking off pipeline job in the background. Monitor PID: N", or
# gaps' warning that another monitor already runs), for pcwiz to read.
tail -n 20 logs/pcwiz_submit.log
say "status $status"
