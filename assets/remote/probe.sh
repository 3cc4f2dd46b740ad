#!/usr/bin/env bash
# pcwiz's one round trip to a cluster's head node: everything the dashboard shows from the
# cluster itself, gathered here and printed as ONE JSON document on stdout. pcwiz sends this
# script over ssh on stdin (`bash -s -- ARGS`), so nothing is installed on the cluster.
#
#   --hsds-port N   where HSDS listens on each compute node (default 5101)
#   --rev-dir DIR   a reV project directory: its GAPs status files (.gaps/*.json) are read
#   --nodes-up-since T  the idle guard's cost history after epoch T (the dashboard asks for
#                   what it has not seen yet; the first refresh asks from 0)
#
# Each source is bounded by a timeout and reported with its exit status and stderr, so a
# down controller or a dead HSDS is a fact in the answer, not a hang or a missing answer.
set -u
hsds_port=5101
rev_dir=""
nodes_up_since=""
while [ $# -gt 0 ]; do
  case "$1" in
    --hsds-port) hsds_port=$2; shift 2 ;;
    --rev-dir) rev_dir=$2; shift 2 ;;
    --nodes-up-since) nodes_up_since=$2; shift 2 ;;
    *) shift ;;
  esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { # run NAME COMMAND...: stdout, stderr and exit status into $tmp/NAME.*
  local name=$1; shift
  timeout 20 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  echo $? >"$tmp/$name.rc"
}
run squeue squeue --json
run sinfo sinfo --json
# Per node, with each node's address and last busy time; 23.02+ only (22.05's sinfo has both).
run scontrol scontrol show nodes --json

# HSDS on every node that has an instance (a "~" node is powered off: nothing to ask),
# reached at its NodeAddr (the instance's private IP), which resolves without cluster DNS.
i=0
while read -r node addr state; do
  case "$state" in *~*) continue ;; esac
  echo "$node" >"$tmp/hsds.$i.node"
  curl -s -m 3 -o "$tmp/hsds.$i.body" -w '%{http_code}' "http://$addr:$hsds_port/about" \
    >"$tmp/hsds.$i.code" 2>"$tmp/hsds.$i.err"
  # HSDS 1.0+ counts its answers by status on /metrics: the 503s are requests it refused.
  curl -s -m 3 -o "$tmp/hsds.$i.metrics" -w '%{http_code}' "http://$addr:$hsds_port/metrics" \
    >"$tmp/hsds.$i.mcode" 2>/dev/null
  i=$((i + 1))
done < <(sinfo -h -N -o '%N %o %t' 2>/dev/null | sort -u -k1,1)

python3 - "$tmp" "$hsds_port" "$rev_dir" "$nodes_up_since" <<'PY'
import json, math, os, socket, subprocess, sys, time
tmp, port, rev_dir, nodes_up_since = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]

# What pcwiz reads of a GAPs status entry (src/cluster/rev_status.rs). The rest of a job's
# entry repeats the run's own arguments (resource_file, sam_files, output_request…) in every
# job, which makes the status of a run of thousands of jobs megabytes; only these travel.
JOB_KEYS = {"job_status", "job_id", "hardware", "time_submitted", "time_start", "time_end",
            "runtime_seconds", "stdout_log", "stdout_err_log", "out_file"}
# Lines of a failed job's Slurm stdout/stderr sent with it (the reason is at the end).
TAIL_LINES = 40
MAX_TAILS = 20

def read(name, default=""):
    try:
        with open(os.path.join(tmp, name), errors="replace") as f:
            return f.read()
    except OSError:
        return default

def finite(value):
    """The value with every NaN and infinity replaced by null: Python's json writes them
    as bare NaN/Infinity, which is not JSON, and one would spoil the whole report."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value

def source(name):
    rc = read(name + ".rc", "").strip()
    return {"rc": int(rc) if rc.lstrip("-").isdigit() else None,
            "stdout": read(name + ".out"), "stderr": read(name + ".err")[-2000:]}

def number(text):
    """A Prometheus sample value when it is a finite number; None for NaN, +Inf or garbage."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None

