"""Shared helpers for dojo's benchmarks: run a command N times, report the
median wall time. Benchmarks print ratios against a baseline measured in the
same run, never absolute targets as pass/fail unit tests."""
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOJO = os.environ.get("DOJO", os.path.join(ROOT, "build", "dojo"))


def median_time(cmd, runs=15, cwd=None, env=None):
    """Median wall seconds of `runs` runs of `cmd` (a list), output discarded."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def median_of(fn, runs=5):
    """Median of `runs` calls of fn(), which returns seconds."""
    return statistics.median(fn() for _ in range(runs))


def dojo_env(tmp):
    env = dict(os.environ)
    env.update(NO_COLOR="1", DOJO_HOME=os.path.join(tmp, "home"),
               XDG_STATE_HOME=os.path.join(tmp, "state"))
    return env


def dojo_bench(kata, env, solution=None, extra=()):
    """Runs `dojo bench KATA --format tsv [--solution FILE]`; returns
    {solution label: [(case, median_ms, peak_kib, status), ...]}."""
    cmd = [DOJO, "bench", kata, "--format", "tsv", *extra]
    if solution:
        cmd += ["--solution", solution]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    rows = {}
    for line in p.stdout.splitlines():
        f = line.split("\t")
        if len(f) != 5:
            continue
        rows.setdefault(f[0], []).append((f[1], float(f[2]), float(f[3]), f[4]))
    if not rows:
        sys.exit(f"{' '.join(cmd)}: exit {p.returncode}, no results\n{p.stderr.strip()}")
    if p.stderr.strip():
        print(p.stderr.strip(), file=sys.stderr)
    return rows
