/* test_report.c: golden-file tests for the report formats (human, TAP, JUnit,
 * Exercism/GitHub Classroom JSON, Gradescope JSON). Each case builds runs in
 * C, writes every format to a temporary folder as <case>.<format>, compares it with tests/fixtures/report/<case>.<format> and
 * hands it to a real consumer: xmllint, Python's json module, prove.
 * DOJO_REGEN=1 rewrites the golden files instead of comparing.
 * Depends on cmocka, report.h, util.h; xmllint, python3 and prove on PATH. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "report/report.h"
#include "util.h"

#define GOLDEN_DIR DOJO_TEST_DIR "/fixtures/report"
/* Where reports are written: a fresh temporary folder (see main). */
static char OUT_DIR[64] = "/tmp/dojo-test-report-XXXXXX";
#define MAX_RUNS 4

struct format {
    const char *ext;
    enum report_format fmt;
};

static const struct format formats[] = {
    {"human", REPORT_HUMAN},      {"tap", REPORT_TAP},
    {"junit", REPORT_JUNIT},      {"json", REPORT_JSON},
    {"gradescope", REPORT_GRADESCOPE},
};

/* A string no learner-facing format may show for a redacted hidden test. */
#define SECRET "SECRET-expected-42"

/* Learner-controlled text full of XML, JSON, TAP and YAML metacharacters,
 * control bytes and ill-formed UTF-8. */
#define HOSTILE                                                                                  \
    "<a href=\"x\">&amp;</a> ]]> \"quote\" \\ back\\slash \x01 \x1b[31mred\x1b[0m\n"            \
    "ok 1 - fake\n"                                                                              \
    "not ok 99 - forged # SKIP\n"                                                                \
    "  ...\n"                                                                                    \
    "  ---\n"                                                                                    \
    "bad utf-8: \xff"                                                                            \
    " overlong \xc0\xaf surrogate \xed\xa0\x80 cut \xe2\x82"                                     \
    " | ok: h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x8e\x89\r\n"                                      \
    "tab\there {\"json\": [1]} \x7f \x1f end"

/* add: appends a copy of *c to r; fails the test when memory runs out. */
static void add(struct report_run *r, const struct report_case *c)
{
    assert_non_null(report_add(r, c));
}

/* The cases: each fills runs[] (already initialised to nothing) and returns
 * how many runs it made. */

static size_t build_basic(struct report_run *runs)
{
    struct report_run *r = &runs[0];
    report_run_init(r, "calc");
    r->duration = 0.25;
    add(r, &(struct report_case){.id = 1, .name = "calc adds", .suite = "calc",
                                 .file = "spec/calc_spec.lua", .line = 3,
                                 .verdict = VERDICT_PASS, .duration = 0.004});
    add(r, &(struct report_case){.id = 2, .name = "calc divides", .suite = "calc",
                                 .file = "spec/calc_spec.lua", .line = 9,
                                 .verdict = VERDICT_FAIL,
                                 .message = "Expected objects to be equal.\nPassed in:\n(number) 2\n"
                                            "Expected:\n(number) 2.5",
                                 .output = "dividing 5 by 2\n", .duration = 0.012});
    add(r, &(struct report_case){.id = 3, .name = "calc roots", .suite = "calc",
                                 .file = "spec/calc_spec.lua", .line = 14,
                                 .verdict = VERDICT_PENDING, .duration = 0});
    return 1;
}

