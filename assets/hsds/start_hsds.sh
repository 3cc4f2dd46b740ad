#!/usr/bin/env bash
# Start one HSDS on this compute node, for reV (written by pcwiz; reV's
# execution_control.sh_script runs it before each job: "sh_script": "bash ~/start_hsds.sh").
#
#   start_hsds.sh            start HSDS unless it already runs here, wait until READY, and
#                            check that it can read the bucket
#   start_hsds.sh --check    print HSDS's state; exit 0 only when READY with all its processes
#   start_hsds.sh --why      say why HSDS is not up here, from its logs
#   start_hsds.sh --stop     stop the HSDS this script started
#
# When HSDS does not come up, one sentence says why, on stderr and in the start log
# ($HSDS_LOG, "FAILED: …"). Jobs that share a node run this at the same time: a flock lets
# one of them start HSDS and the others wait for it.
#
# HSDS's own settings (bucket, region, anonymous or with keys, max_task_count) are in
# ~/.hsds/override.yml, which both launchers hand to HSDS:
#   pip     HSDS installed by pcwiz with pip in ~/.hsds/venv on the shared file system,
#           run in its own process group; nothing is installed on the node.
#   docker  HSDS's own runall.sh (docker compose); Docker is installed on the node if
#           missing, and override.yml reaches the containers as /config/override.yml.
# The values below were filled in by pcwiz for this cluster; the environment overrides
# them (the tests do).
set -euo pipefail

HSDS_PORT=${HSDS_PORT:-@HSDS_PORT@}
HSDS_LAUNCHER=${HSDS_LAUNCHER:-@HSDS_LAUNCHER@}
HSDS_VERSION=@HSDS_VERSION@
HSDS_VENV=${HSDS_VENV:-$HOME/.hsds/venv}
HSDS_COMMAND=${HSDS_COMMAND:-$HSDS_VENV/bin/hsds}
HSDS_DIR=${HSDS_DIR:-$HOME/hsds}
HSDS_GIT_COMMIT=@HSDS_GIT_COMMIT@
HSDS_LOG=${HSDS_LOG:-$HOME/.hsds/start_hsds.$(hostname -s).log}
HSDS_STATE=${HSDS_STATE:-$HOME/.hsds/$(hostname -s)}
HSDS_OVERRIDE=${HSDS_OVERRIDE:-$HOME/.hsds/override.yml}
HSDS_WAIT_SECONDS=${HSDS_WAIT_SECONDS:-300}
# How long a job waits for another one's start of HSDS on the same node.
HSDS_LOCK_SECONDS=${HSDS_LOCK_SECONDS:-$((HSDS_WAIT_SECONDS * 2))}
# Data nodes: one per two cores unless set. HSDS 1.0.2 puts the first on port 6101 whatever
# it is told; HSDS_DN_PORT only says where to look (the tests move them).
HSDS_DN_COUNT=${HSDS_DN_COUNT:-}
HSDS_DN_PORT=${HSDS_DN_PORT:-6101}
PACKAGE_MANAGER=${PACKAGE_MANAGER:-@PACKAGE_MANAGER@}
# The IAM user's keys for a private bucket (a mode-0600 file pcwiz copied here); empty for
# NREL's public data, which is read anonymously.
CREDENTIALS_FILE=${CREDENTIALS_FILE:-@CREDENTIALS_FILE@}
# The folder whose listing shows that HSDS can read the data.
TOP_FOLDER=${TOP_FOLDER:-@TOP_FOLDER@}

# HSDS takes a setting from its environment before override.yml. Clear those a job may
# carry, so that override.yml decides: an exported AWS_REGION would send HSDS to the wrong
# region, an SSO session's AWS_SESSION_TOKEN would ride along with the IAM user's keys.
# AWS_S3_GATEWAY stays: set, it points HSDS at another S3 endpoint on purpose (an S3 VPC
# endpoint; the tests' moto).
unset AWS_REGION AWS_DEFAULT_REGION BUCKET_NAME ROOT_DIR AWS_S3_NO_SIGN_REQUEST AWS_IAM_ROLE \
  AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN MAX_TASK_COUNT CONFIG_DIR \
  CONFIG_OVERRIDE_PATH

