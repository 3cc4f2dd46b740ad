#!/usr/bin/env bash
# Re-take the README's screenshots from the real program. pcwiz runs in a tmux session of
# this script's own, which an xterm under Xvfb shows; keys go in with `tmux send-keys`, and
# before each key or picture the script waits, under a deadline, until the pane shows what
# that step needs (`wait_for`), then until the xterm's picture has stopped changing
# (`shot`). Nothing waits for a fixed time. Against the harness's moto, with an SSO-shaped
# identity (so the HSDS warning shows), inside the harness's loopback-only network
# namespace. Needs: xvfb xterm imagemagick tmux (installed below when missing).
#
#   screenshots/take.sh                 every picture
#   screenshots/take.sh PART...         some: menu wizard launch dashboard hsds cleanup
#
# The dashboard's parts run jobs on the harness's Slurm and put a reV project in the
# harness user's home (~/shots/rev_conus, removed at the end); `hsds` installs HSDS's files
# in that home (~/start_hsds.sh, ~/.hscfg, ~/.hsds), as `i` on a real cluster does.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "${PCWIZ_IN_NETNS:-}" != 1 ]; then
  tests/harness/install.sh
  for p in xvfb xterm imagemagick fonts-dejavu-core tmux; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="${missing:-} $p"
  done
  [ -z "${missing:-}" ] || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null; }
  export CARGO_NET_OFFLINE=true
  exec tests/harness/netns.sh tests/harness/with_services.sh "$0" "$@"
fi
# tmux and xterm record their terminals in utmp, where `who` (and so an idle guard or its
# tests on this machine) would count them as someone logged in: give them a utmp of their
# own, in a mount namespace of their own, where that is possible.
if [ "${PCWIZ_SHOTS_UTMP:-}" != private ] && unshare --mount true 2>/dev/null; then
  export PCWIZ_SHOTS_UTMP=private
  exec unshare --mount --propagation private -- bash -c \
    'utmp=$(mktemp); mount --bind "$utmp" /run/utmp; exec "$@"' shots "$0" "$@"
fi

want() { [ "${#parts[@]}" -eq 0 ] || [[ " ${parts[*]} " == *" $1 "* ]]; }
parts=("$@")

# --- the terminal: a tmux session shown by an xterm ----------------------------------------
tmux_socket="pcwiz-shots-$$"
tmx() { tmux -L "$tmux_socket" -f /dev/null "$@"; }
work=$(mktemp -d)
cleanup() {
  tmx kill-server 2>/dev/null || true
  [ -z "${xterm:-}" ] || wait "$xterm" 2>/dev/null || true
  [ -z "${xvfb:-}" ] || kill "$xvfb" 2>/dev/null || true
  [ -z "${overlay_pid:-}" ] || kill "$overlay_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Fails the run with the screen as it was when TEXT (a fixed string) did not appear on the
# pane within SECONDS (default 30). The 0.2 s between looks is a polling interval.
wait_for() {
  local text=$1 limit=${2:-30}
  local deadline=$((SECONDS + limit))
  until tmx capture-pane -p -t shots | grep -qF -- "$text"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "take.sh: \"$text\" was not on the screen within $limit s; the screen was:" >&2
      tmx capture-pane -p -t shots >&2 || true
      exit 1
    fi
    sleep 0.2
  done
}
keys() { tmx send-keys -t shots "$@"; }
typed() { tmx send-keys -t shots -l "$1"; }
# Down until ROW is the selected one ("› ROW").
select_row() {
  local deadline=$((SECONDS + 30))
  until tmx capture-pane -p -t shots | grep -qF -- "› $1"; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "take.sh: never selected $1" >&2; exit 1; }
    keys Down
    sleep 0.2
  done
}

