#!/usr/bin/env bash
# Re-take the README's screenshots from the real program: pcwiz runs in xterm under Xvfb,
# attached to a tmux session that this script drives with send-keys, against the harness's
# moto with an SSO-shaped identity (so the HSDS warning shows). Needs: xvfb xterm imagemagick.
#
#   screenshots/take.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "${PCWIZ_IN_NETNS:-}" != 1 ]; then
  tests/harness/install.sh
  for p in xvfb xterm imagemagick fonts-dejavu-core; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="${missing:-} $p"
  done
  [ -z "${missing:-}" ] || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null; }
  export CARGO_NET_OFFLINE=true
  exec tests/harness/netns.sh tests/harness/with_services.sh "$0"
fi

aws=("$PCWIZ_TEST_VENV_BIN/aws" --output json)
role=$("${aws[@]}" iam create-role --role-name AWSReservedSSO_Analysts_5f2e9c1a \
  --path /aws-reserved/sso.amazonaws.com/ --assume-role-policy-document '{}' --query Role.Arn --output text)
creds=$("${aws[@]}" sts assume-role --role-arn "$role" --role-session-name jane.doe \
  --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)
read -r key secret token <<<"$creds"

work=$(mktemp -d)
# A user's ~/.ssh: an ed25519 key already imported as "laptop", and an old RSA key.
mkdir -p "$work/.ssh"
ssh-keygen -q -t ed25519 -N '' -C jane@laptop -f "$work/.ssh/id_ed25519"
ssh-keygen -q -t rsa -N '' -C jane@old-desktop -f "$work/.ssh/id_rsa"
"${aws[@]}" ec2 import-key-pair --region us-west-2 --key-name laptop \
  --public-key-material "fileb://$work/.ssh/id_ed25519.pub" >/dev/null
# moto's default VPC lacks the internet route a real account's has: add it.
vpc=$("${aws[@]}" ec2 describe-vpcs --region us-west-2 --query 'Vpcs[0].VpcId' --output text)
igw=$("${aws[@]}" ec2 create-internet-gateway --region us-west-2 --query 'InternetGateway.InternetGatewayId' --output text)
"${aws[@]}" ec2 attach-internet-gateway --region us-west-2 --vpc-id "$vpc" --internet-gateway-id "$igw"
rtb=$("${aws[@]}" ec2 describe-route-tables --region us-west-2 --query 'RouteTables[0].RouteTableId' --output text)
"${aws[@]}" ec2 create-route --region us-west-2 --route-table-id "$rtb" --destination-cidr-block 0.0.0.0/0 --gateway-id "$igw" >/dev/null
# The launch: moto cannot run a real `pcluster create-cluster`, so the harness's stand-in
# makes a cluster-shaped stack instead (tests/harness/pcluster-standin), and the
# CloudFormation overlay of tests/harness/cluster_stack.py supplies the events moto lacks.
read -r overlay_url overlay_pid < <("$PCWIZ_TEST_VENV_BIN/python" "$root/tests/harness/cluster_stack.py" serve --port 0 \
  | "$PCWIZ_TEST_VENV_BIN/python" -c 'import json,sys; d=json.loads(sys.stdin.readline()); print(d["url"], d["pid"]); sys.stdout.flush()' )
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
chmod +x "$work/pcwiz.sh"

Xvfb :77 -screen 0 1200x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null' EXIT
sleep 1
# pcwiz runs directly in xterm, typed into with xdotool. Known blemish: this xterm drops
# some box-drawing glyphs at cell edges (the rightmost border); the program draws them,
# as the tmux captures in tests/e2e_tmux.rs and the insta snapshots show.
DISPLAY=:77 xterm -geometry 100x30+0+0 -fa 'DejaVu Sans Mono' -fs 11 -bg '#1c1c1c' -fg '#d0d0d0' \
  -e bash "$work/pcwiz.sh" &