mkdir -p "$(dirname "$HSDS_LOG")" "$HSDS_STATE"
NODE_LOG=$HSDS_STATE/hs.log            # HSDS's processes: sn, dn1…
LAUNCHER_LOG=$HSDS_STATE/launcher.log  # HSDS's launcher (pip) or runall.sh (docker)

log() { printf '%s %s\n' "$(date -u +%FT%TZ)" "$*" >>"$HSDS_LOG"; }
about() { curl -s -m 3 "http://127.0.0.1:$HSDS_PORT/about" 2>/dev/null || true; }
state() { about | sed -n 's/.*"state": *"\([A-Z]*\)".*/\1/p'; }
# A setting of override.yml, as HSDS will read it.
setting() { sed -n "/^$1:/{s/^$1: *\([^ #]*\).*/\1/p;q}" "$HSDS_OVERRIDE" 2>/dev/null || true; }
anonymous() { [ "$(setting aws_s3_no_sign_request)" = true ]; }

# The one sentence that says why HSDS is not up: in the start log and on the job's stderr.
fail() {
  log "FAILED: $*"
  echo "HSDS did not start on $(hostname -s): $*" >&2
  exit 1
}

# The instance's id and type, through IMDSv2 (a token first); "local" off EC2.
instance_facts() {
  local token=""
  if [ "${AWS_EC2_METADATA_DISABLED:-}" != true ]; then
    token=$(curl -s -m 2 -X PUT "http://169.254.169.254/latest/api/token" \
      -H "X-aws-ec2-metadata-token-ttl-seconds: 300" 2>/dev/null || true)
  fi
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
  [ -n "$CREDENTIALS_FILE" ] || return 0
  [ -r "$CREDENTIALS_FILE" ] || fail "the keys for bucket $(setting bucket_name) are not on \
this cluster ($CREDENTIALS_FILE is missing): run pcwiz hsds CLUSTER --private-bucket $(setting bucket_name) again."
  # shellcheck disable=SC1090
  . "$CREDENTIALS_FILE"
  export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
}

# The first text matching an extended regular expression in the files, or nothing.
first_match() { grep -ohE -m1 "$1" "${@:2}" 2>/dev/null | head -1 || true; }

