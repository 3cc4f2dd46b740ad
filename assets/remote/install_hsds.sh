# Installs HSDS with pip into a venv in the login user's home, which ParallelCluster shares
# with the compute nodes, so start_hsds.sh runs it there without Docker and without
# installing anything per node. Sent by pcwiz on ssh's stdin and run on the head node:
#   bash -s -- VENV PACKAGE_MANAGER REQUIREMENT... -- PIP_OPTION...
# VENV is relative to $HOME; PIP_OPTION says where pip looks (--index-url URL, or
# --no-index --find-links DIR; DIR may start with ~/). Prints one line pcwiz reads:
#   pcwiz-hsds installed|unchanged REQUIREMENTS… | PYTHON
#   pcwiz-hsds failed SENTENCE
# pip's own output goes to stderr. Nothing here reads stdin: it is the rest of the script.
set -uo pipefail
venv=$HOME/$1 package_manager=$2
shift 2
requirements=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do requirements+=("$1"); shift; done
[ $# -gt 0 ] && shift
failed() {
  echo "pcwiz-hsds failed $*"
  exit 0
}

pip_options=()
for option in "$@"; do
  # shellcheck disable=SC2088 # a literal "~/" from pcwiz, expanded here
  case $option in "~/"*) option=$HOME/${option#\~/} ;; esac
  if [ "${pip_options[*]: -1}" = --find-links ] && [ ! -d "$option" ]; then
    failed "the wheelhouse $option is not a directory on the head node."
  fi
  pip_options+=("$option")
done

mkdir -p "$(dirname "$venv")"
# Two set-ups at once (two terminals, two people on one account) take turns.
exec 8>"$(dirname "$venv")/install.lock"
flock -w 900 8 || failed "another install into $venv has been running for 15 minutes; try again later."

# What the venv holds, in the requirements' terms ("hsds==1.0.2 h5pyd==1.0.0").
held() {
  "$venv/bin/python" -c '
import sys, importlib.metadata as m
def version(name):
    try:
        return m.version(name)
    except m.PackageNotFoundError:
        return "missing"
print(" ".join(r.split("==")[0] + "==" + version(r.split("==")[0]) for r in sys.argv[1:]))
' "${requirements[@]}" 2>/dev/null </dev/null
}

wanted="${requirements[*]}"
if [ "$(held)" = "$wanted" ]; then
  echo "pcwiz-hsds unchanged $wanted | $("$venv/bin/python" -V 2>&1)"
  exit 0
fi

# HSDS 1.0.2 needs Python 3.11 or newer. Prefer one every node has: the OS's own python3
# (Ubuntu 24.04's 3.12), or ParallelCluster's (in its AMIs); else one installed here, which
# start_hsds.sh then installs on each compute node too (Amazon Linux 2023, RHEL: 3.9).
new_enough() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null </dev/null; }
pick_python() {
  local candidate
  for candidate in python3 /opt/parallelcluster/pyenv/versions/3.1[1-9]*/bin/python3 \
    python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null 2>&1 && new_enough "$candidate"; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}
python=$(pick_python)
if [ -z "$python" ]; then
  echo "no Python 3.11 or newer here: installing python3.11 with $package_manager" >&2
  case $package_manager in
    apt) sudo -n apt-get install -y -qq python3.11 python3.11-venv ;;
    dnf) sudo -n dnf install -y -q python3.11 ;;
  esac </dev/null >&2
  python=$(pick_python) || failed "HSDS needs Python 3.11 or newer, which this head node \
lacks, and $package_manager could not install python3.11."
fi

rm -rf "$venv"
if ! "$python" -m venv "$venv" </dev/null >&2; then
  # Debian and Ubuntu keep venv's pip bootstrap in a package of its own.
  rm -rf "$venv"
  [ "$package_manager" = apt ] &&
    sudo -n apt-get install -y -qq "$(basename "$python")-venv" </dev/null >&2
  "$python" -m venv "$venv" </dev/null >&2 ||
    failed "$python could not make a venv in $venv (its venv module is missing)."
fi
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
"$venv/bin/pip" install --disable-pip-version-check -q "${pip_options[@]}" \
  "${requirements[@]}" </dev/null >&2 2>"$errors"
status=$?
cat "$errors" >&2
if [ "$status" != 0 ]; then
  rm -rf "$venv"
  failed "pip could not install $wanted: $(grep -v '^\s*$' "$errors" | tail -n 1)"
fi
[ "$(held)" = "$wanted" ] || failed "pip ran, but the venv holds $(held) instead of $wanted."
echo "pcwiz-hsds installed $wanted | $("$venv/bin/python" -V 2>&1)"
