#!/usr/bin/env python3
"""bench/kata_memoize.py: the memoize kata's bench.lua (a naive recursive
fib(33), plain and memoized) for the C reference and the Lua solution
bench/solutions/memoize.lua, through `dojo bench memoize --format tsv`.
Prints the median time per round and the peak Lua memory of every case,
the speed-up of each memoized case over the plain recursion (measured in
the same child process), and the Lua solution against the C reference.
  usage: kata_memoize.py [RUNS]   (RUNS `dojo bench` runs, default 1; with
         more, every figure is the median over the runs)"""
import os
import statistics
import subprocess
import sys
import tempfile

from common import DOJO, ROOT, dojo_bench, dojo_env

SOLUTION = os.path.join(ROOT, "bench", "solutions", "memoize.lua")


def merge(runs):
    """The median over several dojo_bench results, per solution and case;
    a case that failed in any run keeps the first failing status."""
    out = {}
    for label in runs[0]:
        cases = []
        for i, (name, _, _, _) in enumerate(runs[0][label]):
            got = [r[label][i] for r in runs if i < len(r.get(label, ()))]
            bad = [g[3] for g in got if g[3] != "ok"]
            cases.append((name, statistics.median(g[1] for g in got),
                          statistics.median(g[2] for g in got), bad[0] if bad else "ok"))
        out[label] = cases
    return out


def ratio(a, b):
    """a / b as text; b may print as 0.000 ms when it is that fast."""
    if b <= 0:
        return f">{a / 0.001:.0f}x"
    return f"{a / b:.0f}x" if a / b >= 10 else f"{a / b:.2f}x"


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    with tempfile.TemporaryDirectory() as tmp:
        env = dojo_env(tmp)
        res = merge([dojo_bench("memoize", env, SOLUTION) for _ in range(runs)])
    labels = ["reference"] + [l for l in res if l != "reference"]
    names = [c[0] for c in res["reference"]]
    print(f"dojo bench memoize: median wall time per round, peak Lua memory"
          f"{f' (median of {runs} runs)' if runs > 1 else ''}")
    print(f"{'case':34}" + "".join(f"{l:>27}" for l in labels))
    for i, name in enumerate(names):
        row = f"{name:34}"
        for l in labels:
            c = res[l][i] if i < len(res[l]) else None
            if c and c[3] == "ok":
                row += f"{c[1]:12.3f} ms {c[2]:7.1f} KiB"
            else:
                row += f"{c[3] if c else '-':>27}"
        print(row)

    print("speed-up of memoized over plain recursion (same process):")
    for l in labels:
        cases = res[l]
        plain = next((c for c in cases if "plain" in c[0]), None)
        parts = []
        for c in cases:
            if c is plain:
                continue
            what = c[0].split(", ", 1)[-1]
            if plain and plain[3] == "ok" and c[3] == "ok":
                parts.append(f"{what} {ratio(plain[1], c[1])}")
            else:
                parts.append(f"{what} -")
        print(f"  {l:22} " + ";  ".join(parts))

    mine = os.path.basename(SOLUTION)
    if mine in res:
        print(f"{mine} against the reference (time, ours / C):")
        for i, name in enumerate(names):
            c, r = res[mine][i], res["reference"][i]
            if c[3] == "ok" and r[3] == "ok" and r[1] > 0:
                print(f"  {name:34} {c[1] / r[1]:6.2f}x")


if __name__ == "__main__":
    main()