static size_t build_errors(struct report_run *runs)
{
    static const struct {
        enum errkind kind;
        const char *name, *message;
    } errs[] = {
        {ERRKIND_SYNTAX, "syntax", "solution.lua:3: '=' expected near 'x'"},
        {ERRKIND_LOAD, "load", "module 'calc' not found"},
        {ERRKIND_RUNTIME, "runtime", "solution.lua:7: attempt to index a nil value (local 't')"},
        {ERRKIND_TIMEOUT, "timeout", "timeout: the CPU time limit was reached"},
        {ERRKIND_MEMORY, "memory", "not enough memory"},
        {ERRKIND_OUTPUT_LIMIT, "output-limit", "the test printed more than 65536 bytes"},
        {ERRKIND_CRASH, "crash", "the test process crashed: signal 11 (Segmentation fault)"},
        {ERRKIND_NONE, "unknown kind", "nil"},
    };
    struct report_run *r = &runs[0];
    report_run_init(r, "errors");
    r->duration = 3.5;
    for (size_t i = 0; i < sizeof errs / sizeof *errs; i++)
        add(r, &(struct report_case){.id = (int)i + 1, .name = (char *)errs[i].name, .suite = "",
                                     .file = "spec/errors_spec.lua", .line = (int)i * 10 + 1,
                                     .verdict = VERDICT_ERROR, .kind = errs[i].kind,
                                     .message = (char *)errs[i].message, .duration = 0.5});
    add(r, &(struct report_case){.id = 9, .name = "still fine", .file = "spec/errors_spec.lua",
                                 .verdict = VERDICT_PASS, .output = "fine\n", .duration = 0.001});
    return 1;
}

/* hidden_run: a visible pass, a hidden pass, a hidden failure that prints
 * SECRET, worth 1, 2 and 3 points. */
static void hidden_run(struct report_run *r, int show)
{
    report_run_init(r, "hidden");
    r->duration = 1;
    r->show_hidden = show;
    add(r, &(struct report_case){.id = 1, .name = "visible pass", .suite = "limiter",
                                 .file = "spec/limiter_spec.lua", .line = 2,
                                 .verdict = VERDICT_PASS, .duration = 0.1});
    add(r, &(struct report_case){.id = 2, .name = "hidden pass", .suite = "limiter",
                                 .file = "spec/limiter_spec.lua", .line = 5,
                                 .verdict = VERDICT_PASS, .duration = 0.1, .max_score = 2,
                                 .hidden = 1, .test_code = "assert.equal(1, " SECRET ")"});
    add(r, &(struct report_case){.id = 3, .name = "hidden fail", .suite = "limiter",
                                 .file = "spec/limiter_spec.lua", .line = 8,
                                 .verdict = VERDICT_FAIL, .duration = 0.1, .max_score = 3,
                                 .hidden = 1, .message = "Expected " SECRET,
                                 .output = "debug: " SECRET "\n",
                                 .test_code = "assert.equal(" SECRET ", f())",
                                 .line_code = "assert.equal(" SECRET ", f())",
                                 .helper = "helpers/" SECRET ".lua:3"});
}

static size_t build_hidden(struct report_run *runs)
{
    hidden_run(&runs[0], 0);
    return 1;
}

static size_t build_hidden_shown(struct report_run *runs)
{
    hidden_run(&runs[0], 1);
    return 1;
}

/* build_where: where a failure happened: the spec line's text (short, and
 * too long for the location's line), a helper, a table's first difference
 * above the values, a long line of prose, a reference without a location. */
static size_t build_where(struct report_run *runs)
{
    struct report_run *r = &runs[0];
    report_run_init(r, "tally");
    r->duration = 0.5;
    add(r, &(struct report_case){.id = 1, .name = "tally counts up", .suite = "tally",
                                 .file = "tally/spec.lua", .line = 15, .verdict = VERDICT_FAIL,
                                 .message = "Expected objects to be equal.\nPassed in:\n(number) 4\n"
                                            "Expected:\n(number) 3",
                                 .expected = "3", .actual = "4",
                                 .line_code = "assert.are.equal(3, t.total())", .duration = 0.01});
    add(r, &(struct report_case){.id = 2, .name = "tally keeps its items", .suite = "tally",
                                 .file = "tally/spec.lua", .line = 26, .verdict = VERDICT_FAIL,
                                 .message = "Expected objects to be the same.\n"
                                            "first difference at .total: expected 3, got 5\n"
                                            "Passed in:\n(table) { total = 5 }\nExpected:\n"
                                            "(table) { total = 3 }",
                                 .expected = "{ total = 3 }", .actual = "{ total = 5 }",
                                 .line_code = "assert.are.same({ items = { 1, 2 }, total = 3 }, "
                                              "t.snapshot(), \"the snapshot of a tally\")",
                                 .duration = 0.01});
    add(r, &(struct report_case){.id = 3, .name = "tally checks in a helper", .suite = "tally",
                                 .file = "tally/spec.lua", .line = 37, .verdict = VERDICT_ERROR,
                                 .kind = ERRKIND_RUNTIME,
                                 .message = "tally.lua:9: step must be a number, got string, and "
                                            "this sentence goes on past the eightieth column",
                                 .line_code = "helpers.check_total(t, 7)",
                                 .helper = "tally_helpers.lua:7", .duration = 0.01});
    add(r, &(struct report_case){.id = 4, .name = "tally starts at zero", .suite = "tally",
                                 .file = "tally/spec.lua", .line = 0, .verdict = VERDICT_ERROR,
                                 .kind = ERRKIND_LOAD,
                                 .message = "tally.lua returned nothing (see the first error above)",
                                 .duration = 0.01});
    return 1;
}

