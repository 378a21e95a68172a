#!/usr/bin/env python3
"""bench/kata_log_pipeline.py: the log-pipeline kata's bench.lua (the spec's
200 MB log, made in memory a 64 KiB chunk at a time, through lines | filter
| parse | errors_per_service) for the C reference, a streaming Lua solution
(bench/solutions/log_pipeline_stream.lua) and one that reads every line into
a table first (bench/solutions/log_pipeline_list.lua), through
`dojo bench log-pipeline --format tsv --solution FILE`, once per Lua
solution (each run measures the reference too). Prints the peak Lua memory
(MiB above the start of the case) and the median time per round of each,
with ratios: each Lua solution against the reference of its own run, and
the list against the stream.
  usage: kata_log_pipeline.py [RUNS] [--memory MIB]
    RUNS: `dojo bench` runs per solution, default 1 (figures: the median);
    --memory: passed on to dojo bench (bench.lua asks for 1024 MiB itself)."""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

from common import DOJO, ROOT, dojo_bench, dojo_env

SOLUTIONS = os.path.join(ROOT, "bench", "solutions")
STREAM = os.path.join(SOLUTIONS, "log_pipeline_stream.lua")
LIST = os.path.join(SOLUTIONS, "log_pipeline_list.lua")


def measure(env, solution, runs, extra):
    """(ours, reference): the first case of the solution and of the
    reference, as (median_ms, peak_kib, status), medians over `runs` runs;
    a status other than ok in any run wins. None when a side gave nothing."""
    label = os.path.basename(solution)
    got = {label: [], "reference": []}
    for _ in range(runs):
        rows = dojo_bench("log-pipeline", env, solution, extra)
        for k in got:
            if rows.get(k):
                got[k].append(rows[k][0])

    def med(cs):
        if not cs:
            return None
        bad = [c[3] for c in cs if c[3] != "ok"]
        return (statistics.median(c[1] for c in cs), statistics.median(c[2] for c in cs),
                bad[0] if bad else "ok")
    return med(got[label]), med(got["reference"])


def show(name, m):
    if m is None:
        return f"  {name:28} did not run"
    if m[2] != "ok":
        return f"  {name:28} {m[2]} (after {m[0] / 1000:.2f} s, peak {m[1] / 1024:.1f} MiB)"
    return f"  {name:28} {m[1] / 1024:9.2f} MiB {m[0] / 1000:8.2f} s"


def ratios(a, b, what):
    if a is None or b is None or a[2] != "ok" or b[2] != "ok" or b[0] <= 0 or b[1] <= 0:
        return f"  {what:40} -"
    return f"  {what:40} memory {a[1] / b[1]:8.1f}x   time {a[0] / b[0]:5.2f}x"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="?", type=int, default=1)
    ap.add_argument("--memory", type=int, help="MiB cap, passed on to dojo bench")
    args = ap.parse_args()
    extra = ["--memory", str(args.memory)] if args.memory else []
    with tempfile.TemporaryDirectory() as tmp:
        env = dojo_env(tmp)
        stream, ref1 = measure(env, STREAM, args.runs, extra)
        lst, ref2 = measure(env, LIST, args.runs, extra)
    runs = f", median of {args.runs} runs" if args.runs > 1 else ""
    print(f"dojo bench log-pipeline: 200 MB log, peak Lua memory and median time per round{runs}")
    print(show("reference (with the stream)", ref1))
    print(show("reference (with the list)", ref2))
    print(show("log_pipeline_stream.lua", stream))
    print(show("log_pipeline_list.lua", lst))
    print("ratios (each against the reference of its own dojo bench run):")
    print(ratios(stream, ref1, "stream / reference"))
    print(ratios(lst, ref2, "list / reference"))
    print(ratios(lst, stream, "list / stream"))
    if any(m is not None and m[2] == "memory" for m in (stream, lst)):
        print("note: a solution ran out of memory. bench.lua asks for 1024 MiB; if this "
              "dojo applied the kata's 16 MiB instead, rerun with --memory 1024.")


if __name__ == "__main__":
    main()
