#!/usr/bin/env bash
# pcwiz's idle guard, installed on a cluster's head node as /usr/local/sbin/pcwiz-idle-guard
# and run every few minutes by pcwiz-idle-guard.timer (as root). It stops the head node
# when the cluster has been idle for the whole window, so a cluster left overnight stops
# billing for its head node while nobody watches:
#   - no Slurm job running, pending, configuring or completing;
#   - no compute node powered up or powering up (Slurm powers idle dynamic nodes down
#     itself, after ScaledownIdletime);
#   - no person logged in on a terminal and active within the window.
# When all three have held for the whole window, it tells logged-in users (wall), waits a
# grace period, looks again, logs why, and shuts the OS down. An EBS-backed head node whose
# shutdown behaviour is `stop` (ParallelCluster's launch template sets none, and `stop` is
# EC2's default) then STOPS: no IAM permission is needed, and `pcwiz resume` starts it
# again. pcwiz checks that behaviour before it arms the guard; it does not act otherwise.
# With static compute nodes (MinCount > 0) it never acts: they never power down.
#
#   pcwiz-idle-guard check     one look (what the timer runs)
#   pcwiz-idle-guard status    the state file
#
# Its state (armed, window, last check, last busy, why busy, when it would stop, or why it
# will not) is /var/lib/pcwiz/idle-guard.json, which the dashboard's one ssh round trip
# reads; each look also appends the compute nodes up, by instance type, to
# /var/lib/pcwiz/nodes-up.jsonl (the cluster's cost history). Why it acted, or did not, is
# in /var/log/pcwiz-idle-guard.log.
#
# For the tests only, these stand in for the clock and the actions, so that a test can run
# it against a real Slurm without stopping the machine or waiting an hour:
#   PCWIZ_GUARD_NOW=EPOCH  PCWIZ_GUARD_STOP="COMMAND"  PCWIZ_GUARD_WALL="COMMAND"
#   PCWIZ_GUARD_CONF=FILE  PCWIZ_GUARD_STATE_DIR=DIR  PCWIZ_GUARD_LOG=FILE
set -u
umask 022 # the state file is for the login user's probe to read
conf=${PCWIZ_GUARD_CONF:-/etc/pcwiz/idle-guard.conf}
state_dir=${PCWIZ_GUARD_STATE_DIR:-/var/lib/pcwiz}
log=${PCWIZ_GUARD_LOG:-/var/log/pcwiz-idle-guard.log}
state="$state_dir/idle-guard.json"
nodes_up_log="$state_dir/nodes-up.jsonl"

# Settings (pcwiz writes the file): the window, the grace period, armed or not, and what
# pcwiz found the head node does on an OS shutdown (only `stop` lets the guard act).
IDLE_MINUTES=60
GRACE_SECONDS=120
ARMED=1
SHUTDOWN_BEHAVIOUR=unknown
# shellcheck source=/dev/null
[ -r "$conf" ] && . "$conf"
# ParallelCluster installs Slurm in /opt/slurm: its commands are on a login shell's PATH,
# not on a systemd service's. A SLURM_CONF the login user's shell has is in the settings.
PATH=$PATH:/opt/slurm/bin
[ -n "${SLURM_CONF:-}" ] && export SLURM_CONF

now() { echo "${PCWIZ_GUARD_NOW:-$(date +%s)}"; }

json_string() { # a JSON string of $1 (quotes, backslashes and control characters escaped)
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/ }
  s=${s//$'\t'/ }
  printf '"%s"' "$s"
}

json_or_null() { if [ -n "$1" ]; then printf '%s' "$1"; else printf 'null'; fi; }

say() { printf '%s %s\n' "$(date -u -d "@$(now)" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || now)" "$*" >>"$log"; }

previous() { # previous STATE_FIELD: a number from the last state file, or empty
  [ -r "$state" ] || return 0
  sed -n "s/.*\"$1\": *\\([0-9][0-9]*\\).*/\\1/p" "$state" | head -1
}

# --- what keeps the cluster busy, one reason a line --------------------------------------
busy=()
static=()
slurm_error=""