static size_t build_run_error(struct report_run *runs)
{
    report_run_init(&runs[0], "broken");
    runs[0].duration = 0.05;
    report_set_error(&runs[0], ERRKIND_SYNTAX,
                     "solution.lua:3: '=' expected near 'x'\nstack traceback:\n\t[C]: in ?");
    report_run_init(&runs[1], "working");
    runs[1].duration = 0.5;
    add(&runs[1], &(struct report_case){.id = 1, .name = "works", .suite = "working",
                                        .file = "spec/working_spec.lua", .line = 4,
                                        .verdict = VERDICT_PASS, .duration = 0.02});
    return 2;
}

static size_t build_empty(struct report_run *runs)
{
    report_run_init(&runs[0], "empty");
    return 1;
}

/* long_output: 600 characters, two bytes each, so truncation must count
 * characters and cut between them. */
static char *long_output(void)
{
    static char buf[1300];
    size_t n = 0;
    for (int i = 0; i < 600; i++) {
        memcpy(buf + n, "\xc3\xa9", 2);
        n += 2;
    }
    buf[n] = '\0';
    return buf;
}

/* long_lines: 60 numbered lines of 10 characters (11 bytes) each. */
static char *long_lines(void)
{
    static char buf[700];
    size_t n = 0;
    for (int i = 1; i <= 60; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "line %02d \xc3\xa9\n", i);
    return buf;
}

static size_t build_hostile(struct report_run *runs)
{
    struct report_run *r = &runs[0];
    report_run_init(r, "<run \"&\" ]]> \xff");
    r->duration = 0.125;
    add(r, &(struct report_case){.id = 1, .name = "ok 1 - fake \"<&>\" # TODO \\ \x01\xff",
                                 .suite = "<suite> & \"co\"", .file = "spec/<&>.lua", .line = 1,
                                 .verdict = VERDICT_PASS, .output = HOSTILE, .duration = 0.001});
    add(r, &(struct report_case){.id = 2, .name = "fails\nnot ok 2 - forged",
                                 .suite = "", .file = "spec/\"q\".lua", .line = 2,
                                 .verdict = VERDICT_FAIL, .message = HOSTILE, .output = HOSTILE,
                                 .test_code = HOSTILE, .duration = 0.002});
    add(r, &(struct report_case){.id = 3, .name = "errors ]]>", .suite = "s", .file = "x.lua",
                                 .line = 3, .verdict = VERDICT_ERROR, .kind = ERRKIND_RUNTIME,
                                 .message = HOSTILE, .output = long_lines(), .duration = 0.003});
    add(r, &(struct report_case){.id = 4, .name = "pending \x1b[31m", .suite = "s",
                                 .file = "x.lua", .line = 4, .verdict = VERDICT_PENDING,
                                 .output = HOSTILE});
    return 1;
}

static size_t build_scores(struct report_run *runs)
{
    struct report_run *r = &runs[0];
    report_run_init(r, "lasagna");
    r->duration = 0.75;
    add(r, &(struct report_case){.id = 1, .name = "expected minutes", .suite = "lasagna",
                                 .file = "spec/lasagna_spec.lua", .line = 3,
                                 .verdict = VERDICT_PASS, .duration = 0.01, .max_score = 5,
                                 .task_id = 1,
                                 .test_code = "assert.are.equal(40, lasagna.expected_minutes())"});
    add(r, &(struct report_case){.id = 2, .name = "remaining minutes", .suite = "lasagna",
                                 .file = "spec/lasagna_spec.lua", .line = 7,
                                 .verdict = VERDICT_FAIL, .duration = 0.01, .max_score = 4,
                                 .score = 1.5, .task_id = 2, .message = "Expected 10, got 0",
                                 .test_code = "assert.are.equal(10, lasagna.remaining(30))"});
    add(r, &(struct report_case){.id = 3, .name = "half credit pass", .suite = "lasagna",
                                 .file = "spec/lasagna_spec.lua", .line = 11,
                                 .verdict = VERDICT_PASS, .duration = 0.01, .max_score = 2,
                                 .score = 0.5});
    return 1;
}

