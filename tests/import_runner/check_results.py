#!/usr/bin/env python3
"""check_results.py: checks a results.json against Exercism's test-runner
interface, version 3 (https://exercism.org/docs/building/tooling/test-runners/interface):
the required fields and their types, the allowed statuses, output at most
500 characters, nothing the interface does not define; then what the
fixture expects.
    python3 check_results.py RESULTS.json EXPECTED_STATUS [CHECK...]
CHECK: truncated (every test's output ends with the truncation notice),
fail-message (a failed test says what was expected), no-path=PATH (PATH
appears nowhere), message=TEXT (the top-level message holds TEXT).
Prints one line per problem; exit 0 when there is none."""
import json
import sys

TOP = {"version", "status", "message", "tests"}
PER_TEST = {"name", "status", "message", "output", "test_code", "task_id"}
STATUSES = {"pass", "fail", "error"}


def problems(doc, expected, checks, raw):
    if not isinstance(doc, dict):
        yield "the document is not a JSON object"
        return
    for key in doc.keys() - TOP:
        yield f"unknown top-level key {key!r}"
    if doc.get("version") != 3 or isinstance(doc.get("version"), bool):
        yield f"version is {doc.get('version')!r}, not the number 3"
    status = doc.get("status")
    if status not in STATUSES:
        yield f"status {status!r} is not pass, fail or error"
    if status != expected:
        yield f"status {status!r}, expected {expected!r}"
    message = doc.get("message")
    if status == "error" and not (isinstance(message, str) and message):
        yield "status error without a message"
    if status != "error" and message is not None:
        yield "a message although the status is not error"
    tests = doc.get("tests")
    if not isinstance(tests, list):
        yield "tests is missing or not a list"
        tests = []
    if status in ("pass", "fail") and not tests:
        yield f"status {status} with no tests"
    for i, t in enumerate(tests, 1):
        if not isinstance(t, dict):
            yield f"tests[{i}] is not an object"
            continue
        for key in t.keys() - PER_TEST:
            yield f"tests[{i}]: unknown key {key!r}"
        if not (isinstance(t.get("name"), str) and t["name"]):
            yield f"tests[{i}]: name missing or empty"
        if t.get("status") not in STATUSES:
            yield f"tests[{i}]: status {t.get('status')!r}"
        for key in ("message", "output", "test_code"):
            if key in t and not isinstance(t[key], (str, type(None))):
                yield f"tests[{i}]: {key} is not a string"
        if isinstance(t.get("output"), str) and len(t["output"]) > 500:
            yield f"tests[{i}]: output of {len(t['output'])} characters (at most 500)"
        if "task_id" in t and (not isinstance(t["task_id"], int) or isinstance(t["task_id"], bool)
                               or t["task_id"] < 1):
            yield f"tests[{i}]: task_id {t['task_id']!r} is not a task number"
        if status == "pass" and t.get("status") != "pass":
            yield f"tests[{i}]: {t.get('status')} in a run whose status is pass"
    if status == "fail" and not any(t.get("status") in ("fail", "error") for t in tests if isinstance(t, dict)):
        yield "status fail but no test failed or errored"
    for check in checks:
        if check == "truncated":
            if not tests or not all(t.get("output", "").endswith("Please limit to 500 chars") for t in tests):
                yield "not every test's output was cut with the interface's notice"
        elif check == "fail-message":
            if not any(t.get("status") == "fail" and "Expected" in (t.get("message") or "") for t in tests):
                yield "no failed test says what was expected"
        elif check.startswith("no-path="):
            if check[8:] in raw:
                yield f"the solution folder's path {check[8:]!r} shows in the results"
        elif check.startswith("message="):
            if check[8:] not in (message or ""):
                yield f"the message {message!r} does not hold {check[8:]!r}"
        else:
            yield f"unknown check {check!r}"


def main():
    path, expected, checks = sys.argv[1], sys.argv[2], sys.argv[3:]
    try:
        raw = open(path, encoding="utf-8").read()
        doc = json.loads(raw)
    except (OSError, ValueError) as e:
        print(f"{path}: {e}")
        return 1
    found = list(problems(doc, expected, checks, raw))
    for p in found:
        print(f"{path}: {p}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