# Why HSDS's processes are not all up, from the launcher's and the nodes' logs.
why_processes() {
  local line port node code
  line=$(first_match "bind on address \('[0-9.]*', [0-9]+\)|Bind for [0-9.]*:[0-9]+ failed" \
    "$NODE_LOG" "$LAUNCHER_LOG")
  if [ -n "$line" ]; then
    port=$(grep -oE '[0-9]+' <<<"$line" | tail -1)
    echo "port $port on this node is already in use by another program, so HSDS could not listen there."
    return 0
  fi
  line=$(first_match "process [a-z]+[0-9]* ended, returncode: -?[0-9]+|Exited \(137\)" "$LAUNCHER_LOG")
  if [ "$line" = "Exited (137)" ]; then
    node="data node" code=-9 # Docker's exit status for a container killed by signal 9
  elif [ -n "$line" ]; then
    node=$(awk '{print $2}' <<<"$line") code=${line##* }
  fi
  if [ "${code:-}" = -9 ]; then
    echo "HSDS's $node process was killed (signal 9), most likely by the kernel's out-of-memory \
killer: give reV fewer workers per node (max_workers) or use nodes with more memory."
  elif [ -n "${code:-}" ]; then
    echo "HSDS's $node process ended (exit status $code); its output is in $NODE_LOG."
  elif grep -q "root_dir not set (and no S3" "$LAUNCHER_LOG" 2>/dev/null; then
    echo "HSDS has no storage settings: $HSDS_OVERRIDE lacks aws_s3_gateway; run pcwiz hsds CLUSTER again."
  elif grep -q "service failed to start" "$LAUNCHER_LOG" 2>/dev/null; then
    echo "HSDS's containers did not answer on port $HSDS_PORT within runall.sh's 120 s; \
'docker compose logs' in $HSDS_DIR says why."
  else
    return 1
  fi
}

# Why HSDS cannot read the bucket, from what S3 answered its data nodes.
why_storage() {
  local bucket region line code
  region=$(setting aws_region)
  # The bucket S3 answered about, as HSDS logged it (else the one override.yml names).
  line=$(first_match "s3_bucket: [^ ,]+" "$NODE_LOG")
  bucket=${line#s3_bucket: }
  bucket=${bucket:-$(setting bucket_name)}
  code=$(first_match "access denied for s3_bucket: [^,]*, response.code: [A-Za-z0-9]+" "$NODE_LOG")
  code=${code##* }
  if [ "$code" = InvalidAccessKeyId ]; then
    echo "S3 rejected the IAM user's keys for bucket $bucket (InvalidAccessKeyId): the access key \
id is unknown or deleted; give pcwiz current keys (pcwiz hsds CLUSTER --private-bucket $bucket --keys-from-stdin)."
  elif [ -n "$code" ] && anonymous; then
    echo "S3 refused the anonymous read of bucket $bucket ($code): the bucket is not public, so \
it needs an IAM user's keys (pcwiz hsds CLUSTER --private-bucket $bucket)."
  elif [ -n "$code" ]; then
    echo "S3 refused the IAM user's read of bucket $bucket ($code): give that user s3:GetObject \
and s3:ListBucket on it."
  elif grep -q "SignatureDoesNotMatch" "$NODE_LOG" 2>/dev/null; then
    echo "S3 rejected the IAM user's keys for bucket $bucket (SignatureDoesNotMatch): the secret \
access key is wrong; give pcwiz the right one (pcwiz hsds CLUSTER --private-bucket $bucket --keys-from-stdin)."
  elif grep -qE "s3_bucket: [^ ]* not found|AuthorizationHeaderMalformed|IllegalLocationConstraint" \
    "$NODE_LOG" 2>/dev/null; then
    echo "S3 has no bucket $bucket in region $region: check the bucket's name and its region \
(S3 answers a bucket of another region as not found)."
  elif grep -qE "NoCredentialsError|Error getting IAM role credentials|decoding EC2 meta-data" \
    "$NODE_LOG" 2>/dev/null; then
    echo "HSDS had no keys for bucket $bucket and asked the instance for the role hsds_role, \
which a ParallelCluster node does not have: run pcwiz hsds CLUSTER again."
  elif grep -q "EndpointConnectionError" "$NODE_LOG" 2>/dev/null; then
    echo "HSDS cannot reach S3 at ${AWS_S3_GATEWAY:-$(setting aws_s3_gateway)}: give the compute \
nodes' subnet a route to S3 (a NAT gateway or an S3 gateway endpoint)."
  elif grep -qE "user: [^ ]* not found" "$NODE_LOG" 2>/dev/null; then
    echo "HSDS does not know the user admin that ~/.hscfg names (Docker: admin/config/passwd.txt is missing)."
  else
    return 1
  fi
}

why() {
  refresh_logs
  why_processes || why_storage
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Before starting: HSDS's ports free, its settings and (pip) its venv in place.
preflight() {
  local port ports=("$HSDS_PORT")
  [ -r "$HSDS_OVERRIDE" ] || fail "$HSDS_OVERRIDE is missing, so HSDS would not know where the \
data is: run pcwiz hsds CLUSTER again."
  # Docker publishes the data nodes' ports wherever it likes; the pip launcher uses these.
  if [ "$HSDS_LAUNCHER" = pip ]; then
    for ((port = HSDS_DN_PORT; port < HSDS_DN_PORT + dn_count; port++)); do ports+=("$port"); done
  fi
  for port in "${ports[@]}"; do
    if port_in_use "$port"; then
      fail "port $port on this node is already in use by another program, so HSDS cannot listen there."
    fi
  done
  if [ "$HSDS_LAUNCHER" = pip ]; then
    [ -x "$HSDS_VENV/bin/python" ] || fail "HSDS $HSDS_VERSION is not installed in $HSDS_VENV: \
run pcwiz hsds CLUSTER to install it."
    "$HSDS_VENV/bin/python" -c 'import hsds' 2>/dev/null || python_for_venv
  fi
}

# The venv was made on the head node; its Python must exist here too. Ubuntu 24.04's
# python3 does; where the head node had to install python3.11, this node installs it too.
python_for_venv() {
  local interpreter package
  interpreter=$(sed -n 's/^executable *= *//p' "$HSDS_VENV/pyvenv.cfg" 2>/dev/null)
  package=$(basename "${interpreter:-python3}")
  log "$HSDS_VENV's Python ($interpreter) does not run here; installing $package with $PACKAGE_MANAGER"
  case "$PACKAGE_MANAGER" in
    apt) sudo -n apt-get install -y -qq "$package" ;;
    dnf) sudo -n dnf install -y -q "$package" ;;
  esac >>"$HSDS_LOG" 2>&1 || true
  "$HSDS_VENV/bin/python" -c 'import hsds' 2>/dev/null || fail "$HSDS_VENV does not run on \
this node: its Python ($interpreter) is missing and $PACKAGE_MANAGER could not install $package."
}

install_docker() {
  command -v docker >/dev/null 2>&1 && return 0
  log "installing docker with $PACKAGE_MANAGER"
  case "$PACKAGE_MANAGER" in
    apt) sudo apt-get update -qq && sudo apt-get install -y -qq docker.io docker-compose-v2 ;;
    dnf) sudo dnf install -y -q docker && sudo systemctl start docker ;;
    *) fail "no way to install Docker with package manager $PACKAGE_MANAGER." ;;
  esac >>"$HSDS_LOG" 2>&1 || fail "$PACKAGE_MANAGER could not install Docker; see $HSDS_LOG."
}