def refusals(n):
    """(503s answered so far, max_task_count) from HSDS's Prometheus text; None when
    this HSDS has no /metrics (older than 1.0). Lines that are not numbers are skipped."""
    if read(f"hsds.{n}.mcode").strip() != "200":
        return None, None
    refused, limit = 0, None
    for line in read(f"hsds.{n}.metrics").splitlines():
        parts = line.rsplit(" ", 1)
        value = number(parts[1]) if len(parts) == 2 else None
        if value is None:
            continue
        if line.startswith("hsds_http_requests_total{") and 'status="503"' in line:
            refused += int(value)
        elif line.startswith("hsds_tasks_max "):
            limit = int(value)
    return refused, limit

def slim(doc):
    """A status file's document reduced to what pcwiz reads: steps keep their non-object
    values (pipeline_index) and each job only JOB_KEYS; top-level values (monitor_pid) stay."""
    if not isinstance(doc, dict):
        return doc
    out = {}
    for key, value in doc.items():
        if isinstance(value, dict):
            out[key] = {k: ({a: b for a, b in v.items() if a in JOB_KEYS}
                            if isinstance(v, dict) else v)
                        for k, v in value.items()}
        else:
            out[key] = value
    return out

def tail(path, directory):
    """The last lines of a job's log, when it is there (relative paths are the project's)."""
    if not isinstance(path, str) or not path:
        return None
    path = os.path.join(directory, os.path.expanduser(path))
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 64_000))
            lines = f.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return None
    return "\n".join(lines[-TAIL_LINES:])