# PNG of the xterm once the pane shows TEXT and xterm has drawn it: two pictures in a row
# alike (PPM, which carries no timestamp). A clock or spinner on screen may keep them from
# ever matching: after 5 s the last one is taken (TEXT is there either way).
shot() {
  local name=$1 text=$2 limit=${3:-30}
  wait_for "$text" "$limit"
  local previous="" current settle=$((SECONDS + 5))
  while :; do
    DISPLAY=:77 import -window "$win" "ppm:$work/shot.ppm"
    current=$(md5sum <"$work/shot.ppm")
    [ "$current" != "$previous" ] || break
    [ "$SECONDS" -lt "$settle" ] || break
    previous=$current
    sleep 0.2
  done
  convert "$work/shot.ppm" "$root/screenshots/$name"
  echo "wrote screenshots/$name"
}

Xvfb :77 -screen 0 1200x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
deadline=$((SECONDS + 10))
until [ -S /tmp/.X11-unix/X77 ]; do
  [ "$SECONDS" -lt "$deadline" ] || { echo "take.sh: Xvfb did not start" >&2; exit 1; }
  sleep 0.1
done

# Runs SCRIPT in a new 100×30 tmux session and shows it in an xterm titled pcwiz-shots.
# Known blemish: this xterm drops some box-drawing glyphs at cell edges (the rightmost
# border); the program draws them, as the tmux captures and the insta snapshots show.
open_terminal() {
  tmx new-session -d -s shots -x 100 -y 30 "env -i TERM=tmux-256color bash $1"
  tmx set-option -g status off
  # -ut: no utmp entry of its own either.
  [ -z "${xterm:-}" ] || wait "$xterm" 2>/dev/null || true
  DISPLAY=:77 xterm -ut -T pcwiz-shots -geometry 100x30+0+0 -fa 'DejaVu Sans Mono' -fs 11 \
    -bg '#1c1c1c' -fg '#d0d0d0' -e tmux -L "$tmux_socket" attach -t shots &
  xterm=$!
  local deadline=$((SECONDS + 15))
  until [ -n "$(tmx list-clients -t shots 2>/dev/null)" ]; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "take.sh: xterm did not attach" >&2; exit 1; }
    sleep 0.1
  done
  win=pcwiz-shots
}
# Quits pcwiz with q and waits for its session (and so the xterm) to end.
close_terminal() {
  keys q
  local deadline=$((SECONDS + 15))
  while tmx has-session -t shots 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "take.sh: pcwiz did not quit" >&2; exit 1; }
    sleep 0.1
  done
}

# --- the user: an SSO identity in moto, keys in ~/.ssh ------------------------------------
aws=("$PCWIZ_TEST_VENV_BIN/aws" --output json)
role=$("${aws[@]}" iam create-role --role-name AWSReservedSSO_Analysts_5f2e9c1a \
  --path /aws-reserved/sso.amazonaws.com/ --assume-role-policy-document '{}' --query Role.Arn --output text 2>/dev/null) \
  || role=$("${aws[@]}" iam get-role --role-name AWSReservedSSO_Analysts_5f2e9c1a --query Role.Arn --output text)
creds=$("${aws[@]}" sts assume-role --role-arn "$role" --role-session-name jane.doe \
  --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)
read -r key secret token <<<"$creds"

# A user's ~/.ssh: an ed25519 key already imported as "laptop", and an old RSA key.
mkdir -p "$work/.ssh"
ssh-keygen -q -t ed25519 -N '' -C jane@laptop -f "$work/.ssh/id_ed25519"
ssh-keygen -q -t rsa -N '' -C jane@old-desktop -f "$work/.ssh/id_rsa"
"${aws[@]}" ec2 delete-key-pair --region us-west-2 --key-name laptop >/dev/null
"${aws[@]}" ec2 import-key-pair --region us-west-2 --key-name laptop \
  --public-key-material "fileb://$work/.ssh/id_ed25519.pub" >/dev/null
