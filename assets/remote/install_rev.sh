#!/usr/bin/env bash
# reV's Python venv on the cluster's shared file system, sent by pcwiz on ssh's stdin
# (`bash -s -- ARGS`): nothing is installed on the cluster to run it.
#
#   install_rev.sh --check VENV
#       says the head node's python3 and, when VENV exists, the versions it holds
#   install_rev.sh --install VENV [--wheelhouse DIR | --index-url URL] -- REQUIREMENT...
#       makes VENV if needed and pip-installs the requirements into it, then checks
#       `reV --version`; with --wheelhouse, from DIR alone (no index, no pip.conf) and DIR
#       is removed afterwards (pcwiz copied it there for this install)
#
# Lines that start with "pcwiz: " are for pcwiz:
#   pcwiz: python 3.11.2           pcwiz: have h5pyd 1.0.0     pcwiz: rev reV, version 0.14.5
#   pcwiz: error WHAT
# Every other line is pip's own output, which pcwiz reads for its progress bar.
set -u
mode=${1:-}; venv=${2:-}
shift 2 || { echo "pcwiz: error usage: install_rev.sh --check|--install VENV ..."; exit 2; }
case $venv in \~/*) venv="$HOME/${venv#\~/}" ;; esac

say() { printf 'pcwiz: %s\n' "$*"; }

check() {
  local python
  if ! python=$(command -v python3); then
    say "error python3 is not installed on the head node (sudo apt-get install python3 python3-venv, or sudo dnf install python3)"
    return 1
  fi
  say "python $("$python" -c 'import platform; print(platform.python_version())')"
  [ -x "$venv/bin/python" ] || return 0
  # The versions the venv holds, by pip's normalized name.
  "$venv/bin/python" - <<'PY'
import importlib.metadata as m, re
for d in m.distributions():
    name = re.sub(r"[-_.]+", "-", d.metadata["Name"] or "").lower()
    if name:
        print(f"pcwiz: have {name} {d.version}")
PY
  local version
  if version=$("$venv/bin/reV" --version 2>/dev/null); then
    say "rev $version"
  fi
}

install() {
  local source=() wheelhouse=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --wheelhouse) wheelhouse=$2; source+=(--no-index --find-links "$2"); shift 2 ;;
      --index-url) source+=(--index-url "$2"); shift 2 ;;
      --) shift; break ;;
      *) shift ;;
    esac
  done
  if [ ! -x "$venv/bin/python" ]; then
    mkdir -p "$(dirname "$venv")"
    if ! python3 -m venv "$venv" 2>&1; then
      say "error python3 cannot make a venv: install its venv module (sudo apt-get install python3-venv)"
      rm -rf "$venv"
      return 1
    fi
  fi
  local status=0
  if [ -n "$wheelhouse" ]; then
    # The wheelhouse alone: no index, and no pip.conf or PIP_* adding one.
    env -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null \
      "$venv/bin/python" -m pip install --disable-pip-version-check --progress-bar off \
      "${source[@]}" "$@" 2>&1 || status=$?
    rm -rf "$wheelhouse"
  else
    "$venv/bin/python" -m pip install --disable-pip-version-check --progress-bar off \
      "${source[@]+"${source[@]}"}" "$@" 2>&1 || status=$?
  fi
  if [ "$status" != 0 ]; then
    say "error pip exited with status $status"
    return "$status"
  fi
  check
}

case "$mode" in
  --check) check ;;
  --install) install "$@" ;;
  *) say "error unknown mode $mode"; exit 2 ;;
esac
