#!/usr/bin/env python3
"""bench/startup.py: how fast dojo starts and checks, against plain lua5.4
in the same run (runs interleaved, so load on the machine hits both alike).
Prints medians and ratios:
  - `dojo -e 'return 1'` against `lua5.4 -e 'print(1)'`, wall and CPU time;
  - REPL readiness: time from start until the first prompt ("> ") is
    written on a pseudo-terminal, `dojo` against `lua5.4 -i` (both with
    readline and history, each then ended with Ctrl-D);
  - `dojo check limiter --reference` (a fork per spec file, 27 tests).
Usage: python3 bench/startup.py [RUNS]   (default 31)"""
import os
import pty
import resource
import select
import statistics
import subprocess
import sys
import tempfile
import time

from common import DOJO, dojo_env


def run_once(cmd, env):
    """Wall seconds of one run of cmd, output discarded."""
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def cpu_once(cmd, env):
    """CPU seconds (user + system) of one run of cmd: steadier than wall
    time when other jobs load the machine."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def prompt_once(cmd, env, marker=b"> "):
    """Seconds from fork until cmd, on a pty, has written `marker`; then
    sends Ctrl-D and reaps it. Raises if no prompt comes within 10 s."""
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvpe(cmd[0], cmd, env)
        finally:
            os._exit(127)
    buf, elapsed = b"", None
    try:
        while elapsed is None:
            ready, _, _ = select.select([fd], [], [], 10)
            if not ready:
                raise RuntimeError(f"{cmd[0]}: no prompt within 10 s: {buf[-200:]!r}")
            chunk = os.read(fd, 4096)
            if not chunk:
                raise RuntimeError(f"{cmd[0]}: ended before its prompt: {buf[-200:]!r}")
            buf += chunk
            if marker in buf:
                elapsed = time.perf_counter() - t0
        os.write(fd, b"\x04")
        deadline = time.time() + 10
        while time.time() < deadline:  # drain until the child closes the pty
            ready, _, _ = select.select([fd], [], [], 1)
            if ready and not os.read(fd, 4096):
                break
    except OSError:
        pass  # EIO: the child has gone
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    return elapsed


def interleaved(cases, runs):
    """{name: median seconds}, running every case once per round."""
    times = {name: [] for name in cases}
    for _ in range(runs):
        for name, fn in cases.items():
            times[name].append(fn())
    return {name: statistics.median(ts) for name, ts in times.items()}


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 31
    with tempfile.TemporaryDirectory() as tmp:
        env = dojo_env(tmp)
        env["TERM"] = env.get("TERM") or "xterm"
        lua_env = dict(env, HOME=tmp)  # lua5.4 -i: no user's ~/.inputrc history
        m = interleaved({
            "lua": lambda: run_once(["lua5.4", "-e", "print(1)"], env),
            "dojo": lambda: run_once([DOJO, "-e", "return 1"], env),
            "lua_cpu": lambda: cpu_once(["lua5.4", "-e", "print(1)"], env),
            "dojo_cpu": lambda: cpu_once([DOJO, "-e", "return 1"], env),
            "lua_repl": lambda: prompt_once(["lua5.4", "-i"], lua_env),
            "dojo_repl": lambda: prompt_once([DOJO], env),
        }, runs)
        check = statistics.median(run_once([DOJO, "check", "limiter", "--reference"], env)
                                  for _ in range(max(5, runs // 3)))
    print(f"lua5.4 -e 'print(1)'            median {m['lua'] * 1000:7.2f} ms")
    print(f"dojo -e 'return 1'              median {m['dojo'] * 1000:7.2f} ms  "
          f"({m['dojo'] / m['lua']:.2f}x lua5.4)")
    print(f"  the same, CPU time            {m['dojo_cpu'] * 1000:7.2f} ms  "
          f"({m['dojo_cpu'] / m['lua_cpu']:.2f}x lua5.4's {m['lua_cpu'] * 1000:.2f} ms)")
    print(f"lua5.4 -i, first prompt         median {m['lua_repl'] * 1000:7.2f} ms")
    print(f"dojo REPL, first prompt         median {m['dojo_repl'] * 1000:7.2f} ms  "
          f"({m['dojo_repl'] / m['lua_repl']:.2f}x lua5.4 -i)")
    print(f"dojo check limiter --reference  median {check * 1000:7.2f} ms")
    print(f"closing: -e {m['dojo'] / m['lua']:.2f}x lua5.4 (CPU {m['dojo_cpu'] / m['lua_cpu']:.2f}x); REPL ready "
          f"{m['dojo_repl'] / m['lua_repl']:.2f}x lua5.4 -i")


if __name__ == "__main__":
    main()
