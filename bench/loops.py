"""How long a learner waits when a solution loops (issue 9, sections 3 and 5).

Three scenarios, each timed as a median of RUNS runs:
  countdown  `dojo check countdown` on a `create` that loops forever
             (16 tests, --timeout T; T = 5 s, the kata's default, with --full)
  rep x9     nine tests whose solution spins inside string.rep, --timeout 1
  spins x9   nine different spins in C functions, --timeout 1
Each result is also given in per-test limits, against what the same run would
cost if every test ran to its limit (tests x limit; a C spin used to cost the
limit plus the 1 s kill grace as well).

    python3 bench/loops.py [--full] [--runs N]
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import DOJO, dojo_env  # noqa: E402

LOOPING_COUNTDOWN = """local countdown = {}
function countdown.create(n)
  local i = 0
  while true do i = i + 1 end
end
function countdown.generator(n) return function() return nil end end
return countdown
"""

SPINS = """local M = {}
local s = string.rep("a", 300)
local p = ".-.-.-.-.-.-.-.-.-b"
function M.rep() return #string.rep("", 1 << 50) end
function M.rep_sep() return #string.rep("", 1 << 50, "") end
function M.move() return #table.move({}, 1, 1 << 50, 2) end
function M.find() return s:find(p) end
function M.gsub() return (s:gsub(p, "x")) end
function M.match() return s:match(p) end
function M.gmatch() for w in s:gmatch(p) do return w end end
function M.upper() return #string.rep("", 1 << 49) end
function M.lower() return #string.rep("", 1 << 48) end
return M
"""
NAMES = ["rep", "rep_sep", "move", "find", "gsub", "match", "gmatch", "upper", "lower"]


def timed(cmd, env, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def spec(folder, module, calls):
    lines = [f'local m = require("{module}")', 'describe("spins", function()']
    lines += [f'  it("{i} {c}", function() assert.are.equal(1, m.{c}()) end)' for i, c in enumerate(calls)]
    lines.append("end)")
    with open(os.path.join(folder, module + "_spec.lua"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    full = "--full" in sys.argv
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    limit = 5.0 if full else 1.0
    with tempfile.TemporaryDirectory() as tmp:
        env = dojo_env(tmp)
        os.makedirs(os.path.join(tmp, "home", "countdown"))
        with open(os.path.join(tmp, "home", "countdown", "countdown.lua"), "w") as f:
            f.write(LOOPING_COUNTDOWN)
        one = os.path.join(tmp, "one")
        nine = os.path.join(tmp, "nine")
        os.makedirs(one)
        os.makedirs(nine)
        with open(os.path.join(one, "spins.lua"), "w") as f:
            f.write(SPINS)
        with open(os.path.join(nine, "spins.lua"), "w") as f:
            f.write(SPINS)
        spec(one, "spins", ["rep"] * 9)
        spec(nine, "spins", NAMES)
        rows = [
            ("countdown", 16, limit, 0.0,
             timed([DOJO, "check", "countdown", "--format", "tap", "--timeout", str(limit)], env, runs)),
            ("rep x9", 9, 1.0, 1.0, timed([DOJO, "grade", one, "--format", "tap", "--timeout", "1"], env, runs)),
            ("spins x9", 9, 1.0, 1.0, timed([DOJO, "grade", nine, "--format", "tap", "--timeout", "1"], env, runs)),
        ]
    print(f"{'scenario':<10} {'tests':>5} {'limit':>6} {'median':>8} {'limits':>7} {'all to the limit':>17}")
    for name, tests, lim, grace, secs in rows:
        naive = tests * (lim + grace)
        print(f"{name:<10} {tests:>5} {lim:>5.0f}s {secs:>7.2f}s {secs / lim:>6.1f}x {naive:>6.0f}s ({naive / secs:.1f}x longer)")


if __name__ == "__main__":
    main()
