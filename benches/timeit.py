#!/usr/bin/env python3
"""Whole-process timings when hyperfine is not installed: a small, documented stand-in.

    timeit.py --runs N [--warmup W] [--prepare CMD] [--json OUT] -n NAME CMD [-n NAME CMD]...

Each CMD runs through `sh -c`, stdout and stderr to /dev/null, W times unmeasured and then N
times measured (wall clock, time.perf_counter around the child's whole life). --prepare
runs before every run of every command, unmeasured (hyperfine's --prepare). It prints one
Markdown table row per command (mean ± σ, min … max, runs) and, with --json, writes the
raw times. A command that exits non-zero stops the benchmark: a failing command measures
nothing worth keeping. Not a test: nothing here asserts a time.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time


def run(cmd: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(["sh", "-c", cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{cmd!r} exited {done.returncode}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--prepare", default=None)
    parser.add_argument("--json", default=None)
    parser.add_argument("-n", dest="names", action="append", default=[])
    parser.add_argument("commands", nargs="+")
    args = parser.parse_intermixed_args()
    if len(args.names) != len(args.commands):
        sys.exit("give one -n NAME per command")
    results = []
    for name, cmd in zip(args.names, args.commands):
        times = []
        for n in range(args.warmup + args.runs):
            if args.prepare:
                subprocess.run(["sh", "-c", args.prepare], check=True)
            took = run(cmd)
            if n >= args.warmup:
                times.append(took)
        ms = [t * 1000 for t in times]
        sigma = statistics.stdev(ms) if len(ms) > 1 else 0.0
        print(f"| {name} | {statistics.mean(ms):.1f} ms ± {sigma:.1f} ms "
              f"| {min(ms):.1f} … {max(ms):.1f} ms | {len(ms)} |", flush=True)
        results.append({"name": name, "command": cmd, "times": times})
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"results": results}, out, indent=1)


if __name__ == "__main__":
    main()
