#!/usr/bin/env bash
# Start or stop the real services the tests talk to, all on 127.0.0.1:
#   moto (AWS emulator), a Price List API stand-in (moto has none), munge + Slurm 22.05
#   (slurmctld, slurmd), sshd, HSDS (with NREL's bucket holding the NSRDB sample).
# `services.sh start DIR` writes DIR/env (variables for the tests) and DIR/pids;
# `services.sh stop DIR` stops every process it started, by PID and process group.
# Ports are picked free at start, so a developer's own services never collide.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv="$root/.venv/harness"
say() { printf '\033[1m[harness]\033[0m %s\n' "$*" >&2; }

free_ports() { # N free TCP ports on 127.0.0.1
  "$venv/bin/python" - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

# launch NAME COMMAND...: start COMMAND in the background in a session of its own and
# record its PID, which is also its process-group id, so `stop` can take its children too.
launch() {
  local name=$1; shift
  setsid bash -c 'echo "$0 $$" >> "$PIDS"; exec "$@"' "$name" "$@" &
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then say "FAILED: $what did not come up in ${seconds}s"; return 1; fi
    sleep 0.3
  done
}

# NREL's bucket on the harness's HSDS, holding the bundled NSRDB sample as NREL's holds its
# data (POSIX storage: a bucket is a directory), loaded with h5pyd's own hsload: the one-site
# file, and the 48-site file made from it (tests/harness/nsrdb_tiled.py) that reV runs read.
load_nrel_sample() { # load_nrel_sample HSDS_DIR PORT
  local d=$1 port=$2 rev_bin="$root/.venv/rev/bin"
  local sample="$root/tests/fixtures/rev-generation/nsrdb-brazil_solar.h5"
  mkdir -p "$d/root/nrel-pds-hsds" "$d/client"
  "$rev_bin/python" "$root/tests/harness/nsrdb_tiled.py" "$sample" "$d/nsrdb_tiled48_2019.h5"
  # h5pyd reads ./.hscfg first; hs_bucket must be in the file (HS_BUCKET alone is ignored).
  printf 'hs_endpoint = http://127.0.0.1:%s\nhs_username = admin\nhs_password = admin\nhs_bucket = nrel-pds-hsds\n' \
    "$port" > "$d/client/.hscfg"
  (
    cd "$d/client"
    # Parent folders first: hsload into a missing folder prints an error and exits 0.
    for folder in /nrel/ /nrel/nsrdb/ /nrel/nsrdb/test/; do "$rev_bin/hstouch" "$folder"; done
    "$rev_bin/hsload" "$sample" /nrel/nsrdb/test/brazil_solar_2019.h5
    "$rev_bin/hsload" "$d/nsrdb_tiled48_2019.h5" /nrel/nsrdb/test/nsrdb_tiled48_2019.h5
    "$rev_bin/hsls" /nrel/nsrdb/test/ | grep nsrdb_tiled48_2019.h5 >/dev/null
  ) >"$d/hsload.log" 2>&1 || { say "FAILED: loading the NSRDB sample into HSDS (see $d/hsload.log)"; return 1; }
}

start() {
  local dir=$1
  rm -rf "$dir"; mkdir -p "$dir"; chmod 755 "$dir"
  export PIDS="$dir/pids"
  : > "$PIDS"
  read -r moto_port ssh_port ctld_port slurmd_port hsds_port pricing_port billing_port <<<"$(free_ports 7)"

  # --- moto -------------------------------------------------------------------------------
  # Official-looking ParallelCluster AMIs (named as pcluster looks them up), so that
  # `pcluster create-cluster --dryrun` finds an image for every OS it is asked about.
  local pcv
  pcv=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("aws-parallelcluster"))')
  "$venv/bin/python" - "$pcv" > "$dir/amis.json" <<'PY'
import json, sys
version = sys.argv[1]
parts = ["amzn2023-hvm", "ubuntu-2204-lts-hvm", "ubuntu-2404-lts-hvm", "rhel8-hvm", "rhel9-hvm"]
amis = []
for n, part in enumerate(parts):
    for m, arch in enumerate(["x86_64", "arm64"]):
        amis.append({
            "ami_id": f"ami-0pcwiz{n}{m}{'0' * 8}",
            "state": "available", "public": True, "owner_id": "247102896272",
            "image_location": f"amazon/aws-parallelcluster-{version}-{part}-{arch}",
            "name": f"aws-parallelcluster-{version}-{part}-{arch}-202510011200 2025-10-01T12-00-00.000Z",
            "description": f"AWS ParallelCluster AMI for {part}, stand-in for tests",
            "architecture": arch, "virtualization_type": "hvm", "hypervisor": "xen",
            "root_device_type": "ebs", "root_device_name": "/dev/sda1",
            "image_type": "machine", "sriov": "simple",
        })
json.dump(amis, sys.stdout)
PY
  # AWS managed policies (AmazonS3ReadOnlyAccess…) exist in every account; pcluster checks them.
  MOTO_IAM_LOAD_MANAGED_POLICIES=true MOTO_AMIS_PATH="$dir/amis.json" launch moto "$venv/bin/moto_server" -H 127.0.0.1 -p "$moto_port" >"$dir/moto.log" 2>&1

  # --- Price List API stand-in: recorded-format GetProducts answers (tests/fixtures/pricing) --
  launch pricing "$venv/bin/python" "$root/tests/harness/pricing_standin.py" "$pricing_port" \
    "$root/tests/fixtures/pricing" >"$dir/pricing.log" 2>&1
  # --- Cost Explorer's cost allocation tags (moto has none), Budgets forwarded to moto -------
  launch billing "$venv/bin/python" "$root/tests/harness/billing_standin.py" "$billing_port" \
    "http://127.0.0.1:$moto_port" >"$dir/billing.log" 2>&1

  # --- munge, on a private socket so a system munged is left alone ---------------------------
  local m="$dir/munge"
  install -d -m 755 -o munge -g munge "$m"
  install -m 400 -o munge -g munge /dev/null "$m/munge.key"
  head -c 1024 /dev/urandom > "$m/munge.key"
  # Every daemon runs in the foreground in its own session: its PID is known at once, and
  # stopping its process group takes its children too.
  launch munged runuser -u munge -- /usr/sbin/munged --foreground --socket="$m/munge.socket" \
    --key-file="$m/munge.key" --pid-file="$m/munged.pid" --log-file="$m/munged.log" \
    --seed-file="$m/munged.seed" >/dev/null 2>&1
  wait_for 10 munged test -S "$m/munge.socket"

  # --- Slurm: one node ("localhost"), two partitions like a reV cluster ------------------------
  local s="$dir/slurm"
  mkdir -p "$s/state" "$s/spool"; chmod 755 "$s"
  # One node as big as a small compute node (16 cores), whatever this machine has:
  # config_overrides lets slurmd run it on fewer, so tests running side by side each get
  # CPUs for their jobs instead of queueing behind one another's (what made a "running"
  # job pend on a loaded 2-core machine).
  local node_line memory
  memory=$(slurmd -C | head -1 | grep -oE 'RealMemory=[0-9]+')
  node_line="NodeName=localhost NodeAddr=127.0.0.1 CPUs=16 Boards=1 SocketsPerBoard=1 CoresPerSocket=16 ThreadsPerCore=1 $memory"
  cat > "$s/slurm.conf" <<CONF
ClusterName=pcwiz-test
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
AuthInfo=socket=$m/munge.socket
CredType=cred/munge
SlurmUser=root
StateSaveLocation=$s/state
SlurmdSpoolDir=$s/spool
SlurmctldPidFile=$s/slurmctld.pid
SlurmdPidFile=$s/slurmd.pid
SlurmctldLogFile=$s/slurmctld.log
SlurmdLogFile=$s/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=64
ReturnToService=2
SlurmdParameters=config_overrides
MpiDefault=none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
$node_line State=UNKNOWN
PartitionName=standard Nodes=localhost Default=YES MaxTime=INFINITE State=UP
PartitionName=bigmem Nodes=localhost MaxTime=INFINITE State=UP
CONF
  chmod 644 "$s/slurm.conf"
  SLURM_CONF="$s/slurm.conf" launch slurmctld slurmctld -D >/dev/null 2>&1
  SLURM_CONF="$s/slurm.conf" launch slurmd slurmd -D -N localhost >/dev/null 2>&1

  # --- sshd with a key of our own for the user pcwiz-test ------------------------------------
  local h="$dir/ssh"
  mkdir -p "$h"; chmod 755 "$h"
  ssh-keygen -q -t ed25519 -N '' -f "$h/host_key"
  ssh-keygen -q -t ed25519 -N '' -C pcwiz-test -f "$h/id_ed25519"
  cp "$h/id_ed25519.pub" "$h/authorized_keys"; chmod 644 "$h/authorized_keys"
  cat > "$h/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $ssh_port
HostKey $h/host_key
AuthorizedKeysFile $h/authorized_keys
PidFile $h/sshd.pid
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
AllowUsers pcwiz-test
# Slurm clients on "the head node" find this cluster's config and munge socket.
SetEnv SLURM_CONF=$s/slurm.conf
CONF
  mkdir -p /run/sshd
  launch sshd /usr/sbin/sshd -D -f "$h/sshd_config" -E "$h/sshd.log"
  # The host's key as a client that checks it knows it (tests ssh with
  # StrictHostKeyChecking=yes, as users do; pcwiz keeps its own pins).
  printf '[127.0.0.1]:%s %s\n' "$ssh_port" "$(cut -d' ' -f1-2 "$h/host_key.pub")" > "$h/known_hosts"

  # --- HSDS, without docker ----------------------------------------------------------------
  local d="$dir/hsds"
  mkdir -p "$d/root/hsdstest"
  # HSDS's launcher stops cleanly only on SIGINT, which a background job inherits ignored:
  # env --default-signal restores it. Its node processes share its process group.
  (cd "$d" && launch hsds env --default-signal=INT "$venv/bin/hsds" --root_dir "$d/root" \
     --bucket_name hsdstest --host 127.0.0.1 --port "$hsds_port" --count 1 \
     --hs_username admin --hs_password admin >"$d/hsds.log" 2>&1)

  # --- wait for everything to answer --------------------------------------------------------
  wait_for 10 sshd bash -c "echo > /dev/tcp/127.0.0.1/$ssh_port"
  wait_for 30 moto curl -sf "http://127.0.0.1:$moto_port/moto-api/"
  wait_for 30 "pricing stand-in" curl -sf "http://127.0.0.1:$pricing_port/__health"
  wait_for 30 "billing stand-in" curl -sf "http://127.0.0.1:$billing_port/__health"
  wait_for 60 "slurm node" bash -c "SLURM_CONF=$s/slurm.conf sinfo -h -o %t | grep -qE '^(idle|mix|alloc)'"
  wait_for 60 hsds bash -c "curl -sf http://127.0.0.1:$hsds_port/about | grep -q READY"
  load_nrel_sample "$d" "$hsds_port"

  cat > "$dir/env" <<ENV
export PCWIZ_TEST_HARNESS=1
export PCWIZ_TEST_MOTO_URL=http://127.0.0.1:$moto_port
export PCWIZ_TEST_VENV_BIN=$venv/bin
export PCWIZ_TEST_WHEELHOUSE=$root/.harness-cache/wheelhouse
export PCWIZ_TEST_SSH_PORT=$ssh_port
export PCWIZ_TEST_SSH_USER=pcwiz-test
export PCWIZ_TEST_SSH_KEY=$h/id_ed25519
export PCWIZ_TEST_SSH_KNOWN_HOSTS=$h/known_hosts
export PCWIZ_TEST_SSHD_CONFIG=$h/sshd_config
export PCWIZ_TEST_SLURM_CONF=$s/slurm.conf
export PCWIZ_TEST_HSDS_URL=http://127.0.0.1:$hsds_port
export PCWIZ_TEST_NSRDB_TILED=$d/nsrdb_tiled48_2019.h5
export PCWIZ_TEST_REV_WHEELHOUSE=$root/.harness-cache/rev-wheelhouse
export PCWIZ_TEST_PRICING_URL=http://127.0.0.1:$pricing_port
export PCWIZ_TEST_BILLING_URL=http://127.0.0.1:$billing_port
export PCWIZ_TEST_AMIS_PATH=$dir/amis.json
# Scratch space for this run's tests (the HSDS venv pcwiz's installer makes), emptied at start.
export PCWIZ_TEST_RUN_DIR=$dir
# Network safety: nothing may leave 127.0.0.1.
export AWS_EC2_METADATA_DISABLED=true
export AWS_ENDPOINT_URL=http://127.0.0.1:$moto_port
export AWS_ENDPOINT_URL_PRICING=http://127.0.0.1:$pricing_port
export AWS_ENDPOINT_URL_COST_EXPLORER=http://127.0.0.1:$billing_port
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
export AWS_REGION=us-west-2 AWS_DEFAULT_REGION=us-west-2
export HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost
ENV
  say "services up: moto :$moto_port, pricing :$pricing_port, sshd :$ssh_port, slurmctld :$ctld_port, hsds :$hsds_port"
}

stop() {
  local dir=$1
  [ -f "$dir/pids" ] || return 0
  while read -r name pid; do
    [ -n "$pid" ] || continue
    if [ "$name" = hsds ]; then kill -INT "$pid" 2>/dev/null || true; sleep 1; fi
    # sshd's per-connection children start sessions of their own, so they are not in its
    # process group: stop them by parent first, while they still have this one.
    pkill -TERM -P "$pid" 2>/dev/null || true
    # Then the whole process group (HSDS's node processes, for one).
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done < "$dir/pids"
  sleep 0.5
  while read -r name pid; do
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  done < "$dir/pids"
  rm -f "$dir/pids"
}

case "${1:-}" in
  start) start "$2" ;;
  stop) stop "$2" ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