# moto's default VPC lacks the internet route a real account's has: add it.
vpc=$("${aws[@]}" ec2 describe-vpcs --region us-west-2 --filters Name=is-default,Values=true --query 'Vpcs[0].VpcId' --output text)
rtb=$("${aws[@]}" ec2 describe-route-tables --region us-west-2 --filters Name=vpc-id,Values="$vpc" --query 'RouteTables[0].RouteTableId' --output text)
if ! "${aws[@]}" ec2 describe-route-tables --region us-west-2 --route-table-ids "$rtb" \
  --query 'RouteTables[0].Routes[].DestinationCidrBlock' --output text | grep -q 0.0.0.0/0; then
  igw=$("${aws[@]}" ec2 create-internet-gateway --region us-west-2 --query 'InternetGateway.InternetGatewayId' --output text)
  "${aws[@]}" ec2 attach-internet-gateway --region us-west-2 --vpc-id "$vpc" --internet-gateway-id "$igw"
  "${aws[@]}" ec2 create-route --region us-west-2 --route-table-id "$rtb" --destination-cidr-block 0.0.0.0/0 --gateway-id "$igw" >/dev/null
fi
# The launch: moto cannot run a real `pcluster create-cluster`, so the harness's stand-in
# makes a cluster-shaped stack instead (tests/harness/pcluster-standin), and the
# CloudFormation overlay of tests/harness/cluster_stack.py supplies the events moto lacks.
read -r overlay_url overlay_pid < <("$PCWIZ_TEST_VENV_BIN/python" "$root/tests/harness/cluster_stack.py" serve --port 0 \
  | "$PCWIZ_TEST_VENV_BIN/python" -c 'import json,sys; d=json.loads(sys.stdin.readline()); print(d["url"], d["pid"]); sys.stdout.flush()' )
cluster_stack() { "$PCWIZ_TEST_VENV_BIN/python" "$root/tests/harness/cluster_stack.py" "$@"; }
cat > "$work/pcwiz.sh" <<SH
#!/bin/bash
export HOME=$work AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL=$PCWIZ_TEST_MOTO_URL
export AWS_ENDPOINT_URL_PRICING=$PCWIZ_TEST_PRICING_URL AWS_ENDPOINT_URL_CLOUDFORMATION=$overlay_url
export AWS_ACCESS_KEY_ID=$key AWS_SECRET_ACCESS_KEY=$secret AWS_SESSION_TOKEN=$token
export AWS_REGION=us-west-2 PATH=$root/tests/harness/pcluster-standin:$PCWIZ_TEST_VENV_BIN:/usr/bin:/bin
export PCLUSTER_REAL=$PCWIZ_TEST_VENV_BIN/pcluster STANDIN_PYTHON=$PCWIZ_TEST_VENV_BIN/python
export PCWIZ_SUPPRESS_VALIDATORS="type:HeadNodeLaunchTemplateValidator type:ComputeResourceLaunchTemplateValidator"
exec $root/target/debug/pcwiz
SH

