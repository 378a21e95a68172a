#!/usr/bin/env python3
"""bench/async_loop.py: the event loop's own overhead: 10,000 tasks that each
`async.sleep(0)` 10 times, in dojo's Lua `async` and, in the same run, the
same program in Python's asyncio. Prints medians of the in-process timings
(the loop only, not process start-up) and the ratio."""
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


def median_ms(cmd, runs):
    return statistics.median(float(subprocess.run(cmd, capture_output=True, text=True,
                                                  check=True).stdout) for _ in range(runs))


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as tmp:
        lua = os.path.join(tmp, "loop.lua")
        with open(lua, "w") as f:
            f.write(LUA)
        dojo = median_ms([DOJO, lua], runs)
        print(f"dojo async: 10,000 tasks x 10 sleep(0)   median {dojo:7.1f} ms CPU")
        py = os.path.join(tmp, "loop.py")
        with open(py, "w") as f:
            f.write(PY)
        try:
            asy = median_ms([sys.executable, py], runs)
            print(f"python asyncio, same program          median {asy:7.1f} ms CPU"
                  f"  (dojo {asy / dojo:.1f}x faster)")
        except (OSError, subprocess.CalledProcessError) as e:
            print(f"python asyncio not measured: {e}")


if __name__ == "__main__":
    main()