# Docker needs root unless the user may use it; root needs no sudo.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -E "$@"; fi; }

# runall.sh and its compose file at the commit pcwiz checked, with pcwiz's override.yml
# and a password file for the user admin that ~/.hscfg names (mounted as /config/).
prepare_hsds_checkout() {
  if [ ! -d "$HSDS_DIR" ]; then
    if ! git clone -q https://github.com/HDFGroup/hsds.git "$HSDS_DIR" >>"$LAUNCHER_LOG" 2>&1 ||
      ! git -C "$HSDS_DIR" checkout -q "$HSDS_GIT_COMMIT" >>"$LAUNCHER_LOG" 2>&1; then
      rm -rf "$HSDS_DIR"
      fail "could not get HSDS's repository from GitHub into $HSDS_DIR; see $LAUNCHER_LOG."
    fi
  fi
  cp "$HSDS_OVERRIDE" "$HSDS_DIR/admin/config/override.yml"
  printf 'admin:admin\n' >"$HSDS_DIR/admin/config/passwd.txt"
}

# Docker keeps HSDS's output: fetch it (and the containers' states) where why() reads.
refresh_logs() {
  [ "$HSDS_LAUNCHER" = docker ] && [ -d "$HSDS_DIR" ] || return 0
  (cd "$HSDS_DIR" && COMPOSE_PROJECT_NAME=hsds as_root docker compose \
    -f admin/docker/docker-compose.aws.yml logs --no-color --tail 200) >"$NODE_LOG" 2>&1 || true
  (cd "$HSDS_DIR" && COMPOSE_PROJECT_NAME=hsds as_root docker compose \
    -f admin/docker/docker-compose.aws.yml ps -a) >>"$LAUNCHER_LOG" 2>&1 || true
}

