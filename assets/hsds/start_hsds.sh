#!/usr/bin/env bash
# Start one HSDS on this compute node, for reV (written by pcwiz; reV's
# execution_control.sh_script runs it before each job: "sh_script": "bash ~/start_hsds.sh").
#
#   start_hsds.sh            start HSDS unless it already runs here, wait until READY
#   start_hsds.sh --check    print HSDS's state; exit 0 only when READY
#   start_hsds.sh --stop     stop the HSDS this script started
#
# Jobs that share a node run this at the same time: a flock lets one of them start HSDS
# and the others wait for it. Everything is logged to $HSDS_LOG.
#
# The values below were filled in by pcwiz for this cluster; the environment overrides
# them (tests run the pip-installed HSDS without docker: HSDS_LAUNCHER=pip).
set -euo pipefail

HSDS_PORT=${HSDS_PORT:-@HSDS_PORT@}
HSDS_DIR=${HSDS_DIR:-$HOME/hsds}
HSDS_LOG=${HSDS_LOG:-$HOME/.hsds/start_hsds.$(hostname -s).log}
HSDS_STATE=${HSDS_STATE:-$HOME/.hsds/$(hostname -s)}
HSDS_LAUNCHER=${HSDS_LAUNCHER:-@HSDS_LAUNCHER@}
HSDS_WAIT_SECONDS=${HSDS_WAIT_SECONDS:-300}
PACKAGE_MANAGER=${PACKAGE_MANAGER:-@PACKAGE_MANAGER@}
# Where the data is read from, and with which credentials (none for NREL's public data).
BUCKET_NAME=${BUCKET_NAME:-@BUCKET_NAME@}
AWS_S3_GATEWAY=${AWS_S3_GATEWAY:-@AWS_S3_GATEWAY@}
AWS_REGION=${AWS_REGION:-@AWS_REGION@}
CREDENTIALS_FILE=${CREDENTIALS_FILE:-@CREDENTIALS_FILE@}
# max_task_count for this cluster's reV workers (HSDS answers 503 beyond it).
HSDS_OVERRIDE=${HSDS_OVERRIDE:-$HOME/.hsds/override.yml}
export BUCKET_NAME AWS_S3_GATEWAY AWS_REGION

mkdir -p "$(dirname "$HSDS_LOG")" "$HSDS_STATE"
log() { printf '%s %s\n' "$(date -u +%FT%TZ)" "$*" >>"$HSDS_LOG"; }
about() { curl -s -m 3 "http://127.0.0.1:$HSDS_PORT/about" 2>/dev/null || true; }
state() { about | sed -n 's/.*"state": *"\([A-Z]*\)".*/\1/p'; }

# The instance's id and type, through IMDSv2 (a token first); "local" off EC2.
instance_facts() {
  local token
  token=$(curl -s -m 2 -X PUT "http://169.254.169.254/latest/api/token" \
    -H "X-aws-ec2-metadata-token-ttl-seconds: 300" 2>/dev/null || true)
  if [ -n "$token" ]; then
    INSTANCE_ID=$(curl -s -m 2 -H "X-aws-ec2-metadata-token: $token" \
      http://169.254.169.254/latest/meta-data/instance-id || echo unknown)
    INSTANCE_TYPE=$(curl -s -m 2 -H "X-aws-ec2-metadata-token: $token" \
      http://169.254.169.254/latest/meta-data/instance-type || echo unknown)
  else
    INSTANCE_ID=local
    INSTANCE_TYPE=local
  fi
}

# Credentials come from a mode-0600 file pcwiz copied here, never from this script.
load_credentials() {
  if [ -n "$CREDENTIALS_FILE" ] && [ -r "$CREDENTIALS_FILE" ]; then
    # shellcheck disable=SC1090
    . "$CREDENTIALS_FILE"
    export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
  else
    # NREL's public bucket: anonymous reads, no keys at all.
    export AWS_S3_NO_SIGN_REQUEST=1
  fi
}

install_docker() {
  command -v docker >/dev/null 2>&1 && return 0
  log "installing docker with $PACKAGE_MANAGER"
  case "$PACKAGE_MANAGER" in
    apt) sudo apt-get update -qq && sudo apt-get install -y -qq docker.io docker-compose-v2 ;;
    dnf) sudo dnf install -y -q docker && sudo systemctl start docker ;;
    *) log "unknown package manager $PACKAGE_MANAGER"; return 1 ;;
  esac >>"$HSDS_LOG" 2>&1
}

