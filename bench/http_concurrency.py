#!/usr/bin/env python3
"""bench/http_concurrency.py: 100 requests to the loopback fixture server's
/delay/200, made concurrently with async.http_get (transfer cap 100) against
the same requests made one after another with http.get, in the same run.
Starts `dojo serve --port 0` itself and stops it at the end."""
import os
import re
import subprocess
import sys
import tempfile

from common import DOJO

LUA = """local async, http = require("async"), require("http")
local url = %r
local t0 = os.time()
local n = 0
local c = async.run(function()
  local t0 = async.now()
  local fs = {}
  for i = 1, 100 do fs[i] = function() return async.http_get(url).status end end
  local rs = async.gather(table.unpack(fs))
  for i = 1, 100 do if rs[i] == 200 then n = n + 1 end end
  return async.now() - t0
end, { max_transfers = 100 })
local s = async.run(function()
  local t0 = async.now()
  for i = 1, 100 do if http.get(url).status == 200 then n = n + 1 end end
  return async.now() - t0
end)
print(c, s, n)
"""


def main():
    serve = subprocess.Popen([DOJO, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        line = serve.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:\d+", line)
        if not m:
            sys.exit(f"dojo serve did not print its URL: {line!r}")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "fetch.lua")
            with open(path, "w") as f:
                f.write(LUA % (m.group(0) + "/delay/200"))
            out = subprocess.run([DOJO, path], capture_output=True, text=True, check=True).stdout
        conc, seq, ok = out.split()
        conc, seq = float(conc), float(seq)
        print(f"100 x /delay/200, concurrent (async.http_get, cap 100): {conc:6.2f} s")
        print(f"100 x /delay/200, one after another (http.get):         {seq:6.2f} s")
        print(f"speed-up {seq / conc:.1f}x; {ok} of 200 responses were 200")
    finally:
        serve.terminate()
        serve.wait()


if __name__ == "__main__":
    main()
