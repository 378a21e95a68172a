#!/usr/bin/env python3
"""bench/progress_db.py: what the SQLite progress store costs.
  - REPL start-up (in a pseudo-terminal: greeting, then Ctrl-D; wall time
    to the prompt and to exit, and the process's CPU time, which a loaded
    shared machine disturbs less) with the
    database against DOJO_DB=off, the same binary in the same run; the
    database holds a learner's worth of records (a lesson read, attempts,
    reviews), so the greeting's next step is computed from real data;
  - `dojo -e 'return 1'` with DOJO_DB set against DOJO_DB=off (it must not
    open the store at all);
  - the time to record one attempt and one review, from bench_progress
    (build/tests/bench_progress), against writing the old text store.
Prints medians and differences; no pass/fail."""
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time

from common import DOJO, ROOT, dojo_env


def repl_once(env):
    """(seconds to the first prompt, seconds to exit, CPU seconds of the
    whole process) of the REPL spawned on
    a pty; Ctrl-D is sent once the prompt shows (readline has the terminal
    by then). Exit includes closing the store (a WAL checkpoint)."""
    master, slave = pty.openpty()
    t0 = time.perf_counter()
    p = subprocess.Popen([DOJO], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    buf = b""
    deadline = time.monotonic() + 10
    while b"Ctrl-D to leave" not in buf or not buf.rstrip(b" ").endswith(b">"):
        r, _, _ = select.select([master], [], [], 0.5)
        if time.monotonic() > deadline:
            p.kill()
            raise RuntimeError("the REPL did not show its prompt: %r" % buf)
        if r:
            try:
                buf += os.read(master, 4096)
            except OSError:
                break
    ready = time.perf_counter() - t0
    os.write(master, b"\x04")
    while True:
        r, _, _ = select.select([master], [], [], 0.5)
        if time.monotonic() > deadline:
            p.kill()
            raise RuntimeError("the REPL did not leave on Ctrl-D")
        if r:
            try:
                if not os.read(master, 4096):
                    break
            except OSError:
                break
        elif p.poll() is not None:
            break
    _, _, ru = os.wait4(p.pid, 0)
    p.returncode = 0
    os.close(master)
    return ready, time.perf_counter() - t0, ru.ru_utime + ru.ru_stime


def run_time(cmd, env):
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 41
    with tempfile.TemporaryDirectory() as tmp:
        env = dojo_env(tmp)
        env["XDG_DATA_HOME"] = os.path.join(tmp, "data")
        env["TERM"] = "xterm"
        # A learner's worth of history.
        subprocess.run([DOJO, "learn", "closures"], env=env, stdout=subprocess.DEVNULL, check=False)
        fix = os.path.join(ROOT, "tests", "fixtures", "limiter")
        for sol in ("wrong", "right", "wrong"):
            subprocess.run([DOJO, "check", "limiter", "--solution", os.path.join(fix, sol, "limiter.lua")],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        subprocess.run([DOJO, "quiz", "closures"], env=env, input=b"15 11\n2 3\n", stdout=subprocess.DEVNULL,
                       check=False)
        off = dict(env, DOJO_DB="off")
        # Interleave the two so drift on a shared machine hits both alike.
        with_db, without = [], []
        for _ in range(runs):
            with_db.append(repl_once(env))
            without.append(repl_once(off))
        for i, what in ((0, "to the prompt"), (1, "to exit after Ctrl-D"), (2, "CPU time, whole run")):
            a = statistics.median(r[i] for r in with_db)
            b = statistics.median(r[i] for r in without)
            print(f"REPL start-up {what:<22} DOJO_DB=off {b * 1000:7.2f} ms,"
                  f" with the store {a * 1000:7.2f} ms  (+{(a - b) * 1000:.2f} ms, {a / b:.2f}x)")
        e_db, e_off = [], []
        for _ in range(runs):
            e_db.append(run_time([DOJO, "-e", "return 1"], env))
            e_off.append(run_time([DOJO, "-e", "return 1"], off))
        e_db, e_off = statistics.median(e_db), statistics.median(e_off)
        print(f"dojo -e, DOJO_DB=off            median {e_off * 1000:7.2f} ms")
        print(f"dojo -e, DOJO_DB set            median {e_db * 1000:7.2f} ms  ({e_db / e_off:.2f}x)")
        bench = os.path.join(os.path.dirname(DOJO), "tests", "bench_progress")
        if os.path.exists(bench):
            out = subprocess.run([bench, os.path.join(tmp, "bench.db"), "2000"], capture_output=True,
                                 text=True, check=False).stdout
            print(out, end="")
        else:
            print(f"({bench} not built: no per-record figures)")


if __name__ == "__main__":
    main()
