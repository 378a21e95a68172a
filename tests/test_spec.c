/* test_spec.c: the spec runner in-process: describe/it nesting and names,
 * hook order at every level, pending, failures against errors, errors inside
 * hooks and describe bodies, finally, setup/teardown, spies, custom
 * assertions, the solution environment's isolation, the spec world's
 * sandbox, helpers, links out of the folder, spy records, and the limits. Each test
 * writes a spec (and maybe a solution) into a fresh temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "report/report.h"
#include "spec.h"
#include "util.h"

#include "spec_fixture.h"

/* run_spec: writes spec.lua and runs it with the given limits. */
static void run_spec(struct fixture *f, const char *spec, double timeout, size_t memory)
{
    char path[512], err[512];
    struct spec_job job;
    struct spec_sink sink = {NULL, spec_collect_finish, &f->run};
    write_file(f, "spec.lua", spec);
    util_path_join(path, sizeof path, f->dir, "spec.lua");
    memset(&job, 0, sizeof job);
    job.spec_path = path;
    job.solution_dir = f->dir;
    job.limits.timeout = timeout;
    job.limits.memory = memory;
    job.limits.output = 4096;
    assert_int_equal(spec_run(&job, &sink, err, sizeof err), 0);
}

static const struct report_case *case_named(struct fixture *f, const char *name)
{
    for (size_t i = 0; i < f->run.ncases; i++)
        if (strcmp(f->run.cases[i].name, name) == 0)
            return &f->run.cases[i];
    fail_msg("no case named '%s' (%zu cases)", name, f->run.ncases);
    return NULL;
}

static void nesting_and_names(void **state)
{
    struct fixture *f = *state;
    run_spec(f,
             "describe('a', function()\n"
             "  it('x', function() end)\n"
             "  describe('b', function()\n"
             "    it('y', function() end)\n"
             "  end)\n"
             "end)\n"
             "it('top', function() end)\n",
             0, 0);
    assert_int_equal(f->run.ncases, 3);
    assert_string_equal(f->run.cases[0].name, "a x");
    assert_string_equal(f->run.cases[1].name, "a b y");
    assert_string_equal(f->run.cases[1].suite, "a b");
    assert_int_equal(f->run.cases[1].line, 4);
    assert_string_equal(f->run.cases[2].name, "top");
    assert_int_equal(f->run.cases[2].verdict, VERDICT_PASS);
}

static void hook_order(void **state)
{
    struct fixture *f = *state;
    run_spec(f,
             "describe('outer', function()\n"
             "  before_each(function() print('before outer') end)\n"
             "  after_each(function() print('after outer') end)\n"
             "  describe('inner', function()\n"
             "    before_each(function() print('before inner') end)\n"
             "    after_each(function() print('after inner') end)\n"
             "    it('runs', function() print('test') finally(function() print('finally') end) end)\n"
             "  end)\n"
             "  it('shallow', function() print('shallow') end)\n"
             "end)\n",
             0, 0);
    assert_string_equal(case_named(f, "outer inner runs")->output,
                        "before outer\nbefore inner\ntest\nfinally\nafter inner\nafter outer\n");
    assert_string_equal(case_named(f, "outer shallow")->output,
                        "before outer\nshallow\nafter outer\n");
}

static void pending_tests(void **state)
{
    struct fixture *f = *state;
    run_spec(f,
             "pending('later')\n"
             "it('no body')\n"
             "it('calls pending', function() pending('not yet') error('unreached') end)\n"
             "it('runs', function() end)\n",
             0, 0);
    /* busted 2 registers nothing for an `it` without a function. */
    assert_int_equal(f->run.ncases, 3);
    assert_int_equal(case_named(f, "later")->verdict, VERDICT_PENDING);
    assert_int_equal(case_named(f, "calls pending")->verdict, VERDICT_PENDING);
    assert_int_equal(case_named(f, "runs")->verdict, VERDICT_PASS);
}

