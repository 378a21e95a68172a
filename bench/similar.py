#!/usr/bin/env python3
"""bench/similar.py: `dojo similar` on generated classes of 30, 300, 500
and 2000 submissions (about 120 lines of random Lua each, from a small
grammar, seeded), with 10 planted pairs: a copy with every name renamed and
its functions shuffled. Prints the median wall time of 3 runs per size, the
ratio of time and of pairs against the 30-submission class measured in the
same run (pairs grow as n^2; the inverted index keeps time near n), and how
many planted pairs were flagged among the 20 best (and how many others).
    python3 bench/similar.py [RUNS]"""
import csv
import io
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time

from common import DOJO, dojo_env

KEYWORDS = {"and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
            "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while"}


class Gen:
    """A random Lua program from a small grammar; names from its own pool."""

    def __init__(self, rng):
        self.r = rng
        self.names = [self.word() for _ in range(12)]

    def word(self):
        return "".join(self.r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(self.r.randint(3, 8)))

    def name(self):
        return self.r.choice(self.names)

    def expr(self, depth=0):
        k = self.r.randint(0, 9 if depth < 2 else 3)
        if k == 0:
            return self.name()
        if k == 1:
            return str(self.r.randint(0, 999))
        if k == 2:
            return '"%s"' % self.word()
        if k == 3:
            return "%s.%s" % (self.name(), self.name())
        if k == 4:
            return "%s(%s)" % (self.name(), self.expr(depth + 1))
        if k == 5:
            return "%s %s %s" % (self.expr(depth + 1), self.r.choice(["+", "-", "*", "..", "//"]),
                                 self.expr(depth + 1))
        if k == 6:
            return "{ %s = %s }" % (self.name(), self.expr(depth + 1))
        if k == 7:
            return "%s[%s]" % (self.name(), self.expr(depth + 1))
        if k == 8:
            return "not %s" % self.expr(depth + 1)
        return "#%s" % self.name()

    def block(self, ind, depth):
        return [line for _ in range(self.r.randint(1, 4)) for line in self.stmt(ind, depth)]

    def stmt(self, ind, depth):
        pad = "  " * ind
        k = self.r.randint(0, 6 if depth < 2 else 2)
        if k == 0:
            return [f"{pad}local {self.name()} = {self.expr()}"]
        if k == 1:
            return [f"{pad}{self.name()} = {self.expr()}"]
        if k == 2:
            return [f"{pad}{self.name()}({self.expr()}, {self.expr()})"]
        if k == 3:
            c = self.r.choice(["==", "~=", "<", ">="])
            return ([f"{pad}if {self.expr()} {c} {self.expr()} then"] + self.block(ind + 1, depth + 1) +
                    [f"{pad}end"])
        if k == 4:
            return ([f"{pad}for i = 1, {self.expr()} do"] + self.block(ind + 1, depth + 1) + [f"{pad}end"])
        if k == 5:
            return ([f"{pad}for k, v in pairs({self.name()}) do"] + self.block(ind + 1, depth + 1) +
                    [f"{pad}end"])
        return [f"{pad}while {self.expr()} do"] + self.block(ind + 1, depth + 1) + [f"{pad}end"]

    def function(self):
        lines = [f"local function {self.word()}({self.name()}, {self.name()})"]
        while len(lines) < 14:
            lines += self.block(1, 0)
        return lines + [f"  return {self.expr()}", "end"]

    def program(self):
        return [self.function() for _ in range(8)]


def disguise(functions, rng):
    """The same program with every name renamed and the functions shuffled."""
    text = "\n".join("\n".join(f) for f in rng.sample(functions, len(functions)))
    names = {}

    def rename(m):
        w = m.group(0)
        if w in KEYWORDS or w in ("pairs", "i", "k", "v"):
            return w
        return names.setdefault(w, "v_" + "".join(rng.choice("xyz") for _ in range(6)) + str(len(names)))
    return "-- my own work\n" + re.sub(r"\b[A-Za-z_]\w*\b", rename, text) + "\n"


def make_class(root, n, seed=2003):
    rng = random.Random(seed)
    planted = set()
    os.makedirs(root)
    for i in range(n - 10):
        funcs = Gen(rng).program()
        with open(os.path.join(root, f"s{i:04d}.lua"), "w") as f:
            f.write("\n".join("\n".join(fn) for fn in funcs) + "\n")
        if i < 10:
            with open(os.path.join(root, f"z{i:04d}.lua"), "w") as f:
                f.write(disguise(funcs, rng))
            planted.add((f"s{i:04d}", f"z{i:04d}"))
    return planted


def run(root, env):
    t0 = time.perf_counter()
    p = subprocess.run([DOJO, "similar", root, "--format", "csv", "--top", "20"], env=env,
                       capture_output=True, text=True, check=False)
    dt = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        sys.exit(f"dojo similar {root}: exit {p.returncode}: {p.stderr.strip()}")
    return dt, list(csv.DictReader(io.StringIO(p.stdout)))


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    sizes = [30, 300, 500, 2000]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = dojo_env(tmp)
        for n in sizes:
            root = os.path.join(tmp, f"class{n}")
            planted = make_class(root, n)
            times, rows = [], None
            for _ in range(runs):
                dt, rows = run(root, env)
                times.append(dt)
            flagged = {(r["a"], r["b"]) for r in rows if r["flagged"] == "yes"}
            results[n] = (statistics.median(times), len(planted & flagged), len(flagged - planted))
    base_t = results[sizes[0]][0]
    base_pairs = sizes[0] * (sizes[0] - 1) // 2
    print(f"dojo similar, generated classes (10 planted renamed-and-shuffled copies each), median of {runs}")
    print(f"  {'subs':>5} {'pairs':>9} {'time':>9} {'x pairs':>8} {'x time':>7}  planted found  other flagged")
    for n in sizes:
        t, found, other = results[n]
        pairs = n * (n - 1) // 2
        print(f"  {n:5d} {pairs:9d} {t * 1000:7.1f}ms {pairs / base_pairs:7.0f}x {t / base_t:6.1f}x"
              f"  {found:2d} of 10       {other}")


if __name__ == "__main__":
    main()
