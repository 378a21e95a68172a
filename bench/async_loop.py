#!/usr/bin/env python3
"""bench/async_loop.py: the event loop's own overhead: 10,000 tasks that each
`async.sleep(0)` 10 times, in dojo's Lua `async` and, in the same run, the
same program in Python's asyncio, runs interleaved. Prints medians of the
in-process CPU timings (the loop only, not process start-up) and the ratio.
DOJO_BASELINE=/path/to/older/dojo adds that binary to the same rounds.
Usage: python3 bench/async_loop.py [RUNS]   (default 7)"""
import os
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
        # Interleaved rounds: load on the machine hits every program alike.
        cases = {"dojo": [DOJO, lua], "asyncio": [sys.executable, py]}
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
    print(f"dojo async: 10,000 tasks x 10 sleep(0)   median {m['dojo']:7.1f} ms CPU")
    if baseline:
        print(f"baseline dojo ({baseline})  median {m['baseline']:7.1f} ms CPU"
              f"  ({m['baseline'] / m['dojo']:.2f}x the time)")
    print(f"python asyncio, same program          median {m['asyncio']:7.1f} ms CPU"
          f"  (dojo {m['asyncio'] / m['dojo']:.1f}x faster)")


if __name__ == "__main__":
    main()
