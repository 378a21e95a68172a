#!/usr/bin/env python3
"""bench/packs.py: what packs cost a command that lists or finds katas.
Runs, interleaved (so load on the machine hits every variant alike), and
prints medians and ratios against the first variant:
  - `dojo __complete katas` (kata_list: the catalogue, no manifest run) and
    `dojo check limiter --reference` (kata_find, then one kata graded)
  - with DOJO_PATH empty, then with DOJO_PATH naming N generated packs of
    K katas each (a pack.lua each, so N more manifests run);
  - and, when DOJO_BASELINE names another dojo binary (say the build of
    main before packs), the same commands with it and DOJO_PATH empty.
With DOJO_CALLGRIND=1 it counts instructions instead (valgrind's callgrind:
stable on a loaded machine, where a few milliseconds of wall time are noise)
for `dojo hint limiter` (kata_find, kata_load, no grading child).
Usage: python3 bench/packs.py [RUNS] [N] [K]   (default 21 runs, 20 packs, 10 katas)"""
import os
import shutil
import statistics
import sys
import tempfile
import time
import subprocess

from common import DOJO, ROOT, dojo_env


def make_packs(tmp, n, k):
    """N packs of K katas each (copies of the built-in `counter` kata's
    manifest under new ids), each with a pack.lua; returns their folders."""
    src = os.path.join(ROOT, "katas", "closures", "counter")
    roots = []
    for i in range(n):
        root = os.path.join(tmp, f"pack{i}")
        os.makedirs(os.path.join(root, "lessons"))
        with open(os.path.join(root, "pack.lua"), "w") as f:
            f.write(f'return {{ name = "pack{i}", version = "1.0", path = {{ "c" }} }}\n')
        for j in range(k):
            d = os.path.join(root, "katas", "c", f"k{i}-{j}")
            os.makedirs(d)
            for name in ("kata.lua", "spec.lua", "starter.lua", "README.md"):
                shutil.copy(os.path.join(src, name), d)
        roots.append(root)
    return roots


def one(cmd, env):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)}: exit {p.returncode}")
    return time.perf_counter() - t0


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    k = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    with tempfile.TemporaryDirectory() as tmp:
        env = dojo_env(tmp)
        env.pop("DOJO_PACK", None)
        env["DOJO_DB"] = "off"
        env["DOJO_PATH"] = ""
        many = dict(env, DOJO_PATH=":".join(make_packs(tmp, n, k)))
        variants = [("DOJO_PATH empty", DOJO, env), (f"DOJO_PATH: {n} packs x {k} katas", DOJO, many)]
        if os.environ.get("DOJO_BASELINE"):
            variants.insert(0, ("baseline binary", os.environ["DOJO_BASELINE"], env))
        if os.environ.get("DOJO_CALLGRIND"):
            base = None
            print("dojo hint limiter, instructions (callgrind):")
            for name, binary, e in variants:
                out = os.path.join(tmp, "cg.out")
                p = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary,
                                    "hint", "limiter"], env=e, capture_output=True, text=True, check=False)
                got = [l for l in p.stderr.splitlines() if "Collected" in l]
                if not got:
                    sys.exit(f"callgrind: {p.stderr.strip()[-400:]}")
                count = int(got[0].split()[-1])
                base = base or count
                print(f"  {name:32s} {count:12,d}  x{count / base:.2f}")
            return
        commands = [("__complete katas", ["__complete", "katas"]),
                    ("check limiter --reference", ["check", "limiter", "--reference", "--format", "tap"])]
        for label, args in commands:
            times = {v[0]: [] for v in variants}
            for _ in range(runs):
                for name, binary, e in variants:
                    times[name].append(one([binary, *args], e))
            base = statistics.median(times[variants[0][0]])
            print(f"dojo {label} (median of {runs}):")
            for name, _, _ in variants:
                m = statistics.median(times[name])
                print(f"  {name:32s} {m * 1000:8.2f} ms  x{m / base:.2f}")


if __name__ == "__main__":
    main()
