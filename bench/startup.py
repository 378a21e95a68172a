#!/usr/bin/env python3
"""bench/startup.py: how fast dojo starts and checks, against plain lua5.4
in the same run. Prints medians and ratios.
  - `dojo -e 'return 1'` against `lua5.4 -e 'print(1)'`;
  - `dojo check limiter --reference` (a fork per spec file, 27 tests)."""
import sys
import tempfile

from common import DOJO, dojo_env, median_time

def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 31
    with tempfile.TemporaryDirectory() as tmp:
        env = dojo_env(tmp)
        lua = median_time(["lua5.4", "-e", "print(1)"], runs, env=env)
        dojo = median_time([DOJO, "-e", "return 1"], runs, env=env)
        check = median_time([DOJO, "check", "limiter", "--reference"], runs, env=env)
    print(f"lua5.4 -e 'print(1)'            median {lua * 1000:7.2f} ms")
    print(f"dojo -e 'return 1'              median {dojo * 1000:7.2f} ms  ({dojo / lua:.2f}x lua5.4)")
    print(f"dojo check limiter --reference  median {check * 1000:7.2f} ms")

if __name__ == "__main__":
    main()
