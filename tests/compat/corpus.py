#!/usr/bin/env python3
"""corpus.py: compares dojo's verdicts with the real busted's on a corpus of
busted-layout exercises (e.g. Exercism's Lua track, kept outside the repo),
for the example solution and for generated wrong solutions.

    python3 tests/compat/corpus.py CORPUS [--dojo build/dojo] [--only SLUG...]
                                          [--variants example,empty,...] [-v]

CORPUS holds one folder per exercise: <slug>_spec.lua (or any *_spec.lua),
the solution module(s), helper files, and .meta/example.lua, a copy of the
module the spec tests (used to tell the solution apart from helpers). Each
exercise is graded in a fresh temporary copy, once per variant:

  example  the folder as it is (the example solution: everything should pass);
  empty    the solution module replaced by `return {}` (calls on it error);
  raise    the solution module raises when loaded;
  mutN     the example with one operator flipped (the N-th applicable rule of
           MUTATIONS, at its first occurrence): a plausible wrong answer, with
           a mix of passes, failures and errors.

busted runs as tests/compat/record.sh runs it (busted --lua=lua5.4
-o verdicts_output.lua ., busted's default lpath), so a test busted did not run
because a hook failed maps to dojo's cases the same way (see run.sh's header);
dojo runs as `dojo grade . --format tap`. Both run in the copy, busted under a
time limit (a mutant may loop; such variants are left out and counted).
Verdicts are compared per test name (the k-th occurrence of a name with the
k-th), then their order. Prints every difference, and a summary: exercises,
variants and tests compared, tests that agree. Exit status 0 when all agree,
1 when some differ, 2 on bad usage.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
HANDLER = os.path.join(HERE, "verdicts_output.lua")

# (pattern, replacement): the first that occurs in the example makes mut1,
# the second mut2, and so on. Each flips one operator at its first match.
MUTATIONS = [
    (r"==", "~="),
    (r"(?<=[\w)\]]) \+ (?=[\w(])", " - "),
    (r"(?<![<>=~])<(?![<=])", "<="),
    (r"\breturn true\b", "return false"),
    (r"\band\b", "or"),
    (r"\b1\b", "2"),
]
MAX_MUTANTS = 3
BUSTED_TIMEOUT = 20
# dojo's per-test limit: long enough that a loaded machine does not turn
# a slow pass into a timeout (busted has no limit at all).
DOJO_TIMEOUT = 30


def tap_verdicts(text):
    """dojo's TAP -> [(verdict, name, message)], as run.sh's tap_verdicts."""
    out = []
    cur = None
    inmsg = False
    for line in text.splitlines():
        m = re.match(r"^(not )?ok \d+ - (.*)$", line)
        if m:
            if cur:
                out.append(cur)
            name = m.group(2)
            verdict = "fail" if m.group(1) else "pass"
            if not m.group(1) and name.endswith(" # SKIP pending"):
                name, verdict = name[: -len(" # SKIP pending")], "pending"
            name = re.sub(r"\\(.)", r"\1", name)
            cur = [verdict, name, ""]
            inmsg = False
            continue
        if cur is None:
            continue
        if line == "  severity: error":
            cur[0] = "error"
        elif line == "  message: |":
            inmsg = True
        elif inmsg and line.startswith("    "):
            if len(cur[2]) < 300:
                cur[2] += (" / " if cur[2] else "") + line.strip()
        else:
            inmsg = False
    if cur:
        out.append(cur)
    return [tuple(c) for c in out]


def keyed(pairs):
    """[(verdict, name, ...)] -> ordered [(name, k)] and {(name, k): item}."""
    seen, order, by = {}, [], {}
    for item in pairs:
        seen[item[1]] = seen.get(item[1], 0) + 1
        key = (item[1], seen[item[1]])
        order.append(key)
        by[key] = item
    return order, by


def module_files(folder):
    """The files of FOLDER that hold the example solution (same bytes as
    .meta/example.lua), relative names."""
    ex = os.path.join(folder, ".meta", "example.lua")
    if not os.path.isfile(ex):
        return []
    with open(ex, "rb") as f:
        want = f.read()
    found = []
    for name in sorted(os.listdir(folder)):
        p = os.path.join(folder, name)
        if name.endswith(".lua") and not name.endswith("_spec.lua") and os.path.isfile(p):
            with open(p, "rb") as f:
                if f.read() == want:
                    found.append(name)
    return found


def variants(folder, wanted):
    """[(variant name, {file: new text} or None)] for FOLDER."""
    mods = module_files(folder)
    out = [("example", {})]
    if not mods:
        return out
    with open(os.path.join(folder, mods[0]), encoding="utf-8", errors="replace") as f:
        src = f.read()
    out.append(("empty", {m: "return {}\n" for m in mods}))
    out.append(("raise", {m: "error('this solution does not load')\n" for m in mods}))
    n = 0
    for pat, rep in MUTATIONS:
        new, count = re.subn(pat, rep, src, count=1)
        if count and new != src:
            n += 1
            out.append(("mut%d" % n, {m: new for m in mods}))
            if n == MAX_MUTANTS:
                break
    return [v for v in out if wanted is None or re.sub(r"\d+$", "", v[0]) in wanted or v[0] in wanted]


def run_busted(work):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LUA_")}
    try:
        p = subprocess.run(
            ["busted", "--lua=lua5.4", "-o", HANDLER, "."],
            cwd=work, env=env, capture_output=True, text=True, timeout=BUSTED_TIMEOUT,
            stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None, "busted timed out"
    # The handler's lines come last; what the code printed comes before.
    lines = [l for l in p.stdout.splitlines() if re.match(r"^(pass|fail|error|pending) ", l)]
    if p.returncode > 1 or p.stderr.strip() or not lines:
        return None, "busted: status %d: %s" % (p.returncode, (p.stderr.strip() or p.stdout.strip())[:300])
    return [tuple(l.split(" ", 1)) for l in lines], None


def run_dojo(dojo, work):
    env = dict(os.environ, NO_COLOR="1", DOJO_HOME=os.path.join(work, ".dojo-home"))
    env.pop("DOJO_PACK", None)
    p = subprocess.run([dojo, "grade", ".", "--format", "tap", "--timeout", str(DOJO_TIMEOUT)],
                       cwd=work, env=env, capture_output=True, text=True,
                       stdin=subprocess.DEVNULL, timeout=600)
    return p.returncode, tap_verdicts(p.stdout), p.stderr.strip()


def unstable(dojo, work, bres, dres, runs=3):
    """True when busted's or dojo's verdicts on WORK vary over RUNS more runs."""
    for _ in range(runs):
        b, _why = run_busted(work)
        if b != bres:
            return True
        _rc, d, _err = run_dojo(dojo, work)
        if [v[:2] for v in d] != [v[:2] for v in dres]:
            return True
    return False


def compare(label, busted, dojo_cases, verbose):
    """Prints differences; returns (tests compared, tests agreeing)."""
    border, bby = keyed(busted)
    dorder, dby = keyed(dojo_cases)
    agree = 0
    diffs = []
    for key in border:
        bv = bby[key][0]
        if key not in dby:
            diffs.append('"%s": busted %s, dojo (no such case)' % (key[0], bv))
        elif dby[key][0] != bv:
            diffs.append('"%s": busted %s, dojo %s\n      dojo: %s' % (key[0], bv, dby[key][0], dby[key][2]))
        else:
            agree += 1
    for key in dorder:
        if key not in bby:
            diffs.append('"%s": busted (no such test), dojo %s\n      dojo: %s' % (key[0], dby[key][0], dby[key][2]))
    if not diffs and border != dorder:
        diffs.append("same verdicts, different order")
        agree = 0
    for d in diffs:
        print("  %s: %s" % (label, d))
    if verbose and not diffs:
        print("  %s: %d tests agree" % (label, agree))
    return len(border), agree, not diffs


def main():
    ap = argparse.ArgumentParser(description="compare dojo with busted on a corpus of exercises")
    ap.add_argument("corpus")
    ap.add_argument("--dojo", default=os.path.join(HERE, "..", "..", "build", "dojo"))
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--variants", help="comma-separated: example,empty,raise,mut")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    dojo = os.path.abspath(a.dojo)
    if not os.access(dojo, os.X_OK) or not os.path.isdir(a.corpus) or not shutil.which("busted"):
        print("corpus.py: need an executable --dojo, a CORPUS folder and busted on PATH", file=sys.stderr)
        return 2
    wanted = set(a.variants.split(",")) if a.variants else None
    slugs = sorted(d for d in os.listdir(a.corpus)
                   if os.path.isdir(os.path.join(a.corpus, d)) and not d.startswith("."))
    if a.only:
        slugs = [s for s in slugs if s in a.only]
    tot = {"ex": 0, "var": 0, "tests": 0, "agree": 0, "var_ok": 0, "skipped": 0}
    for slug in slugs:
        src = os.path.join(a.corpus, slug)
        tot["ex"] += 1
        for vname, edits in variants(src, wanted):
            label = "%s/%s" % (slug, vname)
            with tempfile.TemporaryDirectory(prefix="dojo-corpus.") as tmp:
                work = os.path.join(tmp, slug)
                shutil.copytree(src, work, ignore=shutil.ignore_patterns(".meta"))
                for name, text in edits.items():
                    with open(os.path.join(work, name), "w", encoding="utf-8") as f:
                        f.write(text)
                bres, why = run_busted(work)
                if bres is None:
                    print("  %s: left out (%s)" % (label, why))
                    tot["skipped"] += 1
                    continue
                # busted may have written files; grade a clean copy again.
                shutil.rmtree(work)
                shutil.copytree(src, work, ignore=shutil.ignore_patterns(".meta"))
                for name, text in edits.items():
                    with open(os.path.join(work, name), "w", encoding="utf-8") as f:
                        f.write(text)
                rc, dres, err = run_dojo(dojo, work)
                if rc > 1:
                    print("  %s: dojo exited %d: %s" % (label, rc, err[:300]))
                if [v[:2] for v in dres] != [tuple(v) for v in bres] and unstable(dojo, work, bres, dres):
                    # Verdicts that change from run to run (math.random
                    # without a seed, time): no comparison to be made.
                    print("  %s: left out (verdicts change from run to run)" % label)
                    tot["skipped"] += 1
                    continue
                n, ok, same = compare(label, bres, dres, a.verbose)
                want_rc = 0 if all(v in ("pass", "pending") for v, _ in bres) else 1
                if rc != want_rc and rc <= 1:
                    print("  %s: dojo exited %d, busted's verdicts call for %d" % (label, rc, want_rc))
                    same = False
                tot["var"] += 1
                tot["tests"] += n
                tot["agree"] += ok
                tot["var_ok"] += same and rc == want_rc
    print("corpus.py: %(ex)d exercises, %(var)d variants (%(skipped)d left out), "
          "%(tests)d test verdicts compared, %(agree)d agree; "
          "%(var_ok)d of %(var)d variants agree in full" % tot)
    return 0 if tot["var_ok"] == tot["var"] else 1


if __name__ == "__main__":
    sys.exit(main())
