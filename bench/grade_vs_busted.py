#!/usr/bin/env python3
"""bench/grade_vs_busted.py: dojo's grader against busted on the same specs,
with every dojo limit on (5 s per test, 256 MiB, output cap, a child process
per spec file). Prints medians and ratios measured in this run:
  1. a suite of many small busted-layout exercises (busted once per folder,
     as Exercism's runner does; dojo once for all, and once per folder);
  2. a CPU-bound spec against busted on it and plain lua5.4 doing the same work;
  3. the cost of an empty `it` block;
  4. the isolation overhead per spec file (a fork each)."""
import os
import statistics
import subprocess
import sys
import tempfile
import time

from common import DOJO, dojo_env, median_of, median_time

N_EXERCISES = 40
SPEC = """local add = require("add")
describe("add", function()
  it("adds", function() assert.are.equal(3, add(1, 2)) end)
  it("adds negatives", function() assert.are.equal(-1, add(1, -2)) end)
  it("adds floats", function() assert.are.equal(0.75, add(0.5, 0.25)) end)
  it("is the same table", function() assert.are.same({3}, {add(1, 2)}) end)
  it("errors on nil", function() assert.has_error(function() add(nil, 1) end) end)
end)
"""
WORK = "local s = 0 for i = 1, 3e7 do s = s + i % 7 end return s"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def timed(cmd, cwd=None, env=None):
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def suite(tmp, env):
    dirs = []
    for i in range(N_EXERCISES):
        d = os.path.join(tmp, "suite", f"ex{i:03d}")
        write(os.path.join(d, "add.lua"), "return function(a, b) return a + b end\n")
        write(os.path.join(d, "add_spec.lua"), SPEC)
        dirs.append(d)
    busted = median_of(lambda: sum(timed(["busted", "--lua=lua5.4", "."], cwd=d, env=env)
                                   for d in dirs))
    one = median_of(lambda: timed([DOJO, "grade", *dirs, "--format", "tap"], env=env))
    each = median_of(lambda: sum(timed([DOJO, "grade", d, "--format", "tap"], env=env)
                                 for d in dirs))
    print(f"1. {N_EXERCISES} small exercises ({N_EXERCISES * 5} tests)")
    print(f"   busted, once per folder      {busted * 1000:8.1f} ms")
    print(f"   dojo grade, once per folder  {each * 1000:8.1f} ms   {busted / each:6.1f}x faster")
    print(f"   dojo grade, all at once      {one * 1000:8.1f} ms   {busted / one:6.1f}x faster")
    return busted / each


def cpu_bound(tmp, env):
    d = os.path.join(tmp, "cpu")
    write(os.path.join(d, "work.lua"), f"return function() {WORK} end\n")
    write(os.path.join(d, "work_spec.lua"),
          'local work = require("work")\nit("works", function() assert.is_number(work()) end)\n')
    write(os.path.join(d, "plain.lua"), WORK + "\n")
    # Interleaved rounds: load on the machine hits all three alike.
    lua, busted, dojo = [], [], []
    for _ in range(9):
        lua.append(timed(["lua5.4", os.path.join(d, "plain.lua")], env=env))
        busted.append(timed(["busted", "--lua=lua5.4", "."], cwd=d, env=env))
        dojo.append(timed([DOJO, "grade", d, "--format", "tap"], env=env))
    lua, busted, dojo = (statistics.median(x) for x in (lua, busted, dojo))
    print("2. CPU-bound spec (3e7 loop iterations)")
    print(f"   lua5.4 alone                 {lua * 1000:8.1f} ms")
    print(f"   busted on lua5.4             {busted * 1000:8.1f} ms")
    print(f"   dojo grade, limits on        {dojo * 1000:8.1f} ms   {(dojo / lua - 1) * 100:+6.1f}% against lua5.4,"
          f" {(dojo / busted - 1) * 100:+6.1f}% against busted")
    return dojo / busted


def empty_its(tmp, env):
    n = 20000
    d1, dn = os.path.join(tmp, "it1"), os.path.join(tmp, "itn")
    write(os.path.join(d1, "x_spec.lua"), 'it("e", function() end)\n')
    write(os.path.join(dn, "x_spec.lua"),
          f'for i = 1, {n} do it("e" .. i, function() end) end\n')
    t1 = median_time([DOJO, "grade", d1, "--format", "tap"], 9, env=env)
    tn = median_time([DOJO, "grade", dn, "--format", "tap"], 9, env=env)
    per = (tn - t1) / (n - 1)
    print(f"3. empty it blocks: {per * 1e6:.1f} us each ({n} in one spec, TAP written)")
    return per


def per_file(tmp, env):
    n = 200
    d1, dn = os.path.join(tmp, "f1"), os.path.join(tmp, "fn")
    write(os.path.join(d1, "a_spec.lua"), 'it("e", function() end)\n')
    for i in range(n):
        write(os.path.join(dn, f"a{i:03d}_spec.lua"), 'it("e", function() end)\n')
    t1 = median_time([DOJO, "grade", d1, "--format", "tap"], 9, env=env)
    tn = median_time([DOJO, "grade", dn, "--format", "tap"], 9, env=env)
    per = (tn - t1) / (n - 1)
    print(f"4. per spec file (child process, limits, pipe): {per * 1000:.2f} ms each")
    return per


def main():
    if subprocess.run(["which", "busted"], stdout=subprocess.DEVNULL).returncode != 0:
        sys.exit("busted is not installed (apt-get install lua-busted)")
    with tempfile.TemporaryDirectory() as tmp:
        env = dojo_env(tmp)
        speedup = suite(tmp, env)
        cpu = cpu_bound(tmp, env)
        it = empty_its(tmp, env)
        pf = per_file(tmp, env)
    print(f"closing: {speedup:.1f}x faster than busted per exercise; "
          f"CPU-bound {(cpu - 1) * 100:+.1f}% against busted; {it * 1e6:.1f} us per empty it; "
          f"{pf * 1000:.2f} ms per spec file")

if __name__ == "__main__":
    main()