/* write_format: writes the runs in `fmt` to `path` and returns the bytes. */
static char *write_format(const struct report_run *runs, size_t nruns, enum report_format fmt,
                          const char *path, size_t *len)
{
    FILE *f = fopen(path, "wb");
    char *data;
    assert_non_null(f);
    assert_int_equal(report_write(runs, nruns, fmt, f, 0), 0);
    assert_int_equal(fclose(f), 0);
    data = util_read_file(path, len);
    assert_non_null(data);
    return data;
}

/* check_golden: compares data with the golden file, or rewrites the golden
 * file when DOJO_REGEN=1. */
static void check_golden(const char *golden, const char *data, size_t len)
{
    const char *regen = getenv("DOJO_REGEN");
    size_t glen, i = 0;
    char *want;
    if (regen && strcmp(regen, "1") == 0) {
        assert_int_equal(util_mkdirs(GOLDEN_DIR), 0);
        assert_int_equal(util_write_file_atomic(golden, data, len), 0);
        return;
    }
    want = util_read_file(golden, &glen);
    if (want == NULL)
        fail_msg("%s: missing golden file (run with DOJO_REGEN=1)", golden);
    while (i < len && i < glen && data[i] == want[i])
        i++;
    if (i != len || i != glen)
        fail_msg("%s: differs at byte %zu (got %zu bytes, want %zu)", golden, i, len, glen);
    free(want);
}

/* run_ok: runs a shell command; fails the test unless it exits 0. */
static void run_ok(const char *cmd)
{
    int rc = system(cmd);
    if (rc != 0)
        fail_msg("command failed (%d): %s", rc, cmd);
}

/* Python checks of the required fields: the file must be strict JSON (no
 * raw control characters, no NaN) in valid UTF-8. */
#define PY_LOAD                                                                                  \
    "import json,sys\n"                                                                          \
    "def bad(c): raise ValueError(c)\n"                                                          \
    "d=json.load(open(sys.argv[1],encoding=\"utf-8\"),parse_constant=bad)\n"                     \
    "num=(int,float)\n"

static const char exercism_py[] =
    PY_LOAD
    "assert d[\"version\"]==3\n"
    "assert d[\"status\"] in (\"pass\",\"fail\",\"error\")\n"
    "assert (d[\"status\"]==\"error\")==isinstance(d.get(\"message\"),str)\n"
    "assert isinstance(d[\"max_score\"],num)\n"
    "keys={\"name\",\"status\",\"message\",\"output\",\"test_code\",\"task_id\",\"score\"}\n"
    "for t in d[\"tests\"]:\n"
    "  assert set(t)<=keys and isinstance(t[\"name\"],str)\n"
    "  assert t[\"status\"] in (\"pass\",\"fail\",\"error\")\n"
    "  assert (t[\"status\"]!=\"pass\")==isinstance(t.get(\"message\"),str)\n"
    "  assert len(t.get(\"output\",\"\"))<=500\n"
    "  assert isinstance(t[\"score\"],num) and isinstance(t.get(\"task_id\",1),int)\n"
    "bad=[t for t in d[\"tests\"] if t[\"status\"]!=\"pass\"]\n"
    "if d[\"status\"]==\"pass\": assert not bad and d[\"tests\"]\n"
    "if d[\"status\"]==\"fail\": assert bad\n";

