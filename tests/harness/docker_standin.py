"""Stands in for Docker, which cannot run where the tests run: `docker compose …` as HSDS's
runall.sh calls it, reached through a `docker` on PATH that execs this file.

It records what it is given in $PCWIZ_DOCKER_STANDIN_DIR:
  calls.jsonl  one line per call: its arguments and working directory
  up.json      for `compose -f FILE up`: the compose file's path and text, the environment
               compose interpolates it from, and the `sn` service's environment and volumes
               as compose resolves them (`${VAR}` from that environment, empty if unset)

Where Docker would start the containers, it runs HSDS's own launcher
($PCWIZ_DOCKER_STANDIN_HSDS) in a process group of its own, with the `sn` service's
environment and the directory mounted at /config in its place (--config_dir,
--password_file), on SN_PORT, with as many data nodes as `--scale dn=` asks. Kinder than
Docker: no image is pulled, no memory limit applies, and one launcher stands for the head,
sn and dn containers (whose environment is the sn's without SN_PORT and HSDS_ENDPOINT).
`compose … logs` prints that HSDS's log, `compose … ps` its state, `compose … down` stops
it with SIGINT to its group, as Docker stops a container.
"""
import json
import os
import re
import signal
import subprocess
import sys
import time

import yaml

STATE = os.environ["PCWIZ_DOCKER_STANDIN_DIR"]
PID_FILE = os.path.join(STATE, "hsds.pid")
HSDS_LOG = os.path.join(STATE, "hs.log")


def record(name, value):
    with open(os.path.join(STATE, name), "a") as f:
        f.write(json.dumps(value) + "\n")


def interpolate(text, env):
    """compose's `${VAR}`: the variable's value, or empty when it is not set."""
    return re.sub(r"\$\{(\w+)\}", lambda m: env.get(m.group(1), ""), text)


def option(args, name):
    return args[args.index(name) + 1] if name in args else None


def running_group():
    try:
        pid = int(open(PID_FILE).read())
        os.killpg(pid, 0)
        return pid
    except (OSError, ValueError):
        return None


def up(compose_file, args):
    env = dict(os.environ)
    text = open(compose_file).read()
    sn = yaml.safe_load(interpolate(text, env))["services"]["sn"]
    sn_env = dict(item.split("=", 1) for item in sn["environment"])
    volumes = [v.rsplit(":", 1) for v in sn["volumes"]]  # SOURCE:TARGET
    config_mount = next(source for source, target in volumes if target.rstrip("/") == "/config")
    with open(os.path.join(STATE, "up.json"), "w") as f:
        json.dump({"compose_file": compose_file, "compose_text": text, "environment": env,
                   "sn_environment": sn_env, "config_mount": config_mount}, f)
    scale = dict(s.split("=") for s in args[args.index("up") + 1:] if "=" in s)
    container_env = {k: v for k, v in sn_env.items() if k != "NODE_TYPE"}
    container_env.update({k: os.environ[k] for k in ("PATH", "HOME", "HSDS_DN_PORT") if k in os.environ})
    launcher = os.environ["PCWIZ_DOCKER_STANDIN_HSDS"]
    command = [launcher, "--host", "127.0.0.1", "--port", sn_env["SN_PORT"],
               "--count", scale.get("dn", "1"), f"--config_dir={config_mount}",
               f"--password_file={os.path.join(config_mount, 'passwd.txt')}", "--logfile", HSDS_LOG]
    out = open(os.path.join(STATE, "launcher.out"), "a")
    child = subprocess.Popen(command, env=container_env, stdout=out, stderr=out,
                             stdin=subprocess.DEVNULL, start_new_session=True)
    with open(PID_FILE, "w") as f:
        f.write(str(child.pid))


def down():
    pid = running_group()
    if pid is None:
        return
    os.killpg(pid, signal.SIGINT)
    deadline = time.time() + 10
    while running_group() and time.time() < deadline:
        time.sleep(0.1)
    if running_group():
        os.killpg(pid, signal.SIGKILL)


def main(args):
    record("calls.jsonl", {"args": args, "cwd": os.getcwd()})
    if args[:2] == ["compose", "--version"]:
        print("Docker Compose version v2 (pcwiz's stand-in for Docker)")
    elif args and args[0] == "compose":
        compose_file = option(args, "-f")
        if "up" in args:
            up(compose_file, args)
        elif "down" in args:
            down()
        elif "logs" in args:
            print(open(HSDS_LOG).read() if os.path.exists(HSDS_LOG) else "", end="")
        elif "ps" in args:
            print("NAME STATUS")
            print(f"hsds-sn-1 {'Up' if running_group() else 'Exited (0)'}")
    elif args and args[0] == "logs":
        print(open(HSDS_LOG).read() if os.path.exists(HSDS_LOG) else "", end="")
    else:
        print(f"pcwiz's docker stand-in does not know: docker {' '.join(args)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
