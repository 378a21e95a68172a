#!/usr/bin/env python3
"""bench/validate.py: what `dojo validate` costs, by target, in one run
(runs interleaved; medians; ratios against the whole pack measured here):
  - one kata (by id), one concept folder, one lesson file, the whole pack;
  - a kata outside the built-in pack (a `dojo new` skeleton in a scratch
    pack), its reference.c compiled by validate: cold (empty cache, so cc
    runs) against warm (the cached .so is loaded).
Usage: python3 bench/validate.py [RUNS]   (default 5; DOJO=path/to/dojo)"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from common import DOJO, ROOT, dojo_env


def once(cmd, env, cwd=None):
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        env = dojo_env(tmp)
        env["DOJO_DB"] = "off"
        env["XDG_CACHE_HOME"] = os.path.join(tmp, "cache")
        env.pop("DOJO_PACK", None)
        pack = os.path.join(tmp, "p")
        subprocess.run([DOJO, "new", "pack", pack], env=env, stdout=subprocess.DEVNULL, check=True)
        subprocess.run([DOJO, "new", "kata", "c/k", "--pack", pack], env=env, stdout=subprocess.DEVNULL, check=True)
        kata = os.path.join(pack, "katas", "c", "k")
        targets = {
            "kata (id: counter)": [DOJO, "validate", "counter"],
            "concept (katas/closures)": [DOJO, "validate", os.path.join(ROOT, "katas", "closures")],
            "lesson (01-closures.md)": [DOJO, "validate", os.path.join(ROOT, "lessons", "01-closures.md")],
            "external kata, warm cache": [DOJO, "validate", kata],
            "whole pack": [DOJO, "validate", ROOT],
        }
        times = {name: [] for name in targets}
        cold = []
        for _ in range(runs):
            for name, cmd in targets.items():
                times[name].append(once(cmd, env))
            shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
            cold.append(once([DOJO, "validate", kata], env))
        whole = statistics.median(times["whole pack"])
        print(f"{'target':32} {'median s':>9} {'x whole pack':>13}")
        for name in targets:
            m = statistics.median(times[name])
            print(f"{name:32} {m:9.3f} {m / whole:13.3f}")
        m = statistics.median(cold)
        print(f"{'external kata, cold (cc runs)':32} {m:9.3f} {m / whole:13.3f}")
        warm = statistics.median(times["external kata, warm cache"])
        print(f"cold / warm: {m / warm:.1f}x")


if __name__ == "__main__":
    main()