look() {
  busy=(); static=(); slurm_error=""
  local jobs nodes line name st idle who_out
  if ! jobs=$(timeout 20 squeue -h -t RUNNING,PENDING,CONFIGURING,COMPLETING,SUSPENDED -o '%T' 2>&1); then
    slurm_error="Slurm did not answer (${jobs##*$'\n'})"
  elif [ -n "$jobs" ]; then
    local running pending
    running=$(grep -c -E '^(RUNNING|CONFIGURING|COMPLETING|SUSPENDED)$' <<<"$jobs")
    pending=$(grep -c '^PENDING$' <<<"$jobs")
    busy+=("$running job(s) running, $pending pending")
  fi
  if ! nodes=$(timeout 20 sinfo -h -N -o '%N %t' 2>&1); then
    slurm_error="Slurm did not answer (${nodes##*$'\n'})"
  else
    local up=0
    while read -r name st; do
      [ -n "$name" ] || continue
      case "$name" in *-st-*) static+=("$name") ;; esac
      # `~` is powered off: no instance, nothing billed. Anything else has an instance
      # (powering up `#`, powering down `%`, idle, allocated…).
      case "$st" in *~) ;; *) up=$((up + 1)) ;; esac
    done < <(sort -u -k1,1 <<<"$nodes")
    [ "$up" -gt 0 ] && busy+=("$up compute node(s) powered up")
  fi
  [ -n "$slurm_error" ] && busy+=("$slurm_error")
  # People: terminal sessions active within the window (`who -u` idle: "." is now, HH:MM
  # is how long idle, "old" is over a day). pcwiz's own ssh has no terminal: not counted.
  who_out=$(who -u 2>/dev/null)
  while read -r line; do
    [ -n "$line" ] || continue
    read -r user tty _ _ idle _ <<<"$(awk '{print $1, $2, $3, $4, $5}' <<<"$line")"
    local minutes=0
    case "$idle" in
      .) minutes=0 ;;
      old) minutes=1440 ;;
      *:*) minutes=$((10#${idle%%:*} * 60 + 10#${idle##*:})) ;;
      *) minutes=0 ;;
    esac
    if [ "$minutes" -lt "$IDLE_MINUTES" ]; then
      busy+=("$user active on $tty ($minutes min ago)")
    fi
  done <<<"$who_out"
}

# The compute nodes up now by instance type (ParallelCluster lists the type among a node's
# features), for the cost history: a line when the count changes, and one an hour while it
# does not (so a reader knows the guard was looking), the oldest dropped past 5000 lines.
log_nodes_up() {
  local t counts last last_t
  t=$(now)
  counts=$(timeout 20 sinfo -h -N -o '%N %t %f' 2>/dev/null | sort -u -k1,1 | awk '
    $2 !~ /~$/ { n = split($3, f, ","); type = "unknown";
                 for (i = 1; i <= n; i++) if (f[i] ~ /\./) type = f[i];
                 count[type]++ }
    END { for (k in count) printf "\"%s\": %d\n", k, count[k] }' |
    sort | paste -sd, - | sed 's/,/, /g') # the same counts always read the same
  if [ -s "$nodes_up_log" ]; then
    last=$(tail -n 1 "$nodes_up_log")
    last_t=$(sed -n 's/^{"t": \([0-9]*\),.*/\1/p' <<<"$last")
    if [ "${last#*\"up\": }" = "{$counts}}" ] && [ $((t - ${last_t:-0})) -lt 3600 ]; then
      return 0
    fi
  fi
  printf '{"t": %s, "up": {%s}}\n' "$t" "$counts" >>"$nodes_up_log"
  if [ "$(wc -l <"$nodes_up_log")" -gt 5000 ]; then
    tail -n 4000 "$nodes_up_log" >"$nodes_up_log.tmp" && mv -f "$nodes_up_log.tmp" "$nodes_up_log"
  fi
}