static void fail_versus_error(void **state)
{
    struct fixture *f = *state;
    const struct report_case *c;
    run_spec(f,
             "it('fails', function()\n"
             "  assert.are.equal(1, 2)\n"
             "end)\n"
             "it('errors', function() error('kaput') end)\n"
             "it('bare assert', function() assert(false, 'nope') end)\n"
             "it('same', function() assert.are.same({1, {2}}, {1, {3}}) end)\n",
             0, 0);
    c = case_named(f, "fails");
    assert_int_equal(c->verdict, VERDICT_FAIL);
    assert_int_equal(c->line, 2);
    assert_non_null(strstr(c->message, "Expected objects to be equal."));
    c = case_named(f, "errors");
    assert_int_equal(c->verdict, VERDICT_ERROR);
    assert_int_equal(c->kind, ERRKIND_RUNTIME);
    assert_non_null(strstr(c->message, "kaput"));
    /* busted counts a failed plain assert() as a failure too. */
    assert_int_equal(case_named(f, "bare assert")->verdict, VERDICT_FAIL);
    c = case_named(f, "same");
    assert_int_equal(c->verdict, VERDICT_FAIL);
    assert_non_null(strstr(c->message, "(table) { 1, { 2 } }"));
}

/* Where a failure happened: the test's own line (the frame of its body),
 * the helper's as secondary, the line's text; a runaway recursion in a
 * helper still ends at the test's line. */
static void where_failures_happen(void **state)
{
    struct fixture *f = *state;
    const struct report_case *c;
    size_t n;
    run_spec(f,
             "local function check(x)\n"
             "  assert.are.equal(1, x)\n"
             "end\n"
             "local function deep(x) check(x) end\n"
             "local function rec(k) return rec(k + 1) + 1 end\n"
             "it('in a helper', function()\n"
             "  local y = 2\n"
             "     deep(y)   \n"
             "end)\n"
             "it('in the test', function()\n"
             "  assert.are.equal(1, 2)\n"
             "end)\n"
             "it('recurses', function()\n"
             "  rec(1)\n"
             "end)\n",
             0, 0);
    c = case_named(f, "in a helper");
    assert_int_equal(c->verdict, VERDICT_FAIL);
    assert_int_equal(c->line, 8);
    assert_string_equal(c->line_code, "deep(y)");
    n = strlen(c->helper); /* the spec's chunk name, then its line */
    assert_true(n > 11);
    assert_string_equal(c->helper + n - 11, "/spec.lua:2");
    c = case_named(f, "in the test");
    assert_int_equal(c->line, 11);
    assert_string_equal(c->line_code, "assert.are.equal(1, 2)");
    assert_string_equal(c->helper, "");
    c = case_named(f, "recurses");
    assert_int_equal(c->verdict, VERDICT_ERROR);
    assert_int_equal(c->line, 14);
    assert_non_null(strstr(c->message, "stack overflow"));
}

/* A module that forgot `return M`: the first test that breaks on it says so
 * in one line, naming the file and the table to return; the next ones refer
 * to it, without a location. A module's runtime error names its file
 * relative to the solution folder. */
static void module_without_return(void **state)
{
    struct fixture *f = *state;
    const struct report_case *c;
    write_file(f, "mod.lua", "local mod = {}\nfunction mod.f() return 1 end\n");
    write_file(f, "boom.lua", "local b = {}\nfunction b.go() error('kaput') end\nreturn b\n");
    run_spec(f,
             "local mod = require('mod')\n"
             "local boom = require('boom')\n"
             "it('first', function() assert.are.equal(1, mod.f()) end)\n"
             "it('second', function() mod.f() end)\n"
             "it('boom', function() boom.go() end)\n",
             0, 0);
    c = case_named(f, "first");
    assert_int_equal(c->verdict, VERDICT_ERROR);
    assert_int_equal(c->kind, ERRKIND_LOAD);
    assert_int_equal(c->line, 3);
    assert_string_equal(c->message, "mod.lua returned nothing: end the file with \"return mod\" "
                                    "(the table of your functions)");
    c = case_named(f, "second");
    assert_int_equal(c->kind, ERRKIND_LOAD);
    assert_int_equal(c->line, 0);
    assert_string_equal(c->message, "mod.lua returned nothing (see the first error above)");
    c = case_named(f, "boom");
    assert_int_equal(c->kind, ERRKIND_RUNTIME);
    assert_string_equal(c->message, "boom.lua:2: kaput");
}

/* An error value whose metatable has a metatable of its own (a trap in
 * __index): the runner reads it raw, so nothing of it runs outside the
 * limits, and the value is shown as a table. */
