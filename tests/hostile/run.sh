#!/usr/bin/env bash
# tests/hostile/run.sh DOJO SOURCE_ROOT: grades every hostile submission in
# cases/ in every grading mode and checks that none passes a test, each ends
# within its limits with the verdict its header names, no file outside the
# work folder is written or removed, and the grader still grades an honest
# submission afterwards.
#
# A case is cases/NAME.lua (the module `add`, graded by add_spec.lua) or a
# folder cases/NAME/ holding add.lua (with the header), any other files of
# the submission, optionally spec.lua (the instructor's spec for it; default
# add_spec.lua) and setup.sh (run in the staged submission with SPEC, the
# absolute path of the spec that mode grades with, and CLASSMATE, an honest
# add.lua outside every submission: it makes links), and honest.lua (a
# correct submission for its spec; default: a correct add). Headers in
# add.lua:
#   -- expect: KIND        fail, or an error kind; KIND|KIND for either
#   -- timeout: S          the per-test limit (default 0.5 s)
#   -- in-process          a timeout must come from the in-process deadline,
#                          not the parent's kill
#   -- tests: N            exactly N results (the runner reported every test)
#   -- class-tests: N      in class modes, exactly N results (tests a failed
#                          block hid are listed there, from the kata's spec)
#
# Modes, run side by side (they mostly wait on deadlines):
#   dir     `dojo grade DIR --spec add_spec.lua` (busted layout, the spec
#           named by the instructor); then the learner-written specs in
#           specs/ run as the folder's own specs: their escapes must fail
#   check   `dojo check add --solution FILE` against a pack holding the case's
#           spec as kata `add`
#   class1, class2   `dojo grade --kata add CLASS --jobs 1|2`: each group of
#           cases sharing a spec and a limit is one class, graded with an
#           honest submission (zz_honest) that must still pass every test;
#           the JUnit report gives each submission's verdicts (a testsuite
#           per submission; a failure, or an error whose type is its kind)
# Exit status 0 when every check held.
set -u
dojo=$1
case $dojo in /*) ;; *) dojo=$PWD/$dojo ;; esac
here="$(cd "$(dirname "$0")" && pwd)"
work=$(mktemp -d)
# The cases name /tmp/dojo-hostile-{canary,pwned,evil}; staging rewrites
# them to names of this run's own (see localize), so runs side by side (other
# checkouts on one machine) never see each other's files.
canary=/tmp/dojo-hostile-$$-canary
pwned=/tmp/dojo-hostile-$$-pwned
evil=/tmp/dojo-hostile-$$-evil.lua
trap 'rm -rf "$work" "$canary" "$evil" "$pwned"' EXIT
echo 'return "escaped"' > "$evil"
export NO_COLOR=1 DOJO_HOME="$work/home" XDG_STATE_HOME="$work/state" XDG_DATA_HOME="$work/data"
rm -f "$pwned"
echo "canary" > "$canary"
mkdir -p "$work/classmate" "$work/logs"
classmate="$work/classmate/add.lua"
echo 'return function(a, b) return a + b end' > "$classmate"

# localize FILE...: this run's names for the canary, pwned and evil files.
localize() {
  sed -i -e "s|/tmp/dojo-hostile-canary|$canary|g" -e "s|/tmp/dojo-hostile-pwned|$pwned|g" \
    -e "s|tmp/dojo-hostile-evil|tmp/dojo-hostile-$$-evil|g" "$@"
}

header() { sed -n "s/^-- $1: //p" "$2" | head -n1; }
case_file() { if [ -d "$1" ]; then echo "$1/add.lua"; else echo "$1"; fi; }
case_spec() { if [ -f "$1/spec.lua" ]; then echo "$1/spec.lua"; else echo "$here/add_spec.lua"; fi; }
spec_key() { if [ -f "$1/spec.lua" ]; then basename "$1"; else echo add; fi; }

# make_pack KEY SPEC: a pack whose kata `add` is graded by SPEC; echoes it.
make_pack() {
  local pack="$work/packs/$1"
  if [ ! -d "$pack" ]; then
    mkdir -p "$pack/katas/hostile/add"
    cp "$2" "$pack/katas/hostile/add/spec.lua"
    localize "$pack/katas/hostile/add/spec.lua"
    cat > "$pack/katas/hostile/add/kata.lua" <<'LUA'
return { title = "add", concept = "hostile", difficulty = 1, module = "add",
         summary = "adds two numbers", hints = { "a", "b", "c" } }
LUA
  fi
  echo "$pack"
}

# stage CASE DEST SPEC: the submission of CASE in DEST, set up against SPEC.
stage() {
  mkdir -p "$2"
  if [ -d "$1" ]; then
    (cd "$1" && find . -maxdepth 1 -type f ! -name spec.lua ! -name setup.sh ! -name honest.lua -exec cp {} "$2/" \;)
    if [ -f "$1/setup.sh" ]; then
      (cd "$2" && SPEC="$3" CLASSMATE="$classmate" bash "$1/setup.sh") || echo "setup of $1 failed"
    fi
  else
    cp "$1" "$2/add.lua"
  fi
  find "$2" -maxdepth 1 -type f -name '*.lua' -exec sed -i -e "s|/tmp/dojo-hostile-canary|$canary|g" \
    -e "s|/tmp/dojo-hostile-pwned|$pwned|g" -e "s|tmp/dojo-hostile-evil|tmp/dojo-hostile-$$-evil|g" {} +
}

# judge MODE NAME CASE OUT RC SECS: the checks on one TAP report; prints a
# line per failed check (the caller counts them).
judge() {
  local mode=$1 name=$2 file out=$4 rc=$5 secs=$6 expect inproc ntests limit
  file=$(case_file "$3")
  expect=$(header expect "$file")
  ntests=$(header tests "$file")
  inproc=$(grep -c '^-- in-process' "$file")
  if [ "$rc" != 1 ]; then echo "FAIL $mode $name: exit status $rc, wanted 1"; echo "$out" | head -20; fi
  if echo "$out" | grep -qE '^ok [0-9]+ '; then echo "FAIL $mode $name: a test passed"; echo "$out" | grep -E '^ok '; fi
  if [ "$expect" = fail ]; then
    echo "$out" | grep -q 'severity: fail' || { echo "FAIL $mode $name: wanted a fail verdict"; echo "$out" | head -20; }
  else
    # "a|b": either verdict is right (a deep recursion may hit the deadline
    # before the stack limit on a slow, sanitized build).
    echo "$out" | grep -qE "(kind: ($expect)\$)|(severity: ($expect)\$)" ||
      { echo "FAIL $mode $name: wanted $expect"; echo "$out" | head -30; }
  fi
  if [ "$inproc" != 0 ] && echo "$out" | grep -q 'so it was killed'; then
    echo "FAIL $mode $name: the timeout came from the parent's kill, not the in-process deadline"
  fi
  if [ -n "$ntests" ] && [ "$(echo "$out" | grep -cE '^(not )?ok [0-9]+ ')" != "$ntests" ]; then
    echo "FAIL $mode $name: wanted $ntests results"; echo "$out" | grep -E '^(not )?ok '
  fi
  echo "$out" | tail -n1 | grep -qE '^(# )?[0-9]+ passed, [0-9]+ failed' || echo "FAIL $mode $name: no closing line"
  # Three tests, each at most its limit plus the parent's kill grace (2 s),
  # and room for a loaded machine.
  limit=$(header timeout "$file")
  if [ "$(echo "$secs > 3 * (${limit:-0.5} + 2) + 15" | bc)" = 1 ]; then echo "FAIL $mode $name: took ${secs}s"; fi
  if echo "$out" | grep -q "$work/packs"; then echo "FAIL $mode $name: the report shows the kata's absolute path"; fi
  [ -f "$canary" ] && [ "$(cat "$canary")" = canary ] || echo "FAIL $mode $name: the canary file was touched"
  [ -e "$pwned" ] && echo "FAIL $mode $name: wrote $pwned"
  printf "%-8s %-32s %-26s %5.2fs\n" "$mode" "$name" "$expect" "$secs" >&2
}

# run_timed VAR CMD...: runs CMD, storing output in VAR_out, status, seconds.
run_timed() {
  local start
  start=$(date +%s.%N)
  out=$(timeout 120 "$@" 2>&1)
  rc=$?
  secs=$(echo "$(date +%s.%N) - $start" | bc)
}

cases=("$here"/cases/*.lua "$here"/cases/*/)