start() {
  # One data node per two cores, at least one: what runall.sh is told.
  local cores dn_count
  cores=$(nproc)
  dn_count=$(( cores / 2 > 0 ? cores / 2 : 1 ))
  load_credentials
  case "$HSDS_LAUNCHER" in
    docker)
      install_docker
      [ -d "$HSDS_DIR" ] || git clone -q https://github.com/HDFGroup/hsds.git "$HSDS_DIR" >>"$HSDS_LOG" 2>&1
      # docker-compose mounts admin/config as /config, where HSDS looks for override.yml.
      if [ -r "$HSDS_OVERRIDE" ]; then cp "$HSDS_OVERRIDE" "$HSDS_DIR/admin/config/override.yml"; fi
      (cd "$HSDS_DIR" && sudo -E ./runall.sh "$dn_count") >>"$HSDS_LOG" 2>&1
      ;;
    pip)
      # The pip-installed HSDS, no docker: its own process group, so --stop ends it all.
      local root="$HSDS_STATE/root"
      mkdir -p "$root/$BUCKET_NAME"
      if [ -r "$HSDS_OVERRIDE" ]; then export CONFIG_OVERRIDE_PATH="$HSDS_OVERRIDE"; fi
      setsid "${HSDS_COMMAND:-hsds}" --root_dir "$root" --bucket_name "$BUCKET_NAME" \
        --host 127.0.0.1 --port "$HSDS_PORT" --count "$dn_count" \
        >>"$HSDS_LOG" 2>&1 </dev/null 9>&- &
      echo $! >"$HSDS_STATE/hsds.pid"
      ;;
    *) log "unknown HSDS_LAUNCHER $HSDS_LAUNCHER"; return 1 ;;
  esac
}

launcher_alive() {
  local pid
  pid=$(cat "$HSDS_STATE/hsds.pid" 2>/dev/null || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

wait_ready() {
  local waited=0
  while [ "$waited" -lt "$HSDS_WAIT_SECONDS" ]; do
    if [ "$(state)" = READY ]; then
      log "READY after ${waited}s"
      return 0
    fi
    # The pip launcher runs in the background: when it has died, waiting is pointless.
    if [ "$HSDS_LAUNCHER" = pip ] && ! launcher_alive; then
      log "HSDS exited before READY; its output is above"
      echo "HSDS exited before it was READY; see $HSDS_LOG" >&2
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  log "not READY after ${HSDS_WAIT_SECONDS}s: $(about)"
  echo "HSDS did not become READY within ${HSDS_WAIT_SECONDS}s; see $HSDS_LOG" >&2
  return 1
}

stop() {
  case "$HSDS_LAUNCHER" in
    docker) (cd "$HSDS_DIR" && sudo ./stopall.sh) >>"$HSDS_LOG" 2>&1 ;;
    pip)
      if [ -r "$HSDS_STATE/hsds.pid" ]; then
        local pid
        pid=$(cat "$HSDS_STATE/hsds.pid")
        # SIGINT is what HSDS's launcher stops on; the group takes its node processes.
        kill -INT -- "-$pid" 2>/dev/null || true
        sleep 2
        kill -KILL -- "-$pid" 2>/dev/null || true
        rm -f "$HSDS_STATE/hsds.pid"
      fi
      ;;
  esac
  log "stopped"
}

case "${1:-start}" in
  --check)
    s=$(state)
    echo "HSDS on $(hostname -s):$HSDS_PORT: ${s:-not running}"
    [ "$s" = READY ]
    ;;
  --stop)
    stop
    ;;
  start|--start)
    instance_facts
    log "start on $INSTANCE_ID ($INSTANCE_TYPE), $(nproc) cores"
    # One start per node, whatever the number of jobs starting at once.
    exec 9>"$HSDS_STATE/start.lock"
    flock 9
    if [ "$(state)" = READY ]; then
      log "already READY"
      exit 0
    fi
    start
    wait_ready
    ;;
  *)
    echo "usage: $0 [--check|--stop]" >&2
    exit 2
    ;;
esac