sleep 0.5
win=$(DISPLAY=:77 xdotool search --sync --class xterm | head -1)
keys() { DISPLAY=:77 xdotool windowfocus --sync "$win" key --delay 80 "$@"; }
shot() {
  sleep "${2:-1.5}"
  DISPLAY=:77 import -window "$win" "$root/screenshots/$1"
  echo "wrote screenshots/$1"
}

# Enough time for the background STS call (moto answers in milliseconds) and pcluster's
# version probe (about a second of Python start-up).
shot main-menu.png 2.5
# Size a job: the unit typed in, a million reV sites in a day, priced from the harness.
typed() { DISPLAY=:77 xdotool windowfocus --sync "$win" type --delay 40 "$1"; }
keys 5
sleep 0.5
for value in "" 540 3.9 6 "" 200 1000000 "" 24; do
  [ -n "$value" ] && typed "$value"
  keys Down
done
keys Return
shot sizing-frontier.png 4
keys Escape Escape
sleep 0.5
keys 2
keys Down Down
shot check-my-setup.png 2.5
keys question
shot help.png 1
keys Escape Escape
sleep 0.5
keys 1
sleep 1
keys Return
sleep 0.5
keys Return
shot wizard-key.png 2
keys Return
shot wizard-network.png 2
keys Return
sleep 1
keys Return
sleep 1
keys Return
# The zone's catalog (moto's ~1300 types) must be in before typing filters it.
sleep 5
keys c 6 a space 1 2
shot wizard-head-node.png 1.5
keys Escape t 3 period l a r Return
sleep 1
keys x
shot wizard-queues.png 1.5
keys Down x Return
sleep 1
keys Return
sleep 1
keys n r e l Return
shot wizard-review.png 2.5
keys c
shot wizard-cost.png 1
# Save, then launch: the checks, the name typed, the real dry run, the stand-in creation.
keys c w
sleep 1
keys Return
sleep 1
keys Return
sleep 20
keys r e v minus c o n u s minus u s minus w e s t minus 2 Return
sleep 45
shot launch-progress.png 1
"$PCWIZ_TEST_VENV_BIN/python" "$root/tests/harness/cluster_stack.py" signal rev-conus-us-west-2 --status FAILURE \
  --reason "Failed to execute OnNodeConfigured script 1, return code: 1. Please check /var/log/cfn-init.log in the head node." >/dev/null
shot launch-failed.png 40
keys q
sleep 1

# The dashboard: a cluster-shaped stack whose head node's login is the harness's sshd user,
# and an ssh config that sends every host to the harness's sshd, where the real Slurm and
# HSDS answer. A few jobs make the Jobs tab worth a look.
"$PCWIZ_TEST_VENV_BIN/python" "$root/tests/harness/cluster_stack.py" create rev-dash --scenario complete \
  --cluster-user "$PCWIZ_TEST_SSH_USER" >/dev/null