# mine I PART PARTS: 0 when case number I is in part PART of PARTS.
mine() { [ $(($1 % $3)) = "$2" ]; }

mode_dir() {
  local part=$1 parts=$2 i=0 c name dir limit out rc secs
  for c in "${cases[@]}"; do
    i=$((i + 1)); mine $i "$part" "$parts" || continue
    c=${c%/}
    name=$(basename "$c" .lua)
    dir="$work/dir/$name"
    mkdir -p "$dir"
    cp "$(case_spec "$c")" "$dir/add_spec.lua"
    localize "$dir/add_spec.lua"
    stage "$c" "$dir" "$dir/add_spec.lua"
    limit=$(header timeout "$(case_file "$c")")
    run_timed "$dojo" grade "$dir" --spec add_spec.lua --format tap --timeout "${limit:-0.5}" --memory 64
    judge dir "$name" "$c" "$out" "$rc" "$secs"
    [ -z "$(find "$dir" -newer "$dir/add_spec.lua" -type f ! -name '*.lua' ! -name '*.txt' 2>/dev/null)" ] ||
      echo "FAIL dir $name: left files in its folder"
  done
  [ "$part" = 0 ] || return 0
  # A learner's own spec files, run as specs: the spec world is sandboxed.
  for c in "$here"/specs/*_spec.lua; do
    name=$(basename "$c" .lua)
    dir="$work/dir-specs/$name"
    mkdir -p "$dir"
    cp "$c" "$dir/"
    localize "$dir/$(basename "$c")"
    cp "$classmate" "$dir/add.lua"
    run_timed "$dojo" grade "$dir" --format tap --timeout 2 --memory 64
    if [ "$rc" != 1 ]; then echo "FAIL spec $name: exit status $rc, wanted 1"; echo "$out" | head; fi
    if echo "$out" | grep -qE '^ok [0-9]+ '; then echo "FAIL spec $name: an escape worked"; echo "$out" | grep -E '^ok '; fi
    [ -f "$canary" ] && [ "$(cat "$canary")" = canary ] || echo "FAIL spec $name: the canary file was touched"
    [ -e "$pwned" ] && echo "FAIL spec $name: wrote $pwned"
    printf "%-8s %-32s %-26s %5.2fs\n" spec "$name" "no escape" "$secs" >&2
  done
  dir="$work/dir/zz_honest"
  mkdir -p "$dir"
  cp "$here/add_spec.lua" "$dir/"
  cp "$classmate" "$dir/add.lua"
  out=$("$dojo" grade "$dir" --spec add_spec.lua --format tap --timeout 0.5 --memory 64 2>&1) ||
    echo "FAIL dir honest: an honest solution did not pass: $out"
  echo "$out" | tail -n1 | grep -qxE '(# )?3 passed, 0 failed' || echo "FAIL dir honest: wanted 3 passed: $out"
}

mode_check() {
  local part=$1 parts=$2 i=0 c name dir limit pack out rc secs
  for c in "${cases[@]}"; do
    i=$((i + 1)); mine $i "$part" "$parts" || continue
    c=${c%/}
    name=$(basename "$c" .lua)
    pack=$(make_pack "$(spec_key "$c")" "$(case_spec "$c")")
    dir="$work/check/$name"
    stage "$c" "$dir" "$pack/katas/hostile/add/spec.lua"
    limit=$(header timeout "$(case_file "$c")")
    run_timed env DOJO_PACK="$pack" "$dojo" check add --solution "$dir/add.lua" --format tap \
      --timeout "${limit:-0.5}" --memory 64
    judge check "$name" "$c" "$out" "$rc" "$secs"
  done
  [ "$part" = 0 ] || return 0
  pack=$(make_pack add "$here/add_spec.lua")
  out=$(DOJO_PACK="$pack" "$dojo" check add --solution "$classmate" --format tap --timeout 0.5 --memory 64 2>&1) ||
    echo "FAIL check honest: an honest solution did not pass: $out"
}

# mode_class JOBS: one class per (spec, limit) group, with an honest
# submission; statuses read from the JSON report.
mode_class() {
  local jobs=$1 parts=$2 i=0 c name key limit group pack class ntests
  for c in "${cases[@]}"; do
    i=$((i + 1))
    c=${c%/}
    name=$(basename "$c" .lua)
    key=$(spec_key "$c")
    limit=$(header timeout "$(case_file "$c")")
    group="$key-${limit:-0.5}-$((i % parts))"
    pack=$(make_pack "$key" "$(case_spec "$c")")
    class="$work/class$jobs/$group"
    stage "$c" "$class/$name" "$pack/katas/hostile/add/spec.lua"
    ntests=$(header class-tests "$(case_file "$c")")
    printf '%s\t%s\t%s\t%s\n' "$name" "$(header expect "$(case_file "$c")")" \
      "$(grep -c '^-- in-process' "$(case_file "$c")")" "${ntests:-$(header tests "$(case_file "$c")")}" >> "$class.expect"
    echo "$pack" > "$class.pack"
    echo "${limit:-0.5}" > "$class.limit"
    if [ -f "$c/honest.lua" ]; then echo "$c/honest.lua" > "$class.honest"; else echo "$classmate" > "$class.honest"; fi
  done
  for class in "$work/class$jobs"/*/; do
    grade_class "$jobs" "${class%/}" > "${class%/}.log" 2>&1 &
  done
  wait
  cat "$work/class$jobs"/*.log
}

# grade_class JOBS CLASS: grades one class folder and checks its report.
grade_class() {
  local jobs=$1 class=$2 start rc secs
  mkdir -p "$class/zz_honest"
  cp "$(cat "$class.honest")" "$class/zz_honest/add.lua"
  start=$(date +%s.%N)
  timeout 300 env DOJO_PACK="$(cat "$class.pack")" "$dojo" grade --kata add "$class" --jobs "$jobs" \
    --format junit --timeout "$(cat "$class.limit")" --memory 64 --output "$class.xml" >/dev/null 2>&1
  rc=$?
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  [ "$rc" = 1 ] || echo "FAIL class$jobs $(basename "$class"): exit status $rc, wanted 1"
  python3 - "$class.xml" "$class.expect" "class$jobs" "$work/packs" <<'PY'
import sys
import xml.etree.ElementTree as ET
report, expect, mode, packs = sys.argv[1:5]
text = open(report).read()
if packs in text:
  print(f"FAIL {mode}: the report shows the kata's absolute path")
by_sub = {}
try:
  root = ET.fromstring(text)
except ET.ParseError as e:
  print(f"FAIL {mode}: the JUnit report is not well-formed XML: {e}")
  root = ET.fromstring("<testsuites/>")
for suite in root.iter("testsuite"):
  cases = by_sub.setdefault(suite.get("name"), [])
  for case in suite.iter("testcase"):
    failure, error, skipped = case.find("failure"), case.find("error"), case.find("skipped")
    if failure is not None:
      cases.append(("fail", failure.get("message", "") + (failure.text or "")))
    elif error is not None:
      cases.append((error.get("type", "error"), error.get("message", "") + (error.text or "")))
    elif skipped is not None:
      cases.append(("skipped", ""))
    else:
      cases.append(("pass", ""))
honest = by_sub.get("zz_honest", [])
if not honest or any(v != "pass" for v, _ in honest):
  print(f"FAIL {mode}: the honest submission did not pass: {[(v, m[:200]) for v, m in honest]}")
for line in open(expect):
  name, want, inproc, ntests = line.rstrip("\n").split("\t")
  got = by_sub.get(name, [])
  verdicts = [v for v, _ in got]
  kinds = set(want.split("|"))
  if not got:
    print(f"FAIL {mode} {name}: no result")
  if "pass" in verdicts:
    print(f"FAIL {mode} {name}: a test passed")
  if not kinds & set(verdicts):
    print(f"FAIL {mode} {name}: wanted {want}, got {verdicts}")
  if "fail" not in kinds and "fail" in verdicts:
    print(f"FAIL {mode} {name}: wanted errors ({want}), got {verdicts}")
  if inproc != "0" and any("so it was killed" in m for _, m in got):
    print(f"FAIL {mode} {name}: the timeout came from the parent's kill")
  if ntests and len(got) != int(ntests):
    print(f"FAIL {mode} {name}: wanted {ntests} results, got {len(got)}")
PY
  [ -f "$canary" ] && [ "$(cat "$canary")" = canary ] || echo "FAIL class$jobs: the canary file was touched"
  [ -e "$pwned" ] && echo "FAIL class$jobs: wrote $pwned"
  printf "%-8s %-32s %-26s %5.2fs\n" "class$jobs" "$(basename "$class")" "(whole class)" "$secs" >> "$work/logs/class$jobs.times"
}

# Side by side: two halves of dir and of check, the --jobs 1 classes in
# three parts (each still graded with --jobs 1), the --jobs 2 class whole.
# A sanitized build (several times slower: a memory bomb could meet its
# deadline before the cap) runs two streams only.
if grep -q __asan_init "$dojo" 2>/dev/null; then
  { mode_dir 0 1 > "$work/logs/dir0" 2>"$work/logs/dir0.times"; : > "$work/logs/dir1"
    mode_class 1 1 > "$work/logs/class1" 2>&1; } &
  { mode_check 0 1 > "$work/logs/check0" 2>"$work/logs/check0.times"; : > "$work/logs/check1"
    mode_class 2 1 > "$work/logs/class2" 2>&1; } &
else
  mode_dir 0 2 > "$work/logs/dir0" 2>"$work/logs/dir0.times" &
  mode_dir 1 2 > "$work/logs/dir1" 2>"$work/logs/dir1.times" &
  mode_check 0 2 > "$work/logs/check0" 2>"$work/logs/check0.times" &
  mode_check 1 2 > "$work/logs/check1" 2>"$work/logs/check1.times" &
  mode_class 1 3 > "$work/logs/class1" 2>&1 &
  mode_class 2 1 > "$work/logs/class2" 2>&1 &
fi
wait

cat "$work"/logs/*.times
cat "$work"/logs/dir? "$work"/logs/check? "$work"/logs/class1 "$work"/logs/class2
failures=$(cat "$work"/logs/dir? "$work"/logs/check? "$work"/logs/class1 "$work"/logs/class2 | grep -c '^FAIL')
echo "$failures hostile checks failed"
[ "$failures" = 0 ]
