#!/usr/bin/env python3
"""bench/batch.py: batch grading of a generated class, `--jobs 2` against
`--jobs 1` in the same run. 200 submissions of the limiter kata: 150 right,
30 wrong, 20 hostile (output floods, memory bombs, endless loops), graded
with --timeout 1. Prints the median wall time of each setting over 3 runs,
the speed-up, and the median time per ordinary (right or wrong) submission
from the summary CSV."""
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from common import DOJO, ROOT, dojo_env

HOSTILE = {
    "flood": 'for i = 1, 1e9 do print("spam", i) end\n',
    "memory": 'local t = {} for i = 1, 1e9 do t[i] = ("x"):rep(64) .. i end\n',
    "loop": "while true do end\n",
}


def make_class(tmp):
    fix = os.path.join(ROOT, "tests", "fixtures", "limiter")
    kinds = ["right"] * 150 + ["wrong"] * 30 + ["flood"] * 8 + ["memory"] * 8 + ["loop"] * 4
    for i, kind in enumerate(kinds):
        d = os.path.join(tmp, "class", f"s{i:03d}-{kind}")
        os.makedirs(d)
        if kind in HOSTILE:
            with open(os.path.join(d, "limiter.lua"), "w") as f:
                f.write(HOSTILE[kind])
        else:
            shutil.copy(os.path.join(fix, kind, "limiter.lua"), d)
    return os.path.join(tmp, "class")


def grade(cls, jobs, env, csv_path):
    t0 = time.perf_counter()
    subprocess.run([DOJO, "grade", "--kata", "limiter", cls, "--jobs", str(jobs), "--timeout", "1",
                    "--format", "tap", "--output", os.path.join(os.path.dirname(csv_path), "report.tap"), "--summary", csv_path],
                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as tmp:
        env = dojo_env(tmp)
        cls = make_class(tmp)
        csv_path = os.path.join(tmp, "summary.csv")
        one = statistics.median(grade(cls, 1, env, csv_path) for _ in range(runs))
        two = statistics.median(grade(cls, 2, env, csv_path) for _ in range(runs))
        with open(csv_path) as f:
            rows = list(csv.DictReader(f))
    ordinary = [float(r["seconds"]) for r in rows
                if r["submission"].endswith(("-right", "-wrong"))]
    print(f"200 submissions (150 right, 30 wrong, 20 hostile), --timeout 1, median of {runs}")
    print(f"  --jobs 1   {one:7.2f} s")
    print(f"  --jobs 2   {two:7.2f} s   speed-up {one / two:.2f}x")
    print(f"  median per ordinary submission: {statistics.median(ordinary) * 1000:.1f} ms"
          f" ({len(ordinary)} submissions)")


if __name__ == "__main__":
    main()
