# Checks HSDS where reV will use it: on a compute node, through Slurm. Sent by pcwiz on
# ssh's stdin; arguments: PARTITION (may be empty) PORT DOMAIN_FOLDER.
# The node starts HSDS as a reV job would (start_hsds.sh), checks it (--check), and reads
# through it: lists a domain folder. Prints `pcwiz-… ` marker lines pcwiz reads.
set -u
partition=$1 port=$2 folder=$3
command -v srun >/dev/null 2>&1 || { echo "pcwiz-error srun is not on this head node's PATH"; exit 0; }
[ -x "$HOME/start_hsds.sh" ] || [ -r "$HOME/start_hsds.sh" ] || { echo "pcwiz-error ~/start_hsds.sh is not installed"; exit 0; }
args=(-N1 --time=30 -J pcwiz-hsds-check)
[ -n "$partition" ] && args+=(-p "$partition")
# shellcheck disable=SC2016 # expanded on the compute node
srun "${args[@]}" bash -c '
  echo "pcwiz-node ${SLURMD_NODENAME:-$(hostname -s)}"
  bash "$HOME/start_hsds.sh" 2>"$HOME/.hsds/start.$$.err"; echo "pcwiz-start $?"
  # The one sentence start_hsds.sh says when HSDS did not come up.
  sed -n "s/^HSDS did not start on [^:]*: /pcwiz-why /p" "$HOME/.hsds/start.$$.err" | tail -n 1
  rm -f "$HOME/.hsds/start.$$.err"
  echo "pcwiz-check $(bash "$HOME/start_hsds.sh" --check)"
  code=$(curl -s -m 30 -o "$HOME/.hsds/read.$$.json" -w "%{http_code}" "http://127.0.0.1:$1/domains?domain=$2")
  echo "pcwiz-read-http ${code:-000}"
  echo "pcwiz-read-body $(tr -d "\n" < "$HOME/.hsds/read.$$.json" 2>/dev/null | head -c 2000)"
  rm -f "$HOME/.hsds/read.$$.json"
  tail -n 5 "$HOME/.hsds/start_hsds.$(hostname -s).log" 2>/dev/null | sed "s/^/pcwiz-log /"
' pcwiz-verify "$port" "$folder" 2>&1
echo "pcwiz-srun $?"