static void error_value_metatable_trap(void **state)
{
    struct fixture *f = *state;
    const struct report_case *c;
    run_spec(f,
             "it('raises a trap', function()\n"
             "  local trap = setmetatable({}, { __index = function() while true do end end })\n"
             "  error(setmetatable({ code = 1 }, trap))\n"
             "end)\n",
             1, 0);
    c = case_named(f, "raises a trap");
    assert_int_equal(c->verdict, VERDICT_ERROR);
    assert_int_equal(c->kind, ERRKIND_RUNTIME);
    assert_string_equal(c->message, "error raised with a table: { code = 1 }");
}

static void error_in_hooks(void **state)
{
    struct fixture *f = *state;
    const struct report_case *c;
    run_spec(f,
             "describe('d', function()\n"
             "  before_each(function() error('setup broke') end)\n"
             "  after_each(function() print('cleaned') end)\n"
             "  it('t', function() print('body') end)\n"
             "end)\n"
             "describe('e', function()\n"
             "  error('describe broke')\n"
             "  it('never', function() end)\n"
             "end)\n"
             "it('still runs', function() end)\n",
             0, 0);
    c = case_named(f, "d t");
    assert_int_equal(c->verdict, VERDICT_ERROR);
    assert_non_null(strstr(c->message, "before_each"));
    assert_non_null(strstr(c->message, "setup broke"));
    assert_string_equal(c->output, "cleaned\n");
    c = case_named(f, "e");
    assert_int_equal(c->verdict, VERDICT_ERROR);
    assert_non_null(strstr(c->message, "describe broke"));
    assert_int_equal(case_named(f, "still runs")->verdict, VERDICT_PASS);
    assert_int_equal(f->run.ncases, 3);
}

static void setup_teardown_once(void **state)
{
    struct fixture *f = *state;
    run_spec(f,
             "local n = 0\n"
             "describe('d', function()\n"
             "  setup(function() n = n + 1 end)\n"
             "  teardown(function() n = n + 100 end)\n"
             "  it('a', function() assert.are.equal(1, n) end)\n"
             "  it('b', function() assert.are.equal(1, n) end)\n"
             "end)\n"
             "it('after', function() assert.are.equal(101, n) end)\n",
             0, 0);
    for (size_t i = 0; i < f->run.ncases; i++)
        assert_int_equal(f->run.cases[i].verdict, VERDICT_PASS);
    assert_int_equal(f->run.ncases, 3);
}

static void spies_and_custom_assertions(void **state)
{
    struct fixture *f = *state;
    run_spec(f,
             "local say = require('say')\n"
             "local function is_even(state, args) return args[1] % 2 == 0 end\n"
             "say:set('assertion.even.positive', 'Expected %s to be even')\n"
             "say:set('assertion.even.negative', 'Expected %s not to be even')\n"
             "assert:register('assertion', 'even', is_even, 'assertion.even.positive',\n"
             "                'assertion.even.negative')\n"
             "it('spy', function()\n"
             "  local s = spy.new(function() end)\n"
             "  s(1) s(2)\n"
             "  assert.spy(s).was.called(2)\n"
             "  assert.spy(s).was.called_with(2)\n"
             "end)\n"
             "it('even', function() assert.is.even(4) end)\n"
             "it('odd', function() assert.is.even(3) end)\n",
             0, 0);
    assert_int_equal(case_named(f, "spy")->verdict, VERDICT_PASS);
    assert_int_equal(case_named(f, "even")->verdict, VERDICT_PASS);
    assert_int_equal(case_named(f, "odd")->verdict, VERDICT_FAIL);
    assert_non_null(strstr(case_named(f, "odd")->message, "to be even"));
}

static void syntax_error_in_spec(void **state)
{
    struct fixture *f = *state;
    const struct report_case *c;
    run_spec(f, "describe('x', function()\n  it('y' function() end)\nend)\n", 0, 0);
    assert_int_equal(f->run.ncases, 1);
    c = &f->run.cases[0];
    assert_string_equal(c->name, "(file)");
    assert_int_equal(c->verdict, VERDICT_ERROR);
    assert_int_equal(c->kind, ERRKIND_SYNTAX);
    assert_non_null(strstr(c->message, ":2:"));
}