static const char gradescope_py[] =
    PY_LOAD
    "assert isinstance(d[\"score\"],num) and isinstance(d[\"execution_time\"],num)\n"
    "assert isinstance(d[\"output\"],str)\n"
    "keys={\"name\",\"score\",\"max_score\",\"status\",\"output\",\"visibility\",\"extra_data\"}\n"
    "for t in d[\"tests\"]:\n"
    "  assert set(t)<=keys and isinstance(t[\"name\"],str)\n"
    "  assert isinstance(t[\"score\"],num) and isinstance(t[\"max_score\"],num)\n"
    "  assert t[\"status\"] in (\"passed\",\"failed\")\n"
    "  assert t[\"visibility\"] in (\"visible\",\"hidden\",\"after_due_date\",\"after_published\")\n"
    "  assert isinstance(t.get(\"output\",\"\"),str) and isinstance(t.get(\"extra_data\",{}),dict)\n"
    "assert abs(d[\"score\"]-sum(t[\"score\"] for t in d[\"tests\"]))<1e-9\n";

/* check_python: runs `script` on the file with python3. */
static void check_python(const char *script, const char *path)
{
    char pyfile[512], cmd[1200];
    snprintf(pyfile, sizeof pyfile, "%s.py", path);
    assert_int_equal(util_write_file_atomic(pyfile, script, strlen(script)), 0);
    snprintf(cmd, sizeof cmd, "python3 '%s' '%s'", pyfile, path);
    run_ok(cmd);
}

/* tap_expect: the test lines prove must count, and how many must fail. */
static void tap_expect(const struct report_run *runs, size_t nruns, int *tests, int *failed)
{
    *tests = 0, *failed = 0;
    for (size_t i = 0; i < nruns; i++) {
        int p, f, e, s, bad = runs[i].status == VERDICT_ERROR;
        report_counts(&runs[i], &p, &f, &e, &s);
        *tests += (int)runs[i].ncases + bad;
        *failed += f + e + bad;
    }
}

/* check_prove: prove must parse the TAP without parse errors and count
 * exactly the tests and failures the runs hold (no forged lines). */
static void check_prove(const struct report_run *runs, size_t nruns, const char *path)
{
    char log[512], cmd[1200], want[64];
    int tests, failed, rc;
    char *text;
    snprintf(log, sizeof log, "%s.prove", path);
    /* TAP::Parser spins forever on an empty YAML block scalar: time out. */
    snprintf(cmd, sizeof cmd, "timeout 60 prove -e cat '%s' >'%s' 2>&1", path, log);
    rc = system(cmd); /* 1 when a test failed: the log tells */
    if (rc < 0 || !WIFEXITED(rc) || WEXITSTATUS(rc) > 1)
        fail_msg("prove failed or timed out (%d) on %s", rc, path);
    text = util_read_file(log, NULL);
    assert_non_null(text);
    tap_expect(runs, nruns, &tests, &failed);
    if (strstr(text, "Parse errors") || strstr(text, "Bad plan"))
        fail_msg("prove: parse errors in %s:\n%s", path, text);
    snprintf(want, sizeof want, "Tests=%d,", tests);
    if (!strstr(text, want))
        fail_msg("prove: want %s in:\n%s", want, text);
    if (failed)
        snprintf(want, sizeof want, "Failed: %d)", failed);
    else if (tests == 0)
        snprintf(want, sizeof want, "Result: NOTESTS");
    else
        snprintf(want, sizeof want, "All tests successful.");
    if (!strstr(text, want))
        fail_msg("prove: want \"%s\" in:\n%s", want, text);
    free(text);
}

/* check_consumer: the real consumer of the format accepts the file. */
static void check_consumer(const struct report_run *runs, size_t nruns, enum report_format fmt,
                           const char *path)
{
    char cmd[1200];
    switch (fmt) {
    case REPORT_JUNIT:
        snprintf(cmd, sizeof cmd,
                 "xmllint --noout --schema '" DOJO_TEST_DIR "/fixtures/junit/junit.xsd' '%s'", path);
        run_ok(cmd);
        break;
    case REPORT_JSON:
        check_python(exercism_py, path);
        break;
    case REPORT_GRADESCOPE:
        check_python(gradescope_py, path);
        break;
    case REPORT_TAP:
        check_prove(runs, nruns, path);
        break;
    default:
        break;
    }
}

/* check_case: every format of the case against its golden file and its
 * consumer. */