# --- before a cluster: the menu, sizing, the setup check, help, the wizard, the launch ----
if want menu || want wizard || want launch; then
  open_terminal "$work/pcwiz.sh"
  # The header has the identity from the background STS call.
  shot main-menu.png "· sso · account 123456789012"
  if want menu; then
    # Size a job: the unit typed in, a million reV sites in a day, priced from the harness.
    keys 5
    wait_for "Measure a command"
    for value in "" 540 3.9 6 "" 200 1000000 "" 24; do
      [ -n "$value" ] && typed "$value"
      keys Down
    done
    keys Enter
    shot sizing-frontier.png "cheapest" 60
    # One Escape at a time: two at once read as Alt-Escape.
    keys Escape
    wait_for "› MaxCount"
    keys Escape
    wait_for "2  Check my setup"
    keys 2
    wait_for "Check my setup ·" 60
    keys Down Down
    shot check-my-setup.png "pcluster 3."
    keys '?'
    shot help.png "Keys (? or Esc to close)"
    keys Escape
    wait_for "Check my setup ·"
    keys Escape
  fi
  if want wizard || want launch; then
    wait_for "1  Create a new cluster"
    keys 1
    wait_for "1. Credentials ─"
    keys Enter
    wait_for "› us-west-2"
    keys Enter
    shot wizard-key.png "Use key pair \`laptop\`" 60
    keys Enter
    shot wizard-network.png "(default VPC)" 60
    keys Enter
    wait_for "› rev-conus"
    keys Enter
    wait_for "› ubuntu2404"
    keys Enter
    wait_for "› t3.large" 60
    # The zone's catalog comes in the background; the filter finds the type once it is in.
    typed "c6a 12"
    wait_for "› c6a.12xlarge" 60
    shot wizard-head-node.png '$1.836'
    keys Escape
    typed "t3.lar"
    wait_for "› t3.large"
    keys Enter
    wait_for "jobs get"
    keys x
    shot wizard-queues.png "whole nodes"
    keys Down x Enter
    wait_for "on delete"
    keys Enter
    wait_for "Tags & upkeep ─"
    typed nrel
    keys Down
    typed lab-42
    shot wizard-upkeep.png "lab-42"
    keys Enter
    shot wizard-review.png "Checks · " 60
    keys c
    shot wizard-cost.png "Full scale: every queue at MaxCount"
    keys c
    wait_for "Checks · "
  fi
  if want launch; then
    # Save, then launch: the checks, the name typed, the real dry run, the stand-in creation.
    keys w
    wait_for "Save to: "
    keys Enter
    wait_for "Cluster name: rev-conus-us-west-2"
    keys Enter
    wait_for "Type rev-conus-us-west-2 to launch" 120
    typed rev-conus-us-west-2
    keys Enter
    shot launch-progress.png "resources" 180
    cluster_stack signal rev-conus-us-west-2 --status FAILURE \
      --reason "Failed to execute OnNodeConfigured script 1, return code: 1. Please check /var/log/cfn-init.log in the head node." >/dev/null
    shot launch-failed.png "rev-conus-us-west-2 was not created" 120
  fi
  close_terminal
fi