start() {
  load_credentials
  preflight
  # Each start has fresh logs, so what they say is about this start.
  [ -s "$NODE_LOG" ] && mv -f "$NODE_LOG" "$NODE_LOG.1"
  : >"$NODE_LOG"
  : >"$LAUNCHER_LOG"
  case "$HSDS_LAUNCHER" in
    pip)
      # Its own session and process group, so --stop ends the launcher and its nodes
      # together. A background job of a script inherits SIGINT ignored, and SIGINT is what
      # HSDS's launcher stops on: the subshell's exec and env --default-signal restore it.
      local default_signal=()
      if env --default-signal=INT true 2>/dev/null; then default_signal=(env --default-signal=INT); fi
      (
        export CONFIG_OVERRIDE_PATH=$HSDS_OVERRIDE
        exec setsid "${default_signal[@]}" "$HSDS_COMMAND" --host 127.0.0.1 --port "$HSDS_PORT" \
          --count "$dn_count" --hs_username admin --hs_password admin --logfile "$NODE_LOG"
      ) >>"$LAUNCHER_LOG" 2>&1 </dev/null 9>&- &
      echo $! >"$HSDS_STATE/hsds.pid"
      ;;
    docker)
      install_docker
      prepare_hsds_checkout
      export SN_PORT=$HSDS_PORT COMPOSE_PROJECT_NAME=hsds
      (cd "$HSDS_DIR" && as_root ./runall.sh "$dn_count") >>"$LAUNCHER_LOG" 2>&1 9>&- ||
        fail "$(why || echo "HSDS's runall.sh failed; its output is in $LAUNCHER_LOG.")"
      ;;
    *) fail "unknown HSDS_LAUNCHER $HSDS_LAUNCHER (pip or docker)." ;;
  esac
}