static void check_case(const char *name, size_t (*build)(struct report_run *))
{
    struct report_run runs[MAX_RUNS];
    size_t nruns;
    memset(runs, 0, sizeof runs);
    nruns = build(runs);
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        char path[256], golden[1024];
        size_t len;
        char *data;
        snprintf(path, sizeof path, "%s/%s.%s", OUT_DIR, name, formats[i].ext);
        snprintf(golden, sizeof golden, GOLDEN_DIR "/%s.%s", name, formats[i].ext);
        data = write_format(runs, nruns, formats[i].fmt, path, &len);
        assert_int_equal(strlen(data), len); /* never a NUL byte */
        check_golden(golden, data, len);
        check_consumer(runs, nruns, formats[i].fmt, path);
        free(data);
    }
    for (size_t i = 0; i < nruns; i++)
        report_run_free(&runs[i]);
}

static void test_basic(void **state)
{
    check_case("basic", build_basic);
}

static void test_errors(void **state)
{
    check_case("errors", build_errors);
}

static void test_where(void **state)
{
    check_case("where", build_where);
}

static void test_hidden(void **state)
{
    check_case("hidden", build_hidden);
}

static void test_hidden_shown(void **state)
{
    check_case("hidden_shown", build_hidden_shown);
}

static void test_run_error(void **state)
{
    check_case("run_error", build_run_error);
}

static void test_empty(void **state)
{
    check_case("empty", build_empty);
}

static void test_hostile(void **state)
{
    check_case("hostile", build_hostile);
}

static void test_scores(void **state)
{
    check_case("scores", build_scores);
}

/* render: the runs in `fmt`, as a malloc'ed string. */
static char *render(const struct report_run *runs, size_t nruns, enum report_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(report_write(runs, nruns, fmt, f, 0), 0);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* A redacted hidden test leaks nothing in any format, JUnit included (it may
 * be published where learners read it); show_hidden shows everything. */
static void test_hidden_redaction(void **state)
{
    struct report_run r;
    for (int show = 0; show <= 1; show++) {
        hidden_run(&r, show);
        for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
            char *text = render(&r, 1, formats[i].fmt);
            int leaks = strstr(text, SECRET) != NULL;
            if (show)
                assert_true(leaks);
            else if (leaks)
                fail_msg("%s leaks a hidden test:\n%s", formats[i].ext, text);
            free(text);
        }
        report_run_free(&r);
    }
}

/* JUnit's message attribute is a summary (the first line, at most 200
 * bytes and "..."); the element's text keeps the whole message. */
static void test_junit_summary_attribute(void **state)
{
    struct report_run r;
    char msg[3001], *text, *attr, *end;
    (void)state;
    memset(msg, 'm', sizeof msg - 1);
    msg[sizeof msg - 1] = '\0';
    report_run_init(&r, "long");
    add(&r, &(struct report_case){.id = 1, .name = "long", .suite = "s", .verdict = VERDICT_FAIL,
                                 .message = msg});
    text = render(&r, 1, REPORT_JUNIT);
    attr = strstr(text, "<failure message=\"");
    assert_non_null(attr);
    attr += strlen("<failure message=\"");
    end = strchr(attr, '"');
    assert_non_null(end);
    assert_int_equal(end - attr, 200 + 3);
    assert_memory_equal(end - 3, "...", 3);
    assert_non_null(strstr(text, msg)); /* all of it in the text */
    free(text);
    report_run_free(&r);
}

static void test_parse_format(void **state)
{
    static const char *names[] = {"human", "tap", "junit", "json", "gradescope"};
    enum report_format f;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        assert_int_equal(report_parse_format(names[i], &f), 0);
        assert_int_equal(f, formats[i].fmt);
    }
    assert_int_equal(report_parse_format("xml", &f), -1);
    assert_int_equal(report_parse_format("JSON", &f), -1);
}