static void solution_cannot_touch_spec_world(void **state)
{
    struct fixture *f = *state;
    write_file(f, "evil.lua",
               "local found = { io = io and (io.popen or io.output or io.tmpfile),\n"
               "                os_exit = os and os.exit, dump = string.dump or ('').dump,\n"
               "                debug = debug and (debug.getinfo or debug.sethook or debug.getregistry or\n"
               "                                   debug.getupvalue or debug.setmetatable),\n"
               "                dofile = dofile, loadfile = loadfile }\n"
               "assert = function() end\n"
               "string.rep = function() return 'x' end\n"
               "_G.describe = nil\n"
               "pcall = nil\n"
               "setmetatable(_G, {__index = function() return 1 end})\n"
               "local mt = getmetatable('')\n"
               "if type(mt) == 'table' then mt.__index = {} end\n"
               "return found\n");
    run_spec(f,
             "local evil = require('evil')\n"
             "it('assert still works', function() assert.are.equal(1, 2) end)\n"
             "it('string methods intact', function()\n"
             "  assert.are.equal('aaa', string.rep('a', 3))\n"
             "  assert.are.equal('AB', ('ab'):upper())\n"
             "end)\n"
             "it('no escapes', function()\n"
             "  assert.is_nil(rawget(evil, 'io'))\n"
             "  assert.is_nil(rawget(evil, 'os_exit'))\n"
             "  assert.is_nil(rawget(evil, 'dump'))\n"
             "  assert.is_nil(rawget(evil, 'debug'))\n"
             "  assert.is_nil(rawget(evil, 'dofile'))\n"
             "  assert.is_nil(rawget(evil, 'loadfile'))\n"
             "end)\n",
             0, 0);
    assert_int_equal(case_named(f, "assert still works")->verdict, VERDICT_FAIL);
    assert_int_equal(case_named(f, "string methods intact")->verdict, VERDICT_PASS);
    assert_int_equal(case_named(f, "no escapes")->verdict, VERDICT_PASS);
}

static void spec_world_is_sandboxed(void **state)
{
    struct fixture *f = *state;
    run_spec(f,
             "it('no host io', function() assert.is_nil(io.popen or io.output or io.tmpfile) end)\n"
             "it('no host os', function() assert.is_nil(os.execute or os.rename or os.exit) end)\n"
             "it('os.remove removes only files the spec wrote', function()\n"
             "  assert.is_nil(os.remove('/etc/passwd'))\n"
             "  assert.is_nil(os.remove('no_such_file.txt'))\n"
             "end)\n"
             "it('no debug, package', function()\n"
             "  assert.is_nil(package.loadlib or package.searchers or package.searchpath)\n"
             "  assert.is_nil(debug.sethook or debug.getregistry or debug.getupvalue)\n"
             "  assert.is_nil(debug.getinfo(1, 'f').func)\n"
             "  assert.is_nil(debug.getinfo(print).func)\n"
             "  assert.are.equal(2, debug.getinfo(function(a, b) end, 'u').nparams)\n"
             "end)\n"
             "it('no dump', function() assert.is_nil(string.dump or ('').dump) end)\n"
             "it('no stop', function() assert.has_error(function() collectgarbage('stop') end) end)\n"
             "it('io is read-only', function() assert.is_nil(io.open('spec.lua', 'w')) end)\n"
             "it('writes stay in memory', function()\n"
             "  local f = assert(io.open('notes.txt', 'w'))\n"
             "  f:write('kept')\n"
             "  f:close()\n"
             "  assert.are.equal('kept', io.open('notes.txt'):read('a'))\n"
             "  assert.is_nil(io.open('/tmp/dojo-test-spec-outside.txt', 'w'))\n"
             "end)\n"
             "it('reads its folder', function() assert.truthy(io.open('spec.lua'):read('l')) end)\n"
             "it('not outside', function() assert.is_nil(io.open('/etc/passwd')) end)\n"
             "it('load stays inside', function() assert.is_nil(load('return io.popen')()) end)\n",
             0, 0);
    for (size_t i = 0; i < f->run.ncases; i++)
        if (f->run.cases[i].verdict != VERDICT_PASS)
            fail_msg("%s: %s", f->run.cases[i].name, f->run.cases[i].message);
    assert_int_equal(f->run.ncases, 11);
    {
        char path[PATH_MAX];
        util_path_join(path, sizeof path, f->dir, "notes.txt");
        assert_false(util_is_file(path)); /* never on disk */
        assert_false(util_is_file("/tmp/dojo-test-spec-outside.txt"));
    }
}