# --- a running cluster: the list, the dashboard, HSDS, clean-up ---------------------------
if want dashboard || want hsds || want cleanup; then
  # A cluster-shaped stack whose head node's login is the harness's sshd user, and an ssh
  # config that sends every host to the harness's sshd, where the real Slurm and HSDS
  # answer. A few jobs make the Jobs tab worth a look.
  cluster_stack create rev-dash --scenario complete --cluster-user "$PCWIZ_TEST_SSH_USER" >/dev/null
  "$root/tests/harness/harness-ssh-config" > "$work/ssh_config"
  # The script's own ssh checks the harness sshd's key like any other (pcwiz pins its own).
  on_cluster() {
    ssh -F "$work/ssh_config" -o StrictHostKeyChecking=yes -o BatchMode=yes \
      -o UserKnownHostsFile="$PCWIZ_TEST_SSH_KNOWN_HOSTS" "$PCWIZ_TEST_SSH_USER@head" "$@"
  }
  stop_jobs() { on_cluster "scancel --name rev-generation; scancel --name rev-collect; scancel --name rev-multi-year; scancel --name rev-bespoke" || true; }
  rev_home="/home/$PCWIZ_TEST_SSH_USER/shots/rev_conus"
  trap 'stop_jobs; rm -rf "$(dirname "$rev_home")"; cluster_stack delete rev-dash >/dev/null 2>&1 || true; cleanup' EXIT
  on_cluster "sbatch -p bigmem -J rev-bespoke -o /dev/null --wrap 'exit 3'" >/dev/null
  on_cluster "sbatch -p standard -J rev-generation -o /dev/null --exclusive --wrap 'sleep 600'" >/dev/null
  on_cluster "sbatch -p standard -J rev-collect -o /dev/null --exclusive --dependency=singleton --wrap 'sleep 60'" >/dev/null
  on_cluster "sbatch -p standard -J rev-multi-year -o /dev/null --exclusive --wrap 'sleep 60'" >/dev/null
  # The Slurm node's instance (at its address, as ParallelCluster's are), and a reV project
  # whose status files the real NREL-gaps wrote, dated yesterday, its running job the real
  # running Slurm job.
  cluster_stack add-compute rev-dash >/dev/null
  "$root/.venv/rev/bin/python" "$root/tests/harness/rev_status_files.py" "$work/rev" >/dev/null
  deadline=$((SECONDS + 60))
  until running_id=$(on_cluster "squeue -h -n rev-generation -t RUNNING -o %i" | head -1) && [ -n "$running_id" ]; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "take.sh: rev-generation never ran" >&2; exit 1; }
    sleep 0.5
  done
  rm -rf "$rev_home" && mkdir -p "$(dirname "$rev_home")" && cp -r "$work/rev/uncollected/rev_conus" "$rev_home"
  sed -i -e "s/03-Jun-2024/$(date -u -d yesterday +%d-%b-%Y)/g" \
    -e "s/\"job_id\": \"102\"/\"job_id\": \"$running_id\"/" "$rev_home"/.gaps/*.json
  chown -R "$PCWIZ_TEST_SSH_USER" "$(dirname "$rev_home")"
  sed -i "s|^exec |export PCWIZ_SSH_CONFIG=$work/ssh_config PCWIZ_HSDS_PORT=${PCWIZ_TEST_HSDS_URL##*:} PCWIZ_HSDS_WHEELHOUSE=$PCWIZ_TEST_WHEELHOUSE\nexec |" "$work/pcwiz.sh"
  open_terminal "$work/pcwiz.sh"
  # With a draft saved, "Resume draft" is the second door and the rest move down one.
  wait_for "Resume or monitor an existing cluster"
  door() { tmx capture-pane -p -t shots | grep -F -- "$1" | grep -o '[0-9]' | head -1; }
  keys "$(door "Resume or monitor an existing cluster")"
  wait_for "rev-dash" 60
  select_row rev-dash
  shot clusters.png "CREATE_COMPLETE"
  keys Enter
  if want dashboard; then
    shot dashboard-overview.png "(ssh " 60
    keys 2
    shot dashboard-nodes.png "standard · "
    keys 3
    shot dashboard-jobs.png "▓ RUNNING"
    keys 4
    shot dashboard-hsds.png "i: set HSDS up for reV"
    keys 5 e
    typed '~/shots/rev_conus'
    keys Enter
    shot dashboard-rev.png "rev_conus_generation_j0" 60
    keys 6
    shot dashboard-cost.png '$/hour over'
    keys 7
    shot dashboard-stack.png "rev-dash AWS::CloudFormation::Stack CREATE_COMPLETE"
    keys f
    shot dashboard-fleet.png "Stop the compute fleet?" 60
    keys Escape
  fi
  if want hsds; then
    # HSDS set-up: the node is free again, and the harness's HSDS has NREL's top folders.
    stop_jobs
    for folder in /nrel /nrel/wtk /nrel/nsrdb; do
      curl -s -o /dev/null -u admin:admin -X PUT -H 'Content-Type: application/json' \
        -d '{"folder": true}' "$PCWIZ_TEST_HSDS_URL/?domain=$folder"
    done
    keys 4 i
    shot hsds-setup.png "Set up HSDS for reV"
    keys Enter
    # Done (or failed with why): the set-up says how to go back.
    shot hsds-setup-done.png "back to the dashboard" 300
    keys Escape
  fi
  if want cleanup; then
    # Clean up the same cluster: its compute instance, stack and log group; its volume
    # (data) unticked by default.
    "${aws[@]}" logs create-log-group --region us-west-2 \
      --log-group-name /aws/parallelcluster/rev-dash-202611211200 --tags parallelcluster:cluster-name=rev-dash
    "${aws[@]}" ec2 create-volume --region us-west-2 --availability-zone us-west-2a --size 100 \
      --volume-type gp3 --tag-specifications 'ResourceType=volume,Tags=[{Key=parallelcluster:cluster-name,Value=rev-dash}]' >/dev/null
    keys Escape
    wait_for "Clusters in us-west-2"
    keys Escape
    wait_for "Clean up a cluster"
    keys "$(door "Clean up a cluster")"
    wait_for "Clean up which cluster?"
    wait_for "rev-dash" 60
    select_row rev-dash
    keys Enter
    shot cleanup-plan.png "cluster stack" 60
    keys Enter
    wait_for "Type the cluster name"
    typed rev-dash
    keys Enter
    shot cleanup-result.png "Removed" 120
    keys Escape
  fi
  close_terminal
fi