/* report_add copies the new string field and leaves the numbers alone. */
static void test_add_copies_new_fields(void **state)
{
    struct report_run r;
    char code[] = "assert.is_true(x)";
    const struct report_case *c;
    report_run_init(&r, "r");
    c = report_add(&r, &(struct report_case){.name = "n", .test_code = code, .score = 0.5,
                                             .max_score = 2, .hidden = 1, .task_id = 3});
    assert_non_null(c);
    code[0] = 'X';
    assert_string_equal(c->test_code, "assert.is_true(x)");
    assert_true(c->score == 0.5 && c->max_score == 2 && c->hidden == 1 && c->task_id == 3);
    c = report_add(&r, &(struct report_case){.name = "m"});
    assert_string_equal(c->test_code, "");
    report_run_free(&r);
}

static void test_points(void **state)
{
    double s, m;
    report_case_points(&(struct report_case){.verdict = VERDICT_PASS}, &s, &m);
    assert_true(s == 1 && m == 1);
    report_case_points(&(struct report_case){.verdict = VERDICT_FAIL}, &s, &m);
    assert_true(s == 0 && m == 1);
    report_case_points(&(struct report_case){.verdict = VERDICT_PASS, .max_score = 4}, &s, &m);
    assert_true(s == 4 && m == 4);
    report_case_points(&(struct report_case){.verdict = VERDICT_FAIL, .max_score = 4, .score = 1},
                       &s, &m);
    assert_true(s == 1 && m == 4);
}

static void test_utf8_decode(void **state)
{
    static const struct {
        const char *s;
        size_t len;
        long cp;
    } cases[] = {
        {"A", 1, 'A'},           {"\xc3\xa9", 2, 0xE9},         {"\xe2\x9c\x93", 3, 0x2713},
        {"\xf0\x9f\x8e\x89", 4, 0x1F389}, {"\xff", 1, -1},       {"\xc0\xaf", 1, -1},
        {"\xe0\x80\xaf", 1, -1}, {"\xed\xa0\x80", 1, -1},       {"\xf4\x90\x80\x80", 1, -1},
        {"\xe2\x82", 1, -1},     {"\x80", 1, -1},               {"\xc3", 1, -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        long cp;
        assert_int_equal(report_utf8_decode(cases[i].s, &cp), cases[i].len);
        assert_int_equal(cp, cases[i].cp);
    }
}

/* Exercism output is cut to 500 characters, the notice included. */
static void test_json_output_limit(void **state)
{
    struct report_run r;
    char *text, *p, *end;
    report_run_init(&r, "r");
    add(&r, &(struct report_case){.name = "long", .verdict = VERDICT_PASS,
                                  .output = long_output()});
    text = render(&r, 1, REPORT_JSON);
    p = strstr(text, "\"output\": \"");
    assert_non_null(p);
    p += strlen("\"output\": \"");
    end = strstr(p, "Please limit to 500 chars\"");
    assert_non_null(end);
    /* 448 two-byte characters, then the 52-character notice ("\n" escaped). */
    assert_int_equal(strncmp(p + 2 * 448, "\\n... Output was truncated.", 26), 0);
    free(text);
    report_run_free(&r);
}

/* A write error is reported by every format. */
static void test_write_error(void **state)
{
    struct report_run runs[MAX_RUNS];
    size_t nruns;
    memset(runs, 0, sizeof runs);
    nruns = build_hostile(runs);
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        FILE *f = fopen("/dev/full", "w");
        if (f == NULL)
            skip();
        assert_int_equal(report_write(runs, nruns, formats[i].fmt, f, 0), -1);
        fclose(f);
    }
    report_run_free(&runs[0]);
}

int main(void)
{
    char cleanup[128];
    int rc;
    if (mkdtemp(OUT_DIR) == NULL)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_where),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_hidden),
        cmocka_unit_test(test_hidden_shown),
        cmocka_unit_test(test_run_error),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_scores),
        cmocka_unit_test(test_hidden_redaction),
        cmocka_unit_test(test_junit_summary_attribute),
        cmocka_unit_test(test_parse_format),
        cmocka_unit_test(test_add_copies_new_fields),
        cmocka_unit_test(test_points),
        cmocka_unit_test(test_utf8_decode),
        cmocka_unit_test(test_json_output_limit),
        cmocka_unit_test(test_write_error),
    };
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    snprintf(cleanup, sizeof cleanup, "rm -rf '%s'", OUT_DIR);
    if (system(cleanup) != 0)
        rc = 1;
    return rc;
}
