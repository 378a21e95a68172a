#!/usr/bin/env bash
# kill_quiz.sh: the kill -9 loop against the dojo binary itself: 60 runs of
# `dojo quiz` (fixture pack, the clock a day later each run so its three
# questions are due again) and of `dojo check`, each killed with SIGKILL
# at a random moment. After every kill the database passes
# PRAGMA integrity_check and holds every review dojo had reported as
# recorded ("(next time: ...)") and every attempt of a check that finished.
# (tests/test_progress.c runs the 200-kill loop on the store's own code.)
#
#   bash tests/integration/kill_quiz.sh /path/to/dojo /path/to/source-root
set -u

DOJO=${1:?usage: kill_quiz.sh /path/to/dojo /path/to/source-root}
SRC=${2:?usage: kill_quiz.sh /path/to/dojo /path/to/source-root}
case $DOJO in /*) ;; *) DOJO=$PWD/$DOJO ;; esac
case $SRC in /*) ;; *) SRC=$PWD/$SRC ;; esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dojo-kill.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP
export DOJO_HOME=$TMP/home XDG_STATE_HOME=$TMP/state XDG_DATA_HOME=$TMP/data NO_COLOR=1
unset DOJO_DB DOJO_NOW

python3 - "$DOJO" "$SRC" "$XDG_DATA_HOME/dojo/progress.db" <<'EOF'
import os, random, signal, sqlite3, subprocess, sys, time

dojo, src, db = sys.argv[1:4]
env = dict(os.environ)
seed = int(time.time())
random.seed(seed)
answers = ("2 3\nb\na closure captured it\n\n3\n" * 4).encode()
right = os.path.join(src, "tests", "fixtures", "limiter", "right", "limiter.lua")
now = int(time.time())
reported_reviews = finished_checks = 0
failures = 0

def count(sql):
    """sql's one value; 0 when the table is not there yet (a run killed
    while it created the file leaves an empty database, version 0)."""
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchone()[0]
    except sqlite3.OperationalError as e:
        if "no such table" not in str(e):
            raise
        return 0
    finally:
        con.close()

def run_env(quiz, when):
    if quiz:
        return [dojo, "quiz"], dict(env, DOJO_PACK=os.path.join(src, "tests", "fixtures", "quiz"), DOJO_NOW=str(when))
    return [dojo, "check", "limiter", "--solution", right], env

# How long a whole run takes on this machine (a sanitizer build is several
# times slower): kills then land anywhere from the start to just past the end.
span = {}
for quiz in (True, False):
    cmd, e = run_env(quiz, now)
    t0 = time.monotonic()
    subprocess.run(cmd, input=answers if quiz else b"", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=e)
    span[quiz] = (time.monotonic() - t0) * 1.2
reported_reviews = count("SELECT count(*) FROM reviews")
finished_checks = count("SELECT count(*) FROM attempts")

for rnd in range(60):
    now += 86400
    quiz = rnd % 2 == 0
    cmd, e = run_env(quiz, now)
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=e)
    try:
        p.stdin.write(answers if quiz else b"")
        p.stdin.close()
    except BrokenPipeError:
        pass
    time.sleep(random.uniform(0, span[quiz]))
    p.kill()
    out = p.stdout.read()
    p.wait()
    killed = p.returncode == -signal.SIGKILL
    if quiz:
        reported_reviews += out.decode(errors="replace").count("(next time:")
    elif not killed and p.returncode == 0:
        finished_checks += 1
    if not os.path.exists(db):
        continue
    ok = count("PRAGMA integrity_check")
    reviews = count("SELECT count(*) FROM reviews")
    attempts = count("SELECT count(*) FROM attempts")
    if ok != "ok":
        print(f"FAIL round {rnd} (seed {seed}): integrity_check says {ok}", file=sys.stderr)
        failures += 1
    if reviews < reported_reviews:
        print(f"FAIL round {rnd} (seed {seed}): {reported_reviews} reviews reported, {reviews} stored", file=sys.stderr)
        failures += 1
    if attempts < finished_checks:
        print(f"FAIL round {rnd} (seed {seed}): {finished_checks} checks finished, {attempts} attempts stored", file=sys.stderr)
        failures += 1

if reported_reviews == 0:
    print("FAIL: no run got as far as recording a review: the loop tested nothing", file=sys.stderr)
    failures += 1
print(f"kill_quiz.sh: 60 SIGKILLs, {reported_reviews} reviews reported, {finished_checks} checks finished (seed {seed})")
sys.exit(1 if failures else 0)
EOF
