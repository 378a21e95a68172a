/* test_async.c: the C half of the event loop: the timer heap's order (by
 * time, ties first in first out), emptiness, growth, and a randomised check
 * against sorting; and the task layer (async_task.c) driven from C: task
 * threads named through their extra space only while their task runs,
 * garbage in the main thread's extra space cleared by the module, and a
 * task yielding through a C function with a continuation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <lauxlib.h>
#include <lualib.h>

#include "async.h"
#include "sandbox.h"

static void empty_heap(void **state)
{
    struct async_heap h;
    struct async_timer t;
    (void)state;
    async_heap_init(&h);
    assert_null(async_heap_peek(&h));
    assert_int_equal(async_heap_pop(&h, &t), -1);
    async_heap_free(&h);
}

static void pops_in_time_order(void **state)
{
    struct async_heap h;
    struct async_timer t;
    (void)state;
    async_heap_init(&h);
    assert_int_equal(async_heap_push(&h, 3.0, 30), 0);
    assert_int_equal(async_heap_push(&h, 1.0, 10), 0);
    assert_int_equal(async_heap_push(&h, 2.0, 20), 0);
    assert_int_equal(async_heap_peek(&h)->id, 10);
    for (long want = 10; want <= 30; want += 10) {
        assert_int_equal(async_heap_pop(&h, &t), 0);
        assert_int_equal(t.id, want);
        assert_true(t.when == (double)want / 10.0);
    }
    assert_null(async_heap_peek(&h));
    async_heap_free(&h);
}

static void equal_times_first_in_first_out(void **state)
{
    struct async_heap h;
    struct async_timer t;
    (void)state;
    async_heap_init(&h);
    for (long i = 0; i < 100; i++)
        assert_int_equal(async_heap_push(&h, 5.0, i), 0);
    for (long i = 0; i < 100; i++) {
        assert_int_equal(async_heap_pop(&h, &t), 0);
        assert_int_equal(t.id, i);
    }
    async_heap_free(&h);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void random_pushes_come_out_sorted(void **state)
{
    enum { N = 5000 };
    static double want[N];
    struct async_heap h;
    struct async_timer t;
    (void)state;
    srand(42);
    async_heap_init(&h);
    for (long i = 0; i < N; i++) {
        want[i] = (double)(rand() % 1000) / 10.0;
        assert_int_equal(async_heap_push(&h, want[i], i), 0);
    }
    qsort(want, N, sizeof *want, cmp_double);
    for (long i = 0; i < N; i++) {
        assert_int_equal(async_heap_pop(&h, &t), 0);
        assert_true(t.when == want[i]);
    }
    assert_int_equal(async_heap_pop(&h, &t), -1);
    async_heap_free(&h);
}

/* run_lua: runs chunk in L; returns its first result as a string (static
 * copy) or the error message, prefixed "ERR: ". */
static const char *run_lua(lua_State *L, const char *chunk)
{
    static char out[512];
    int st = luaL_loadstring(L, chunk);
    if (st == LUA_OK)
        st = lua_pcall(L, 0, 1, 0);
    snprintf(out, sizeof out, "%s%s", st == LUA_OK ? "" : "ERR: ",
             lua_tostring(L, -1) ? lua_tostring(L, -1) : luaL_typename(L, -1));
    lua_pop(L, 1);
    return out;
}

/* A state made without sandbox_new, whose main thread's extra space holds
 * garbage (Lua leaves it uninitialised): loading the module clears it, so
 * sleep outside a task raises instead of reading the garbage as a task. */
static void garbage_extra_space_is_cleared(void **state)
{
    lua_State *L = luaL_newstate();
    (void)state;
    *(void **)lua_getextraspace(L) = (void *)(uintptr_t)0xdeadbeef;
    luaL_openlibs(L);
    luaL_requiref(L, "async", luaopen_dojo_async, 1);
    lua_pop(L, 1);
    assert_null(*(void **)lua_getextraspace(L));
    assert_string_equal(run_lua(L, "local ok, e = pcall(async.sleep, 0) return e"),
                        "async.sleep must be called inside a task (under async.run)");
    assert_string_equal(run_lua(L, "return async.run(function() async.sleep(0) return 'ran' end)"),
                        "ran");
    lua_close(L);
}

/* The thread's extra space names its task while it runs, and nothing once
 * it has ended (so a stashed coroutine can't reach the loop). */
static void extra_space_names_the_task_only_while_it_runs(void **state)
{
    lua_State *L = sandbox_new(0);
    (void)state;
    assert_non_null(L);
    assert_string_equal(run_lua(L, "async = require('async') return 'ok'"), "ok");
    assert_string_equal(run_lua(L, "return async.run(function()\n"
                                   "  local t = async.spawn(function() async.sleep(0) end)\n"
                                   "  co = nil\n"
                                   "  local w = async.spawn(function() co = coroutine.running() end)\n"
                                   "  w:await() t:await() return 'done'\n"
                                   "end)"),
                        "done");
    lua_getglobal(L, "co");
    assert_non_null(lua_tothread(L, -1));
    assert_null(*(void **)lua_getextraspace(lua_tothread(L, -1)));
    lua_pop(L, 1);
    sandbox_close(L);
}

/* c_worker: a task body in C: sleeps through lua_callk twice, then
 * returns its argument doubled (what the katas' references do). */
static int c_worker_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    if (ctx < 2) {
        lua_getglobal(L, "async");
        lua_getfield(L, -1, "sleep");
        lua_remove(L, -2);
        lua_pushinteger(L, 0);
        lua_callk(L, 1, 0, ctx + 1, c_worker_k);
        return c_worker_k(L, LUA_OK, ctx + 1);
    }
    lua_pushinteger(L, 2 * luaL_checkinteger(L, 1));
    return 1;
}

static int c_worker(lua_State *L)
{
    return c_worker_k(L, LUA_OK, 0);
}

static void a_c_function_task_yields_through_continuations(void **state)
{
    lua_State *L = sandbox_new(0);
    (void)state;
    assert_non_null(L);
    lua_pushcfunction(L, c_worker);
    lua_setglobal(L, "c_worker");
    assert_string_equal(run_lua(L, "async = require('async')\n"
                                   "local log = {}\n"
                                   "local r = async.run(function()\n"
                                   "  local a = async.spawn(c_worker, 21)\n"
                                   "  local b = async.spawn(function() for i = 1, 3 do log[#log + 1] = i async.sleep(0) end end)\n"
                                   "  return a:await() + #log\n"
                                   "end)\n"
                                   "return tostring(r)"),
                        "45");
    sandbox_close(L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_heap),
        cmocka_unit_test(pops_in_time_order),
        cmocka_unit_test(equal_times_first_in_first_out),
        cmocka_unit_test(random_pushes_come_out_sorted),
        cmocka_unit_test(garbage_extra_space_is_cleared),
        cmocka_unit_test(extra_space_names_the_task_only_while_it_runs),
        cmocka_unit_test(a_c_function_task_yields_through_continuations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
