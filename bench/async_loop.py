#!/usr/bin/env python3
"""bench/async_loop.py: the event loop's own overhead: 10,000 tasks that each
`async.sleep(0)` 10 times, in dojo's Lua `async` and, in the same run, the
same program in Python's asyncio, runs interleaved. Prints medians of the
in-process CPU timings (the loop only, not process start-up) and the ratio.
The issue's 40 ms was set where asyncio took 200 ms; the goal line also
scales it by this run's asyncio time. Also in the same rounds, the floor: the same 10,000 coroutines x 11
resumes in bare Lua (coroutine.resume and yield from Lua, no event loop),
run by dojo itself and, when installed, by lua5.4.
DOJO_BASELINE=/path/to/older/dojo adds that binary to the same rounds.
DOJO_CALLGRIND=1 also counts instructions (valgrind --tool=callgrind, one
run each: stable on a loaded machine) for dojo, the baseline, the floor,
and the floor's parts: process start-up with `async` loaded, and creating
the 10,000 coroutines without resuming them.
Usage: python3 bench/async_loop.py [RUNS]   (default 7)"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from common import DOJO

LUA = """local async = require("async")
local t0 = os.clock()
async.run(function()
  local ts = {}
  for i = 1, 10000 do
    ts[i] = async.spawn(function() for k = 1, 10 do async.sleep(0) end end)
  end
  for i = 1, 10000 do ts[i]:await() end
end)
print((os.clock() - t0) * 1000)
"""
# The floor: the coroutine switches alone, with no loop, timers or tasks.
BARE = """local t0 = os.clock()
local cs = {}
for i = 1, 10000 do
  cs[i] = coroutine.create(function() for k = 1, 10 do coroutine.yield() end end)
end
for r = 1, 11 do for i = 1, 10000 do coroutine.resume(cs[i]) end end
print((os.clock() - t0) * 1000)
"""
# Parts of the floor, for instruction counts only.
STARTUP = 'local async = require("async")\n'
CREATE = """local cs = {}
for i = 1, 10000 do
  cs[i] = coroutine.create(function() for k = 1, 10 do coroutine.yield() end end)
end
"""
PY = """import asyncio, time
async def task():
    for _ in range(10):
        await asyncio.sleep(0)
async def main():
    await asyncio.gather(*(task() for _ in range(10000)))
t0 = time.process_time()
asyncio.run(main())
print((time.process_time() - t0) * 1000)
"""


def ms(cmd):
    return float(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)


def instructions(cmd):
    """Instructions the whole process of `cmd` ran, counted by callgrind."""
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                       capture_output=True, text=True, check=True)
    for line in r.stderr.splitlines():
        if "refs:" in line:
            return int(line.split("refs:")[1].replace(",", ""))
    sys.exit(f"{' '.join(cmd)}: no instruction count from callgrind")


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    baseline = os.environ.get("DOJO_BASELINE")  # an older dojo to compare, optional
    with tempfile.TemporaryDirectory() as tmp:
        lua = os.path.join(tmp, "loop.lua")
        with open(lua, "w") as f:
            f.write(LUA)
        py = os.path.join(tmp, "loop.py")
        with open(py, "w") as f:
            f.write(PY)
        bare = os.path.join(tmp, "bare.lua")
        with open(bare, "w") as f:
            f.write(BARE)
        # Interleaved rounds: load on the machine hits every program alike.
        cases = {"dojo": [DOJO, lua], "asyncio": [sys.executable, py],
                 "bare": [DOJO, bare]}
        lua54 = shutil.which("lua5.4")
        if lua54:
            cases["bare lua5.4"] = [lua54, bare]
        if baseline:
            cases["baseline"] = [baseline, lua]
        times = {name: [] for name in cases}
        for _ in range(runs):
            for name, cmd in cases.items():
                try:
                    times[name].append(ms(cmd))
                except (OSError, subprocess.CalledProcessError) as e:
                    sys.exit(f"{' '.join(cmd)}: {e}")
        m = {name: statistics.median(ts) for name, ts in times.items()}
        counts = {}
        if os.environ.get("DOJO_CALLGRIND"):
            parts = {}
            for name, text in (("startup", STARTUP), ("create", CREATE)):
                parts[name] = os.path.join(tmp, name + ".lua")
                with open(parts[name], "w") as f:
                    f.write(text)
            counts["start-up, async loaded"] = instructions([DOJO, parts["startup"]])
            counts["creating 10,000 coroutines"] = instructions([DOJO, parts["create"]])
            counts["bare coroutines (floor)"] = instructions([DOJO, bare])
            counts["dojo async"] = instructions([DOJO, lua])
            if baseline:
                counts["baseline dojo"] = instructions([baseline, lua])
    print(f"dojo async: 10,000 tasks x 10 sleep(0)   median {m['dojo']:7.1f} ms CPU")
    if baseline:
        print(f"baseline dojo ({baseline})  median {m['baseline']:7.1f} ms CPU"
              f"  ({m['baseline'] / m['dojo']:.2f}x the time)")
    print(f"python asyncio, same program          median {m['asyncio']:7.1f} ms CPU"
          f"  (dojo {m['asyncio'] / m['dojo']:.1f}x faster)")
    print(f"floor: bare coroutines in dojo        median {m['bare']:7.1f} ms CPU"
          f"  (the loop takes {m['dojo'] / m['bare']:.2f}x the floor)")
    if "bare lua5.4" in m:
        print(f"floor: bare coroutines in lua5.4      median {m['bare lua5.4']:7.1f} ms CPU"
              f"  (the loop takes {m['dojo'] / m['bare lua5.4']:.2f}x)")
    # Issue 9 set 40 ms on a machine where this asyncio program took 200 ms
    # (and the loop 108 ms): the same budget, scaled by this run's asyncio,
    # says what 40 ms there means on this machine.
    scaled = 40 * m['asyncio'] / 200
    print(f"goals (issue 9): at most 40 ms CPU: {'met' if m['dojo'] <= 40 else 'not met'} as is;"
          f" {'met' if m['dojo'] <= scaled else 'not met'} scaled to this machine"
          f" (40 ms x asyncio {m['asyncio']:.0f} / 200 ms = {scaled:.0f} ms);"
          f" at least 5x asyncio: {'met' if m['asyncio'] >= 5 * m['dojo'] else 'not met'}")
    for name, n in counts.items():
        print(f"{name + ':':38s} {n / 1e6:7.1f}M instructions (callgrind, whole process)")


if __name__ == "__main__":
    main()
