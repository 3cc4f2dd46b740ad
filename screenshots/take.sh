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
cat > "$work/pcwiz.sh" <<SH
#!/bin/bash
export HOME=$work AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL=$PCWIZ_TEST_MOTO_URL
export AWS_ACCESS_KEY_ID=$key AWS_SECRET_ACCESS_KEY=$secret AWS_SESSION_TOKEN=$token
export AWS_REGION=us-west-2 PATH=$PCWIZ_TEST_VENV_BIN:/usr/bin:/bin
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
keys 2
keys Down Down
shot check-my-setup.png 2.5
keys question
shot help.png 1
keys Escape q q