write_state() { # write_state LAST_BUSY STOPS_AT WILL_NOT_ACT ACTED_AT LAST_ACTION
  local reasons="" sep="" r
  for r in "${busy[@]}"; do reasons+="$sep$(json_string "$r")"; sep=", "; done
  local statics=${#static[@]}
  mkdir -p "$state_dir"
  local tmp="$state.tmp.$$"
  {
    printf '{\n'
    printf '  "version": 1,\n'
    printf '  "armed": %s,\n' "$([ "$ARMED" = 1 ] && echo true || echo false)"
    printf '  "window_minutes": %s,\n' "$IDLE_MINUTES"
    printf '  "grace_seconds": %s,\n' "$GRACE_SECONDS"
    printf '  "shutdown_behaviour": %s,\n' "$(json_string "$SHUTDOWN_BEHAVIOUR")"
    printf '  "last_check": %s,\n' "$(now)"
    printf '  "last_busy": %s,\n' "$(json_or_null "$1")"
    printf '  "busy": [%s],\n' "$reasons"
    printf '  "static_nodes": %s,\n' "$statics"
    printf '  "stops_at": %s,\n' "$(json_or_null "$2")"
    printf '  "will_not_act": %s,\n' "$([ -n "$3" ] && json_string "$3" || echo null)"
    printf '  "acted_at": %s,\n' "$(json_or_null "$4")"
    printf '  "last_action": %s\n' "$([ -n "$5" ] && json_string "$5" || echo null)"
    printf '}\n'
  } >"$tmp" && chmod 644 "$tmp" && mv -f "$tmp" "$state"
}

# Why the guard will not act at all, whatever the cluster does (empty: it may).
will_not_act() {
  if [ "$ARMED" != 1 ]; then
    echo "the guard is off"
  elif [ "${#static[@]}" -gt 0 ]; then
    echo "${#static[@]} static compute node(s) never power down, so the cluster is never idle; the guard does not act"
  elif [ "$SHUTDOWN_BEHAVIOUR" != stop ]; then
    echo "the head node's shutdown behaviour is '$SHUTDOWN_BEHAVIOUR', not 'stop': shutting it down would not just stop it, so the guard does not act"
  fi
}

check() {
  local t last_busy stops_at refusal acted last_action
  t=$(now)
  mkdir -p "$state_dir" "$(dirname "$log")"
  look
  log_nodes_up
  last_busy=$(previous last_busy)
  acted=$(previous acted_at)
  last_action=""
  # Stopped by the guard, then started again (`pcwiz resume`): a new window from now.
  local booted
  booted=$(awk '/^btime/ {print $2}' /proc/stat 2>/dev/null)
  if [ -n "$acted" ] && [ -n "$booted" ] && [ "$acted" -lt "$booted" ]; then
    acted=""
    last_busy=""
    say "started again after the guard stopped it: a new window from now"
  fi
  [ -z "$last_busy" ] && last_busy=$t # the first look starts the window
  if [ "${#busy[@]}" -gt 0 ]; then
    last_busy=$t
  fi
  stops_at=$((last_busy + IDLE_MINUTES * 60))
  refusal=$(will_not_act)
  if [ -n "$refusal" ] || [ -n "$acted" ]; then
    [ -n "$refusal" ] && stops_at=""
    write_state "$last_busy" "$stops_at" "$refusal" "$acted" ""
    return 0
  fi
  if [ "${#busy[@]}" -gt 0 ] || [ "$t" -lt "$stops_at" ]; then
    write_state "$last_busy" "$stops_at" "" "" ""
    return 0
  fi
  # Idle for the whole window: warn, wait, and look again before acting.
  local minutes=$(((t - last_busy) / 60))
  ${PCWIZ_GUARD_WALL:-wall} "pcwiz idle guard: no job, no compute node and nobody active for $minutes minutes. This head node stops in $GRACE_SECONDS seconds unless a job starts (start one, or run: sudo systemctl stop pcwiz-idle-guard.timer)." 2>/dev/null
  say "idle for $minutes min (window $IDLE_MINUTES min): warned logged-in users; looking again in $GRACE_SECONDS s"
  sleep "$GRACE_SECONDS"
  look
  if [ "${#busy[@]}" -gt 0 ]; then
    last_action="stop called off after the warning: ${busy[*]}"
    say "$last_action"
    write_state "$(now)" "$(($(now) + IDLE_MINUTES * 60))" "" "" "$last_action"
    return 0
  fi
  last_action="stopped the head node: no job, no compute node powered up and nobody active for $minutes minutes"
  say "$last_action"
  write_state "$last_busy" "" "" "$(now)" "$last_action"
  ${PCWIZ_GUARD_STOP:-shutdown -h now}
}

case "${1:-check}" in
  check) check ;;
  status) cat "$state" 2>/dev/null || echo '{"version": 1, "armed": false}' ;;
  *) echo "usage: pcwiz-idle-guard check|status" >&2; exit 2 ;;
esac
