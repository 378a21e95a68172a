#!/usr/bin/env python3
"""bench/class_cache.py: regrading a class with --cache, against grading it
cold, in the same run. A class of 30 limiter submissions as a Canvas/Moodle
download delivers them (10 folders, 10 flat `<student>_<id>_limiter.lua`
files, 10 zips; 20 right, 10 wrong), graded with --jobs 2: cold (an empty
cache), warm (every result cached), and warm after one student changed a
file (one submission regraded). Prints the median wall and CPU time (dojo
and its grading children) of each over RUNS runs (default 5) and the ratios
to cold; CPU time is the steadier one on a loaded machine.
Usage: python3 bench/class_cache.py [RUNS]"""
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

from common import DOJO, ROOT, dojo_env


def make_class(cls):
    fix = os.path.join(ROOT, "tests", "fixtures", "limiter")
    os.makedirs(cls)
    for i in range(30):
        kind = "wrong" if i % 3 == 0 else "right"
        body = open(os.path.join(fix, kind, "limiter.lua")).read() + f"\n-- s{i:02d}\n"
        if i < 10:
            os.makedirs(os.path.join(cls, f"s{i:02d}"))
            open(os.path.join(cls, f"s{i:02d}", "limiter.lua"), "w").write(body)
        elif i < 20:
            open(os.path.join(cls, f"s{i:02d}_{1000 + i}_limiter.lua"), "w").write(body)
        else:
            with zipfile.ZipFile(os.path.join(cls, f"s{i:02d}.zip"), "w") as z:
                z.writestr(f"s{i:02d}/limiter.lua", body)


def grade(cls, cache, env):
    """(wall seconds, CPU seconds of dojo and its children) of one run."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run([DOJO, "grade", "--kata", "limiter", cls, "--jobs", "2", "--cache", cache,
                        "--format", "tap", "--output", os.devnull],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    if r.returncode not in (0, 1):
        sys.exit("dojo grade failed: " + r.stderr.decode())
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        env = dojo_env(tmp)
        cls = os.path.join(tmp, "class")
        make_class(cls)
        cold, warm, one = [], [], []
        for r in range(runs):
            cache = os.path.join(tmp, f"cache{r}")
            cold.append(grade(cls, cache, env))
            warm.append(grade(cls, cache, env))
            with open(os.path.join(cls, "s01", "limiter.lua"), "a") as f:
                f.write(f"-- edit {r}\n")
            one.append(grade(cls, cache, env))
            shutil.rmtree(cache)
        print(f"class of 30 (10 folders, 10 flat files, 10 zips), --jobs 2, medians of {runs}:")
        print(f"  {'':28s} {'wall ms':>9s} {'x cold':>7s} {'CPU ms':>9s} {'x cold':>7s}")
        cw, cc = (statistics.median(t[k] for t in cold) for k in (0, 1))
        for label, xs in (("cold (nothing cached)", cold), ("warm (all 30 cached)", warm),
                          ("one submission changed", one)):
            w, c = (statistics.median(t[k] for t in xs) for k in (0, 1))
            print(f"  {label:28s} {w * 1000:9.1f} {w / cw:7.2f} {c * 1000:9.1f} {c / cc:7.2f}")


if __name__ == "__main__":
    main()