static void helpers_and_dot_require(void **state)
{
    struct fixture *f = *state;
    write_file(f, "checks.lua",
               "local assert = require('luassert')\n"
               "assert:register('assertion', 'small', function(_, a) return a[1] < 10 end,\n"
               "  'assertion.same.positive', 'assertion.same.negative')\n"
               "return { world = rawget(_G, 'describe') ~= nil or describe ~= nil }\n");
    write_file(f, "m.lua", "return { n = 3, world = describe == nil }\n");
    run_spec(f,
             "local checks = require('checks')\n"
             "local m = require('./m')\n"
             "it('helper in the spec world', function() assert.is_true(checks.world) end)\n"
             "it('custom assertion', function() assert.is.small(m.n) end)\n"
             "it('module in the solution world', function() assert.is_true(m.world) end)\n"
             "it('one cache', function() assert.are.equal(m, require('m')) end)\n",
             0, 0);
    for (size_t i = 0; i < f->run.ncases; i++)
        if (f->run.cases[i].verdict != VERDICT_PASS)
            fail_msg("%s: %s", f->run.cases[i].name, f->run.cases[i].message);
    assert_int_equal(f->run.ncases, 4);
}

static void links_out_refused(void **state)
{
    struct fixture *f = *state;
    char target[512], link[512];
    write_file(f, "data.txt", "inside\n");
    util_path_join(link, sizeof link, f->dir, "passwd.txt");
    assert_int_equal(symlink("/etc/passwd", link), 0);
    util_path_join(link, sizeof link, f->dir, "answers.lua");
    util_path_join(target, sizeof target, f->dir, "spec.lua");
    assert_int_equal(symlink(target, link), 0);
    write_file(f, "m.lua",
               "return {\n"
               "  data = io.open('data.txt'):read('l'),\n"
               "  passwd = io.open('passwd.txt'),\n"
               "  spec = io.open('answers.lua'),\n"
               "  req = pcall(require, 'answers'),\n"
               "  up = io.open('../' .. 'x'),\n"
               "  gc = pcall(collectgarbage, 'generational'),\n"
               "}\n");
    run_spec(f,
             "local m = require('m')\n"
             "it('reads its own file', function() assert.are.equal('inside', m.data) end)\n"
             "it('no link out', function() assert.is_nil(m.passwd) end)\n"
             "it('no link to the spec', function() assert.is_nil(m.spec) end)\n"
             "it('no require of it', function() assert.is_false(m.req) end)\n"
             "it('no ..', function() assert.is_nil(m.up) end)\n"
             "it('no gc modes', function() assert.is_false(m.gc) end)\n",
             0, 0);
    for (size_t i = 0; i < f->run.ncases; i++)
        if (f->run.cases[i].verdict != VERDICT_PASS)
            fail_msg("%s: %s", f->run.cases[i].name, f->run.cases[i].message);
    assert_int_equal(f->run.ncases, 6);
}

static void spy_records_unforgeable(void **state)
{
    struct fixture *f = *state;
    write_file(f, "m.lua",
               "return function(fn)\n"
               "  fn(1); fn(2); fn(3)\n"
               "  pcall(function() fn.calls = {} end)\n"
               "  pcall(table.remove, fn.calls)\n"
               "  pcall(rawset, fn, 'calls', {})\n"
               "  pcall(fn.clear, fn)\n"
               "  pcall(function() getmetatable(fn).__call = nil end)\n"
               "end\n");
    run_spec(f,
             "local m = require('m')\n"
             "it('three calls stay three', function()\n"
             "  local s = spy.new(function() end)\n"
             "  m(s)\n"
             "  assert.spy(s).was.called(3)\n"
             "  assert.are.equal(3, #s.calls)\n"
             "  s:clear()\n"
             "  assert.spy(s).was_not.called()\n"
             "end)\n",
             0, 0);
    assert_int_equal(case_named(f, "three calls stay three")->verdict, VERDICT_PASS);
}