"$root/tests/harness/harness-ssh-config" > "$work/ssh_config"
on_cluster() { ssh -F "$work/ssh_config" "$PCWIZ_TEST_SSH_USER@head" "$@"; }
on_cluster "sbatch -p bigmem -J rev-bespoke -o /dev/null --wrap 'exit 3'" >/dev/null
sleep 2
on_cluster "sbatch -p standard -J rev-generation -o /dev/null --exclusive --wrap 'sleep 600'" >/dev/null
on_cluster "sbatch -p standard -J rev-collect -o /dev/null --exclusive --dependency=singleton --wrap 'sleep 60'" >/dev/null
on_cluster "sbatch -p standard -J rev-multi-year -o /dev/null --exclusive --wrap 'sleep 60'" >/dev/null
# The Slurm node's instance (at its address, as ParallelCluster's are), and a reV project
# whose status files the real NREL-gaps wrote, dated yesterday, its running job the real
# running Slurm job.
"$PCWIZ_TEST_VENV_BIN/python" "$root/tests/harness/cluster_stack.py" add-compute rev-dash >/dev/null
"$root/.venv/rev/bin/python" "$root/tests/harness/rev_status_files.py" "$work/rev" >/dev/null
rev_home="/home/$PCWIZ_TEST_SSH_USER/rev_conus"
rm -rf "$rev_home" && cp -r "$work/rev/uncollected/rev_conus" "$rev_home"
running_id=$(on_cluster "squeue -h -n rev-generation -o %i" | head -1)
sed -i -e "s/03-Jun-2024/$(date -u -d yesterday +%d-%b-%Y)/g" \
  -e "s/\"job_id\": \"102\"/\"job_id\": \"$running_id\"/" "$rev_home"/.gaps/*.json
chown -R "$PCWIZ_TEST_SSH_USER" "$rev_home"
sed -i "s|^exec |export PCWIZ_SSH_CONFIG=$work/ssh_config PCWIZ_HSDS_PORT=${PCWIZ_TEST_HSDS_URL##*:} PCWIZ_HSDS_WHEELHOUSE=$PCWIZ_TEST_WHEELHOUSE\nexec |" "$work/pcwiz.sh"
DISPLAY=:77 xterm -geometry 100x30+0+0 -fa 'DejaVu Sans Mono' -fs 11 -bg '#1c1c1c' -fg '#d0d0d0' \
  -e bash "$work/pcwiz.sh" &
sleep 0.5
win=$(DISPLAY=:77 xdotool search --sync --class xterm | tail -1)
sleep 2
keys 4
sleep 3
keys Down Down
shot clusters.png 1
keys Return
shot dashboard-overview.png 4
keys 2
shot dashboard-nodes.png 1
keys 3
shot dashboard-jobs.png 1
keys 4
shot dashboard-hsds.png 1
keys 5 e
DISPLAY=:77 xdotool windowfocus --sync "$win" type --delay 60 '~/rev_conus'
keys Return
shot dashboard-rev.png 4
keys 6
shot dashboard-cost.png 1
keys 7
shot dashboard-stack.png 1
keys f
shot dashboard-fleet.png 6
# HSDS set-up: the node is free again, and the harness's HSDS has NREL's top folders.
keys Escape
on_cluster "scancel --name rev-generation; scancel --name rev-collect; scancel --name rev-multi-year" || true
for folder in /nrel /nrel/wtk /nrel/nsrdb; do
  curl -s -o /dev/null -u admin:admin -X PUT -H 'Content-Type: application/json' \
    -d '{"folder": true}' "$PCWIZ_TEST_HSDS_URL/?domain=$folder"
done
keys 4 i
shot hsds-setup.png 1
keys Return
shot hsds-setup-done.png 10
keys Escape
# Clean up the same cluster: its compute instance, stack and log group; its volume (data)
# unticked by default.
"${aws[@]}" logs create-log-group --region us-west-2 \
  --log-group-name /aws/parallelcluster/rev-dash-202611211200 --tags parallelcluster:cluster-name=rev-dash
"${aws[@]}" ec2 create-volume --region us-west-2 --availability-zone us-west-2a --size 100 \
  --volume-type gp3 --tag-specifications 'ResourceType=volume,Tags=[{Key=parallelcluster:cluster-name,Value=rev-dash}]' >/dev/null
# The fleet dialog and the HSDS set-up are closed already: dashboard → list → menu.
keys Escape Escape
sleep 1
keys 5
sleep 3
keys Down Down
keys Return
shot cleanup-plan.png 5
keys Return
sleep 0.5
DISPLAY=:77 xdotool windowfocus --sync "$win" type --delay 60 'rev-dash'
keys Return
shot cleanup-result.png 12
keys Escape q
on_cluster "scancel --name rev-generation; scancel --name rev-collect; scancel --name rev-multi-year" || true
"$PCWIZ_TEST_VENV_BIN/python" "$root/tests/harness/cluster_stack.py" delete rev-dash >/dev/null || true
kill "$overlay_pid" 2>/dev/null || true
