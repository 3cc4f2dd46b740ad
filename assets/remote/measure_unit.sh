#!/usr/bin/env bash
# pcwiz's measurement of one unit of work on a cluster's head node, as `pcwiz size
# --measure` does locally: the command after `--` runs in a process group of its own and,
# every interval, its whole process tree's resident memory and CPU time are summed from
# /proc. pcwiz sends this script over ssh on stdin (`bash -s -- ARGS`) and keeps that stdin
# open: a line on it, or its end (pcwiz or the connection gone), stops the command, so it
# never runs on unwatched.
#
#   --interval-ms N   how often to sample (default 500)
#   --dir DIR         the command's working directory (default: the login directory)
#   -- CMD ARG...     the command
#
# The command's own output goes to stderr. Stdout carries only these lines:
#   pcwiz-measure 1 TICKS PAGE    clock ticks per second, page size in bytes
#   sample CS PROCS RSS CPU HWM   centiseconds since the start; the tree's processes, their
#                                 resident bytes, their CPU ticks (with the children each
#                                 has reaped) and the largest peak of any one (VmHWM bytes)
#   end CS STATUS CPU             wall centiseconds; the shell's status (128+N: signal N);
#                                 CPU ticks of the command and all it waited for ("-" if
#                                 it had to be killed before it could say)
#   error KIND WORDS              why it did not start: not-found CMD, no-dir DIR, usage
set -u

# Centiseconds since boot into $cs, from /proc/uptime ("12345.67"): no fork, no date(1).
uptime_cs() {
  local up _idle
  read -r up _idle </proc/uptime
  cs=$((10#${up/./}))
}

# "PROCS RSS CPU HWM" of the tree under $1: its descendants, and whatever is left in its
# process group (a child re-parented to init). $1 itself, the idle shell around the
# command, counts for CPU only: its reaped children's time is the finished workers'.
sample() {
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v root="$1" -v page="$page" '
    {
      pid = $1
      # The name is in parentheses and may hold both: count fields from the last ") ".
      sub(/^.*\) /, "")
      n++; pids[n] = pid; ppid[pid] = $2; pgrp[pid] = $3
      cpu[pid] = $12 + $13 + ($14 > 0 ? $14 : 0) + ($15 > 0 ? $15 : 0)
      rss[pid] = $22
    }
    END {
      member[root] = 1
      for (i = 1; i <= n; i++) if (pgrp[pids[i]] == root) member[pids[i]] = 1
      for (grew = 1; grew; ) {
        grew = 0
        for (i = 1; i <= n; i++) {
          p = pids[i]
          if (!(p in member) && (ppid[p] in member)) { member[p] = 1; grew = 1 }
        }
      }
      procs = 0; bytes = 0; ticks = 0; hwm = 0
      for (p in member) {
        if (!(p in cpu)) continue
        ticks += cpu[p]
        if (p == root) continue
        procs++; bytes += rss[p] * page
        f = "/proc/" p "/status"
        while ((getline line < f) > 0)
          if (line ~ /^VmHWM:/) { split(line, kb, " "); if (kb[2] * 1024 > hwm) hwm = kb[2] * 1024 }
        close(f)
      }
      printf "%d %.0f %.0f %.0f\n", procs, bytes, ticks, hwm
    }'
}

# Whether process $1 still runs (a zombie, or gone, has ended).
running() {
  local stat
  { read -r stat </proc/"$1"/stat; } 2>/dev/null || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

main() {
  local interval_ms=500 dir=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --interval-ms) interval_ms=$2; shift 2 ;;
      --dir) dir=$2; shift 2 ;;
      --) shift; break ;;
      *) echo "error usage unknown option $1"; return 2 ;;
    esac
  done
  [ $# -gt 0 ] || { echo "error usage no command after --"; return 2; }
  if [ -n "$dir" ] && ! cd "$dir" 2>/dev/null; then echo "error no-dir $dir"; return 2; fi
  command -v "$1" >/dev/null 2>&1 || { echo "error not-found $1"; return 2; }

  local ticks interval tmp
  ticks=$(getconf CLK_TCK 2>/dev/null || echo 100)
  page=$(getconf PAGESIZE 2>/dev/null || echo 4096)
  printf -v interval '%d.%03d' $((interval_ms / 1000)) $((interval_ms % 1000))
  tmp=$(mktemp -d) || { echo "error usage no temporary directory"; return 2; }
  # shellcheck disable=SC2064 # $tmp is fixed now: expand it now.
  trap "rm -rf '$tmp'" EXIT
  printf 'pcwiz-measure 1 %s %s\n' "$ticks" "$page"

  uptime_cs
  local start=$cs
  # Job control puts the runner in a process group of its own, the command with it, so
  # one signal reaches the whole tree. The runner survives the signal (its trap is reset
  # for the command) to record how the command ended and the CPU time of all it reaped.
  set -m
  (
    set +m
    trap ':' TERM HUP
    # The command's output to stderr; the runner's own notes ("Terminated") nowhere.
    exec 3>&2 2>/dev/null
    "$@" </dev/null >&3 2>&3 3>&-
    status=$?
    uptime_cs
    read -r self </proc/"$BASHPID"/stat
    # shellcheck disable=SC2086 # split into the fields after the name, on purpose.
    set -- ${self##*) }
    # Fields 16 and 17, cutime and cstime: the command and everything it waited for.
    echo "$cs $status $((${14} + ${15}))" >"$tmp/ended"
  ) &
  local runner=$!
  set +m

  local stdin_open=1 term_at="" stop=0 _line
  while running "$runner"; do
    uptime_cs
    printf 'sample %s %s\n' $((cs - start)) "$(sample "$runner")"
    if [ -n "$term_at" ]; then
      # SIGTERM went 3 s ago and it still runs: SIGKILL.
      uptime_cs
      [ $((cs - term_at)) -ge 300 ] && kill -KILL -- "-$runner" 2>/dev/null
    fi
    if [ "$stdin_open" = 1 ]; then
      if read -r -t "$interval" _line; then
        stop=1
      elif [ $? -le 128 ]; then
        stdin_open=0; stop=1
      fi
    else
      sleep "$interval"
    fi
    if [ "$stop" = 1 ] && [ -z "$term_at" ]; then
      kill -TERM -- "-$runner" 2>/dev/null
      uptime_cs
      term_at=$cs
    fi
  done
  # Quietly: bash would report a killed job on stderr, among the command's own output.
  { wait "$runner"; } 2>/dev/null
  local runner_status=$?
  local end_cs end_status end_cpu
  if [ -e "$tmp/ended" ] && read -r end_cs end_status end_cpu <"$tmp/ended"; then
    printf 'end %s %s %s\n' $((end_cs - start)) "$end_status" "$end_cpu"
  else
    uptime_cs
    printf 'end %s %s -\n' $((cs - start)) "$runner_status"
  fi
}

main "$@"; exit $?