static void bytecode_refused(void **state)
{
    struct fixture *f = *state;
    write_file(f, "bc.lua",
               "local ok, err = load('\\27Lua' .. string.rep('x', 20))\n"
               "return err\n");
    run_spec(f,
             "it('refused', function()\n"
             "  local err = require('bc')\n"
             "  assert.truthy(err:find('binary'))\n"
             "end)\n",
             0, 0);
    assert_int_equal(case_named(f, "refused")->verdict, VERDICT_PASS);
}

static void timeout_ends_test_and_run_goes_on(void **state)
{
    struct fixture *f = *state;
    const struct report_case *c;
    run_spec(f,
             "it('spins', function() while true do end end)\n"
             "it('spins in pcall', function() while true do pcall(function() while true do end end) end end)\n"
             "it('spins in a coroutine', function()\n"
             "  coroutine.wrap(function() while true do end end)()\n"
             "end)\n"
             "it('fine', function() end)\n",
             0.2, 0);
    c = case_named(f, "spins");
    assert_int_equal(c->verdict, VERDICT_ERROR);
    assert_int_equal(c->kind, ERRKIND_TIMEOUT);
    assert_int_equal(case_named(f, "spins in pcall")->kind, ERRKIND_TIMEOUT);
    assert_int_equal(case_named(f, "spins in a coroutine")->kind, ERRKIND_TIMEOUT);
    assert_int_equal(case_named(f, "fine")->verdict, VERDICT_PASS);
}

static void memory_cap(void **state)
{
    struct fixture *f = *state;
    run_spec(f,
             "it('bomb', function()\n"
             "  assert(not pcall(collectgarbage, 'stop'))\n"
             "  local t = {}\n"
             "  for i = 1, 1e9 do t[i] = string.rep('x', 100000) .. i end\n"
             "end)\n"
             "it('fine', function() local t = {} for i = 1, 1000 do t[i] = i end end)\n",
             5, 32u << 20);
    assert_int_equal(case_named(f, "bomb")->verdict, VERDICT_ERROR);
    assert_int_equal(case_named(f, "bomb")->kind, ERRKIND_MEMORY);
    assert_int_equal(case_named(f, "fine")->verdict, VERDICT_PASS);
}

static void output_limit(void **state)
{
    struct fixture *f = *state;
    run_spec(f,
             "it('floods', function() for i = 1, 1e6 do print('spam spam spam') end end)\n"
             "it('quiet', function() print('hi') end)\n",
             5, 0);
    assert_int_equal(case_named(f, "floods")->kind, ERRKIND_OUTPUT_LIMIT);
    assert_true(strlen(case_named(f, "floods")->output) <= 4096);
    assert_string_equal(case_named(f, "quiet")->output, "hi\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(nesting_and_names, setup, teardown),
        cmocka_unit_test_setup_teardown(hook_order, setup, teardown),
        cmocka_unit_test_setup_teardown(pending_tests, setup, teardown),
        cmocka_unit_test_setup_teardown(fail_versus_error, setup, teardown),
        cmocka_unit_test_setup_teardown(error_in_hooks, setup, teardown),
        cmocka_unit_test_setup_teardown(where_failures_happen, setup, teardown),
        cmocka_unit_test_setup_teardown(module_without_return, setup, teardown),
        cmocka_unit_test_setup_teardown(error_value_metatable_trap, setup, teardown),
        cmocka_unit_test_setup_teardown(setup_teardown_once, setup, teardown),
        cmocka_unit_test_setup_teardown(spies_and_custom_assertions, setup, teardown),
        cmocka_unit_test_setup_teardown(syntax_error_in_spec, setup, teardown),
        cmocka_unit_test_setup_teardown(solution_cannot_touch_spec_world, setup, teardown),
        cmocka_unit_test_setup_teardown(bytecode_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(spec_world_is_sandboxed, setup, teardown),
        cmocka_unit_test_setup_teardown(helpers_and_dot_require, setup, teardown),
        cmocka_unit_test_setup_teardown(links_out_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(spy_records_unforgeable, setup, teardown),
        cmocka_unit_test_setup_teardown(timeout_ends_test_and_run_goes_on, setup, teardown),
        cmocka_unit_test_setup_teardown(memory_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(output_limit, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