def queued_ids():
    """Job ids Slurm lists now (pending, running, completing); None when squeue did not
    answer. Asked after the status files are read: a job submitted meanwhile is listed."""
    try:
        done = subprocess.run(["squeue", "-h", "-o", "%i"], capture_output=True, text=True,
                              timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return set(done.stdout.split()) if done.returncode == 0 else None

def merged_jobs(docs):
    """Each job's attributes as gaps merges them: the collected file, then job files."""
    latest = {}
    for doc in docs:
        for step in doc.values() if isinstance(doc, dict) else []:
            for job, attrs in step.items() if isinstance(step, dict) else []:
                if isinstance(attrs, dict):
                    latest.setdefault(job, {}).update(attrs)
    return latest

def vanished(attrs, queued):
    """Queued or running for gaps, but not listed by Slurm: it died without a word."""
    status = str(attrs.get("job_status", "")).lower()
    return (status in ("submitted", "running") and queued is not None
            and str(attrs.get("job_id", "")) not in queued)

def failed_tails(latest, queued, directory):
    """The tails of stdout and stderr, by job name, of the jobs that failed: those the
    status calls failed, and those that vanished from Slurm. At most MAX_TAILS."""
    tails = {}
    for job, attrs in sorted(latest.items()):
        failed = str(attrs.get("job_status", "")).lower() == "failed"
        if (failed or vanished(attrs, queued)) and len(tails) < MAX_TAILS:
            tails[job] = {"stdout": tail(attrs.get("stdout_log"), directory),
                          "stderr": tail(attrs.get("stdout_err_log"), directory)}
    return tails

def outputs(files, directory):
    """The size of each output file a successful job names (out_file), when it exists."""
    sizes = {}
    for doc in files:
        for step in doc.values() if isinstance(doc, dict) else []:
            for attrs in step.values() if isinstance(step, dict) else []:
                out = attrs.get("out_file") if isinstance(attrs, dict) else None
                if isinstance(out, str) and out:
                    path = os.path.join(directory, out)
                    try:
                        sizes[path] = os.path.getsize(path)
                    except OSError:
                        sizes[path] = None
    return sizes

def status_file(gaps, name):
    """(what the answer carries of one status file, its document or None)."""
    entry = {"path": ".gaps/" + name, "text": ""}
    try:
        with open(os.path.join(gaps, name), errors="replace") as f:
            text = f.read()
    except OSError as e:
        entry["error"] = f"unreadable ({e})"
        return entry, None
    try:
        doc = json.loads(text)
    except ValueError as e:
        entry["error"] = f"not valid JSON ({e})"
        return entry, None
    entry["text"] = json.dumps(finite(slim(doc)), allow_nan=False)
    return entry, doc

def rev(directory):
    """The GAPs status files of a reV project: the collected <dir>_status.json and the
    per-job jobstatus_*.json files gaps writes before collecting them, every one of them
    (a run of thousands of jobs has thousands of files), each slimmed to what pcwiz reads;
    the job ids Slurm lists once they are read; failed jobs' log tails; the outputs."""
    if not directory:
        return None
    directory = os.path.expanduser(directory)
    gaps = os.path.join(directory, ".gaps")
    answer = {"dir": directory, "files": [], "error": None}
    if not os.path.isdir(directory):
        answer["error"] = f"no directory {directory} on the head node"
        return answer
    try:
        names = sorted(n for n in os.listdir(gaps) if n.endswith(".json"))
    except OSError:
        names = []  # no step has run yet
    docs = {}
    for name in names:
        entry, doc = status_file(gaps, name)
        answer["files"].append(entry)
        if doc is not None:
            docs[name] = doc

    def ordered():
        # The collected file first, then the job files that override it (as gaps merges).
        return [docs[n] for n in sorted(docs, key=lambda n: (not n.endswith("_status.json"), n))]

    # Slurm is asked after the files are read, so a job submitted meanwhile is listed; a job
    # not listed may have ended meanwhile: its job file is read again before it is judged.
    # (The monitor may have folded that job file into the collected one and deleted it.)
    queued = queued_ids()
    gone = [job for job, attrs in merged_jobs(ordered()).items() if vanished(attrs, queued)]
    again = [f"jobstatus_{job}.json" for job in gone]
    again += [n for n in names if n.endswith("_status.json") and gone]
    for name in again:
        if os.path.exists(os.path.join(gaps, name)):
            entry, doc = status_file(gaps, name)
            answer["files"] = [f for f in answer["files"] if f["path"] != entry["path"]]
            answer["files"].append(entry)
            if doc is not None:
                docs[name] = doc
    answer["queued"] = sorted(queued) if queued is not None else None
    # What pcwiz wrote the project from (its form, the sizing's estimate), when it did.
    try:
        with open(os.path.join(directory, ".pcwiz", "project.json"), errors="replace") as f:
            answer["note"] = f.read(1_000_000)
    except OSError:
        answer["note"] = None
    answer["tails"] = failed_tails(merged_jobs(ordered()), queued, directory)
    answer["outputs"] = outputs(ordered(), directory)
    return answer

def guard():
    """The idle guard's state file (assets/remote/idle_guard.sh), as text; None when the
    guard is not installed."""
    try:
        with open("/var/lib/pcwiz/idle-guard.json", errors="replace") as f:
            return f.read(20_000)
    except FileNotFoundError:
        return None
    except OSError as e:
        return "unreadable: " + str(e)

def nodes_up(since):
    """The idle guard's cost history (compute nodes up by instance type) after epoch
    `since`, oldest first; None when not asked or the guard keeps none."""
    if since == "":
        return None
    try:
        with open("/var/lib/pcwiz/nodes-up.jsonl", errors="replace") as f:
            lines = f.readlines()[-5000:]
    except OSError:
        return None
    samples = []
    for line in lines:
        try:
            sample = json.loads(line)
            if int(sample["t"]) > int(since):
                samples.append(sample)
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by a full disk: the rest still counts
    return samples

def hsds_node(n):
    body = read(f"hsds.{n}.body")
    try:
        about = json.loads(body) if body else None
    except ValueError:
        about = None
    node = {"node": read(f"hsds.{n}.node").strip(), "port": port,
            "http_code": read(f"hsds.{n}.code").strip(),
            "about": about if isinstance(about, dict) else None,
            "error": read(f"hsds.{n}.err").strip()[-500:]}
    node["refused_503"], node["max_task_count"] = refusals(n)
    return node

hsds = []
n = 0
while os.path.exists(os.path.join(tmp, f"hsds.{n}.node")):
    try:
        hsds.append(hsds_node(n))
    except Exception as e:  # one node's odd answer must not blank the others
        hsds.append({"node": read(f"hsds.{n}.node").strip(), "port": port, "http_code": "",
                     "about": None, "error": f"pcwiz could not read its answer: {e}"})
    n += 1

try:
    rev_answer = rev(rev_dir)
except Exception as e:  # e.g. a status file too odd to walk: said, not fatal
    rev_answer = {"dir": rev_dir, "files": [], "error": f"pcwiz could not read it: {e}"}

print(json.dumps(finite({"probe": 1, "host": socket.gethostname(), "time": int(time.time()),
                         "squeue": source("squeue"), "sinfo": source("sinfo"),
                         "scontrol": source("scontrol"), "hsds": hsds, "rev": rev_answer,
                         "guard": guard(),
                         "nodes_up": nodes_up(nodes_up_since)}), allow_nan=False))
PY