launcher_alive() {
  local pid
  pid=$(cat "$HSDS_STATE/hsds.pid" 2>/dev/null || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# Why a process of the HSDS this script started has died, if one has. (An HSDS started
# some other way is not judged by this script's logs.)
ours_died() {
  if [ "$HSDS_LAUNCHER" = pip ]; then launcher_alive || return 1; fi
  refresh_logs
  why_processes
}

# Up: READY, and none of its processes has died (/about says READY even then).
healthy() { [ "$(state)" = READY ] && ! ours_died >/dev/null; }

# The pip launcher's service node says READY as soon as it is up, before its data nodes
# listen (a request then answers 500): they must answer too. (Docker's HSDS says READY
# only once every data node has joined.)
data_nodes_up() {
  [ "$HSDS_LAUNCHER" = pip ] || return 0
  local port
  for ((port = HSDS_DN_PORT; port < HSDS_DN_PORT + dn_count; port++)); do
    curl -s -m 3 -o /dev/null "http://127.0.0.1:$port/info" || return 1
  done
}

wait_ready() {
  local started=$SECONDS why_not
  while ! { healthy && data_nodes_up; }; do
    if why_not=$(ours_died); then
      stop
      fail "$why_not"
    fi
    if [ "$HSDS_LAUNCHER" = pip ] && ! launcher_alive; then
      fail "$(why_processes || echo "HSDS's launcher exited before HSDS was READY; its output is in $LAUNCHER_LOG.")"
    fi
    if ((SECONDS - started >= HSDS_WAIT_SECONDS)); then
      stop
      fail "HSDS was not READY after ${HSDS_WAIT_SECONDS}s; its output is in $LAUNCHER_LOG and $NODE_LOG."
    fi
    sleep 1
  done
  log "READY after $((SECONDS - started))s"
}

# /about never touches storage: read the bucket through HSDS, as reV will. Listing the
# data's top folder makes HSDS read each entry's metadata; a domain that does not exist
# must then answer 404 from S3 itself (not 403: refused; not 500: no keys or no route).
check_storage() {
  local listed missing why_not waited=0 how=anonymously
  listed=$(curl -s -m 60 -o /dev/null -w '%{http_code}' -u admin:admin \
    "http://127.0.0.1:$HSDS_PORT/domains?domain=$TOP_FOLDER" || true)
  missing=$(curl -s -m 60 -o /dev/null -w '%{http_code}' -u admin:admin \
    "http://127.0.0.1:$HSDS_PORT/?domain=/pcwiz-storage-check/none.h5" || true)
  # HSDS's launcher writes its nodes' output to the log about once a second: wait for the
  # data node's word on the last request before reading what S3 told it. (Its lines start
  # "dn1 " from the pip launcher, "dn-1  | " from docker compose.)
  while [ "$waited" -lt 20 ]; do
    refresh_logs
    grep -qE "dn-?[0-9]+ .*pcwiz-storage-check" "$NODE_LOG" 2>/dev/null && break
    sleep 0.5
    waited=$((waited + 1))
  done
  if why_not=$(why_storage) || [ "$missing" != 404 ] || [ "$listed" != 200 ]; then
    stop
    fail "${why_not:-HSDS answered HTTP $listed and $missing reading bucket $(setting bucket_name); its log is $NODE_LOG.}"
  fi
  anonymous || how="with the IAM user's keys"
  log "bucket $(setting bucket_name) readable $how"
}

stop() {
  case "$HSDS_LAUNCHER" in
    docker) (cd "$HSDS_DIR" && as_root ./runall.sh --stop) >>"$LAUNCHER_LOG" 2>&1 9>&- || true ;;
    pip)
      local pid waited=0
      pid=$(cat "$HSDS_STATE/hsds.pid" 2>/dev/null || true)
      [ -n "$pid" ] || return 0
      # SIGINT is what HSDS's launcher stops on; the group takes its node processes.
      kill -INT -- "-$pid" 2>/dev/null || true
      while kill -0 -- "-$pid" 2>/dev/null && [ "$waited" -lt 100 ]; do
        sleep 0.1
        waited=$((waited + 1))
      done
      if kill -KILL -- "-$pid" 2>/dev/null; then
        log "stopped: HSDS's processes were still running 10 s after SIGINT and were killed"
      else
        log "stopped"
      fi
      rm -f "$HSDS_STATE/hsds.pid"
      ;;
  esac
}

cores=$(nproc)
dn_count=${HSDS_DN_COUNT:-$((cores / 2 > 0 ? cores / 2 : 1))}

case "${1:-start}" in
  --check)
    s=$(state)
    if [ "$s" = READY ] && why_not=$(ours_died); then s=$why_not; fi
    echo "HSDS on $(hostname -s):$HSDS_PORT: ${s:-not running}"
    [ "$s" = READY ]
    ;;
  --why)
    why || echo "HSDS's logs in $HSDS_STATE do not say what went wrong."
    ;;
  --stop)
    stop
    ;;
  start|--start)
    instance_facts
    log "start on $INSTANCE_ID ($INSTANCE_TYPE), $cores cores, launcher $HSDS_LAUNCHER"
    # One start per node, whatever the number of jobs starting at once. Whoever holds the
    # lock says who it is, for the others to name if it holds it too long.
    exec 9>>"$HSDS_STATE/start.lock"
    if ! flock -w "$HSDS_LOCK_SECONDS" 9; then
      fail "another start of HSDS on this node ($(cat "$HSDS_STATE/start.holder" 2>/dev/null || \
echo "holder unknown")) has held the start lock for over ${HSDS_LOCK_SECONDS}s; if it is stuck, cancel that job."
    fi
    echo "Slurm job ${SLURM_JOB_ID:-none}, pid $$" >"$HSDS_STATE/start.holder"
    if healthy; then
      log "already READY"
      exit 0
    fi
    if why_not=$(ours_died); then
      log "restarting: $why_not"
      stop
    fi
    start
    wait_ready
    check_storage
    ;;
  *)
    echo "usage: $0 [--check|--why|--stop]" >&2
    exit 2
    ;;
esac
