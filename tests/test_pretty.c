/* test_pretty.c: cmocka unit tests for pretty.c, the value printer: scalars,
 * strings, key order, line breaking, caps, cycles, functions, __tostring,
 * colour, memory errors and the Lua-facing show(). Every test gets a fresh
 * Lua state with the standard libraries and `pretty` loaded. Depends on Lua
 * 5.4, cmocka and pretty.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pretty.h"

/* setup: a fresh state with the standard libraries and global `pretty`. */
static int setup(void **state)
{
    lua_State *L = luaL_newstate();
    if (L == NULL)
        return -1;
    luaL_openlibs(L);
    luaL_requiref(L, "pretty", luaopen_dojo_pretty, 1);
    lua_pop(L, 1);
    *state = L;
    return 0;
}

static int teardown(void **state)
{
    lua_close(*state);
    return 0;
}

/* eval: runs `code` (chunk name "=stdin") and leaves its first result on the
 * stack; fails the test on a Lua error. */
static void eval(lua_State *L, const char *code)
{
    if (luaL_loadbufferx(L, code, strlen(code), "=stdin", "t") != LUA_OK ||
        lua_pcall(L, 0, 1, 0) != LUA_OK)
        fail_msg("lua error: %s", lua_tostring(L, -1));
}

/* show: evaluates `code` and renders its result with `o` (NULL: defaults).
 * The text stays anchored on L's stack until the test ends. */
static const char *show(lua_State *L, const char *code, const struct pretty_opts *o)
{
    int top;
    eval(L, code);
    top = lua_gettop(L);
    pretty_push(L, -1, o);
    assert_int_equal(lua_gettop(L), top + 1);
    assert_int_equal(lua_type(L, -1), LUA_TSTRING);
    return lua_tostring(L, -1);
}

/* opts: the defaults with width and the caps changed. */
static struct pretty_opts opts(int width, int max_depth, int max_items)
{
    struct pretty_opts o;
    pretty_defaults(&o);
    o.width = width;
    o.max_depth = max_depth;
    o.max_items = max_items;
    return o;
}

static void test_defaults(void **state)
{
    struct pretty_opts o;
    (void)state;
    pretty_defaults(&o);
    assert_int_equal(o.max_depth, 4);
    assert_int_equal(o.max_items, 50);
    assert_int_equal(o.width, 80);
    assert_int_equal(o.color, 0);
    assert_int_equal(o.quote_top, 1);
}

static void test_scalars(void **state)
{
    lua_State *L = *state;
    assert_string_equal(show(L, "return nil", NULL), "nil");
    assert_string_equal(show(L, "return true", NULL), "true");
    assert_string_equal(show(L, "return false", NULL), "false");
    assert_string_equal(show(L, "return 3", NULL), "3");
    assert_string_equal(show(L, "return -42", NULL), "-42");
    assert_string_equal(show(L, "return math.mininteger", NULL), "-9223372036854775808");
    assert_string_equal(show(L, "return 'hi'", NULL), "\"hi\"");
}

static void test_floats_vs_integers(void **state)
{
    lua_State *L = *state;
    assert_string_equal(show(L, "return 1.0", NULL), "1.0");
    assert_string_equal(show(L, "return 100.0", NULL), "100.0");
    assert_string_equal(show(L, "return -0.0", NULL), "-0.0");
    assert_string_equal(show(L, "return 0.1", NULL), "0.1");
    assert_string_equal(show(L, "return 3 / 2", NULL), "1.5");
    assert_string_equal(show(L, "return 4 / 2", NULL), "2.0");
    assert_string_equal(show(L, "return 4 // 2", NULL), "2");
    assert_string_equal(show(L, "return math.pi", NULL), "3.1415926535898");
    assert_string_equal(show(L, "return 1e15", NULL), "1e+15");
    assert_string_equal(show(L, "return 2^63", NULL), "9.2233720368548e+18");
    assert_string_equal(show(L, "return 1/0", NULL), "inf");
    assert_string_equal(show(L, "return -1/0", NULL), "-inf");
    assert_string_equal(show(L, "return 0/0", NULL), "nan");
    assert_string_equal(show(L, "return -(0/0)", NULL), "nan");
    assert_string_equal(show(L, "return {1, 1.0}", NULL), "{ 1, 1.0 }");
}

static void test_string_escaping(void **state)
{
    lua_State *L = *state;
    struct pretty_opts raw;
    assert_string_equal(show(L, "return 'a\\n\\tb'", NULL), "\"a\\n\\tb\"");
    assert_string_equal(show(L, "return 'say \"hi\" \\\\ bye\\r'", NULL),
                        "\"say \\\"hi\\\" \\\\ bye\\r\"");
    /* \0 before a digit needs three digits to stay unambiguous */
    assert_string_equal(show(L, "return '\\0' .. '1' .. '\\0x\\27\\127'", NULL),
                        "\"\\0001\\0x\\27\\127\"");
    assert_string_equal(show(L, "return 'caf\\u{e9}'", NULL), "\"caf\xc3\xa9\"");
    assert_string_equal(show(L, "return ''", NULL), "\"\"");
    pretty_defaults(&raw);
    raw.quote_top = 0;
    assert_string_equal(show(L, "return 'a\\nb'", &raw), "a\nb");
    assert_string_equal(show(L, "return {'a\\nb'}", &raw), "{ \"a\\nb\" }");
}

static void test_array_then_sorted_keys(void **state)
{
    lua_State *L = *state;
    struct pretty_opts wide = opts(100, 4, 50);
    assert_string_equal(show(L, "return {}", NULL), "{}");
    assert_string_equal(show(L, "return {10, 20, 30, x = 1, [5] = 50}", NULL),
                        "{ 10, 20, 30, [5] = 50, x = 1 }");
    assert_string_equal(show(L, "return {1, nil, 3}", NULL), "{ 1, [3] = 3 }");
    assert_string_equal(
        show(L, "return {[10] = 1, b = 2, [true] = 3, [2] = 4, a = 5, [false] = 6,"
                " [1.5] = 7, [-1] = 8}", &wide),
        "{ [-1] = 8, [1.5] = 7, [2] = 4, [10] = 1, a = 5, b = 2, [false] = 6, [true] = 3 }");
    assert_string_equal(show(L, "return {1, 2, 3, name = 'x', [true] = 1, ['two words'] = 2}", NULL),
                        "{ 1, 2, 3, name = \"x\", [\"two words\"] = 2, [true] = 1 }");
}

static void test_identifier_keys(void **state)
{
    lua_State *L = *state;
    const char *s;
    assert_string_equal(
        show(L, "return {['end'] = 1, _a1 = 2, ['1x'] = 3, ['a-b'] = 4, [''] = 5, Ok = 6}", NULL),
        "{ [\"\"] = 5, [\"1x\"] = 3, Ok = 6, _a1 = 2, [\"a-b\"] = 4, [\"end\"] = 1 }");
    assert_string_equal(show(L, "return {['a\\nb'] = 1}", NULL), "{ [\"a\\nb\"] = 1 }");
    s = show(L, "return {[{}] = 1}", NULL);
    assert_true(strncmp(s, "{ [table: 0x", 12) == 0);
    assert_non_null(strstr(s, "] = 1 }"));
}

static void test_line_breaking(void **state)
{
    lua_State *L = *state;
    struct pretty_opts o = opts(22, 4, 50);
    const char *code = "return {1, 2, 3, name = 'x', nested = {a = 1}}";
    assert_string_equal(show(L, code, NULL), "{ 1, 2, 3, name = \"x\", nested = { a = 1 } }");
    assert_string_equal(show(L, code, &o),
                        "{\n  1,\n  2,\n  3,\n  name = \"x\",\n  nested = { a = 1 },\n}");
    o.width = 20; /* "  nested = { a = 1 }," is 21 columns */
    assert_string_equal(show(L, code, &o),
                        "{\n  1,\n  2,\n  3,\n  name = \"x\",\n  nested = {\n    a = 1,\n  },\n}");
    o.width = 8; /* exactly fits */
    assert_string_equal(show(L, "return {1, 2}", &o), "{ 1, 2 }");
    o.width = 7;
    assert_string_equal(show(L, "return {1, 2}", &o), "{\n  1,\n  2,\n}");
    o.width = 20;
    assert_string_equal(show(L, "return {{1, 2, 3, 4, 5, 6, 7}, {8}}", &o),
                        "{\n  {\n    1,\n    2,\n    3,\n    4,\n    5,\n    6,\n    7,\n  },\n"
                        "  { 8 },\n}");
}

/* Natural key order: digit runs compare by value, so key2 < key10; ties in
 * value (leading zeros) still give a fixed order. */
static void test_natural_key_order(void **state)
{
    lua_State *L = *state;
    assert_string_equal(show(L, "return {key10 = 1, key2 = 2, key1 = 3, key = 4}", NULL),
                        "{ key = 4, key1 = 3, key2 = 2, key10 = 1 }");
    assert_string_equal(show(L, "return {a10b2 = 1, a10b10 = 2, a9 = 3, b = 4, A = 5}", NULL),
                        "{ A = 5, a9 = 3, a10b2 = 1, a10b10 = 2, b = 4 }");
    assert_string_equal(show(L, "return {x01 = 1, x1 = 2, x001 = 3}", NULL),
                        "{ x001 = 3, x01 = 1, x1 = 2 }");
}

/* pack: a long array fills lines (several items a line, within the width);
 * hash entries and multi-line items stay one per line. */
static void test_pack(void **state)
{
    lua_State *L = *state;
    struct pretty_opts o = opts(20, 4, 1000);
    const char *s;
    int lines = 0;
    o.pack = 1;
    assert_string_equal(show(L, "return {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}", &o),
                        "{\n  1, 2, 3, 4, 5, 6,\n  7, 8, 9, 10, 11,\n  12,\n}");
    assert_string_equal(show(L, "return {10, 20, 30, 40, 50, 60, name = 'x'}", &o),
                        "{\n  10, 20, 30, 40,\n  50, 60,\n  name = \"x\",\n}");
    /* still one line when it fits */
    assert_string_equal(show(L, "return {1, 2}", &o), "{ 1, 2 }");
    /* a multi-line item: no packing */
    assert_string_equal(show(L, "return {{1, 2, 3, 4, 5, 6, 7}, {8}}", &o),
                        "{\n  {\n    1, 2, 3, 4, 5,\n    6, 7,\n  },\n  { 8 },\n}");
    /* the "more" note on its own line */
    o.max_items = 8;
    assert_string_equal(show(L, "local t = {} for i = 1, 20 do t[i] = i end return t", &o),
                        "{\n  1, 2, 3, 4, 5, 6,\n  7, 8,\n  ... (12 more)\n}");
    /* 200 items at 80 columns take a handful of lines, none wider than 80 */
    o = opts(80, 4, 1000);
    o.pack = 1;
    s = show(L, "local t = {} for i = 1, 200 do t[i] = i * 7 end return t", &o);
    for (const char *p = s; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        assert_true(n <= 80);
        lines++;
        p += n + (nl != NULL);
    }
    assert_in_range(lines, 12, 18); /* "{", 14 or so lines of items, "}" */
    assert_non_null(strstr(s, " 1400,\n}"));
}

static void test_depth_cap(void **state)
{
    lua_State *L = *state;
    struct pretty_opts o = opts(80, 2, 50);
    const char *code = "return {a = {b = {c = 1}}, e = {}}";
    assert_string_equal(show(L, code, NULL), "{ a = { b = { c = 1 } }, e = {} }");
    assert_string_equal(show(L, code, &o), "{ a = { b = {...} }, e = {} }");
    o.max_depth = 0;
    assert_string_equal(show(L, code, &o), "{...}");
    assert_string_equal(show(L, "return {{{{{1}}}}}", NULL), "{ { { { {...} } } } }");
    /* an absurd max_depth is clamped, so a long chain can't blow the C stack */
    o = opts(1 << 30, 1 << 30, 50);
    assert_non_null(strstr(show(L, "local t = {} for i = 1, 1000 do t = {t} end return t", &o),
                           "{...}"));
}

static void test_max_items(void **state)
{
    lua_State *L = *state;
    struct pretty_opts o = opts(80, 4, 3);
    const char *code = "return {1, 2, 3, 4, 5, a = 1}";
    assert_string_equal(show(L, code, &o), "{ 1, 2, 3, ... (3 more) }");
    o.max_items = 6;
    assert_string_equal(show(L, code, &o), "{ 1, 2, 3, 4, 5, a = 1 }");
    o.max_items = 0;
    assert_string_equal(show(L, code, &o), "{ ... (6 more) }");
    o = opts(10, 4, 2);
    assert_string_equal(show(L, code, &o), "{\n  1,\n  2,\n  ... (4 more)\n}");
    o = opts(80, 4, 5);
    assert_string_equal(show(L, "return {z = 1, y = 2, x = 3, w = 4, v = 5, u = 6, t = 7}", &o),
                        "{ t = 7, u = 6, v = 5, w = 4, x = 3, ... (2 more) }");
}

static void test_self_cycle(void **state)
{
    lua_State *L = *state;
    assert_string_equal(show(L, "local t = {1} t.self = t return t", NULL),
                        "{ 1, self = <cycle: root> }");
    assert_string_equal(show(L, "local t = {} t[1] = t return {t}", NULL),
                        "{ { <cycle: root[1]> } }");
}

static void test_two_table_cycle(void **state)
{
    lua_State *L = *state;
    assert_string_equal(
        show(L, "local a = {name = 'a'} local b = {name = 'b', parent = a} a.child = b return a",
             NULL),
        "{ child = { name = \"b\", parent = <cycle: root> }, name = \"a\" }");
    assert_string_equal(
        show(L, "local t = {list = {{}}} t.list[1].up = t.list return t", NULL),
        "{ list = { { up = <cycle: root.list> } } }");
    assert_string_equal(
        show(L, "local t = {['two words'] = {}} t['two words'][2] = t['two words'] return t",
             NULL),
        "{ [\"two words\"] = { [2] = <cycle: root[\"two words\"]> } }");
}

static void test_shared_not_cycle(void **state)
{
    lua_State *L = *state;
    assert_string_equal(show(L, "local t = {1, 2} return {a = t, b = t, t}", NULL),
                        "{ { 1, 2 }, a = { 1, 2 }, b = { 1, 2 } }");
}

static void test_functions(void **state)
{
    lua_State *L = *state;
    const char *lim = "\n\nlocal function f() end\nreturn f";
    assert_string_equal(show(L, "return print", NULL), "function: builtin");
    assert_string_equal(show(L, "return string.format", NULL), "function: builtin");
    assert_string_equal(show(L, "return function() end", NULL), "function: stdin:1");
    assert_string_equal(show(L, "local t = {}\n\nfunction t.f()\nend\nreturn t", NULL),
                        "{ f = function: stdin:3 }");
    if (luaL_loadbuffer(L, lim, strlen(lim), "@katas/limiter.lua") != LUA_OK)
        fail();
    lua_call(L, 0, 1);
    pretty_push(L, -1, NULL);
    assert_string_equal(lua_tostring(L, -1), "function: katas/limiter.lua:3");
}

/* new_point: a userdata whose metatable has __name "Point" and no __tostring. */
static int new_point(lua_State *L)
{
    lua_newuserdatauv(L, 1, 0);
    luaL_newmetatable(L, "Point");
    lua_setmetatable(L, -2);
    return 1;
}

static void test_threads_and_userdata(void **state)
{
    lua_State *L = *state;
    struct pretty_opts wide = opts(100, 4, 50);
    const char *s;
    lua_register(L, "new_point", new_point);
    assert_string_equal(show(L, "return new_point()", NULL), "userdata: Point");
    assert_string_equal(
        show(L, "local co = coroutine.create(function() coroutine.yield() end)\n"
                "local fresh = coroutine.create(print)\n"
                "local done = coroutine.create(function() end)\n"
                "coroutine.resume(co) coroutine.resume(done)\n"
                "return {co, fresh, done, (coroutine.running())}", &wide),
        "{ coroutine: suspended, coroutine: suspended, coroutine: dead, coroutine: running }");
    /* seen from inside: itself running, the coroutine that resumed it normal */
    eval(L, "return coroutine.wrap(function()\n"
            "  local outer = coroutine.running()\n"
            "  return coroutine.wrap(function()\n"
            "    return pretty.show({coroutine.running(), outer})\n"
            "  end)()\nend)()");
    assert_string_equal(lua_tostring(L, -1), "{ coroutine: running, coroutine: normal }");
    s = show(L, "return coroutine.running()", NULL);
    assert_string_equal(s, "coroutine: running"); /* the main thread, from itself */
    lua_pushlightuserdata(L, (void *)L);
    pretty_push(L, -1, NULL);
    assert_true(strncmp(lua_tostring(L, -1), "userdata: 0x", 12) == 0);
}

static void test_tostring_ok(void **state)
{
    lua_State *L = *state;
    const char *mt = "local P = {__tostring = function(p) return 'P(' .. p.x .. ', ' .. p.y .. ')' end}\n";
    char code[512];
    snprintf(code, sizeof code, "%sreturn setmetatable({x = 1, y = 2}, P)", mt);
    assert_string_equal(show(L, code, NULL), "P(1, 2)");
    snprintf(code, sizeof code, "%sreturn {a = setmetatable({x = 1, y = 2}, P), 'z'}", mt);
    assert_string_equal(show(L, code, NULL), "{ \"z\", a = P(1, 2) }");
}

static void test_tostring_raising(void **state)
{
    lua_State *L = *state;
    assert_string_equal(
        show(L, "return setmetatable({}, {__tostring = function() error('boom') end})", NULL),
        "<table: __tostring failed: stdin:1: boom>");
    assert_string_equal(
        show(L, "return {setmetatable({}, {__tostring = function() error({}) end})}", NULL),
        "{ <table: __tostring failed: (error object is a table value)> }");
    assert_string_equal(
        show(L, "return setmetatable({}, {__tostring = function() return 42 end})", NULL),
        "<table: __tostring failed: returned a number, not a string>");
    assert_string_equal(
        show(L, "return setmetatable({}, {__tostring = function() error(string.rep('x', 99), 0) end})",
             NULL),
        "<table: __tostring failed: "
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...>");
    assert_string_equal(
        show(L, "return setmetatable({}, {__tostring = function() error('one\\ntwo', 0) end})", NULL),
        "<table: __tostring failed: one...>");
    assert_string_equal(show(L, "return setmetatable({}, {__tostring = 'nope'})", NULL),
                        "<table: __tostring failed: attempt to call a string value>");
}

static void test_raw_access_only(void **state)
{
    lua_State *L = *state;
    assert_string_equal(
        show(L, "local boom = function() error('called') end\n"
                "return setmetatable({1, a = 2}, {__index = function(t, k) return k end,\n"
                "  __pairs = boom, __len = boom, __eq = boom, __lt = boom})", NULL),
        "{ 1, a = 2 }");
}

static void test_color(void **state)
{
    lua_State *L = *state;
    struct pretty_opts o;
    const char *all = "return {1, 2.5, 's', true, nil, print, x = {}, y = coroutine.create(print),"
                      " z = setmetatable({}, {__tostring = error})}";
    pretty_defaults(&o);
    assert_null(strchr(show(L, all, &o), '\033'));
    assert_null(strchr(show(L, "local t = {} t.t = t return t", &o), '\033'));
    o.color = 1;
    assert_non_null(strchr(show(L, all, &o), '\033'));
    assert_string_equal(show(L, "return {1, 's', true, k = false}", &o),
                        "{ \033[36m1\033[0m, \033[32m\"s\"\033[0m, \033[35mtrue\033[0m,"
                        " k = \033[35mfalse\033[0m }");
    assert_string_equal(show(L, "return print", &o), "\033[2mfunction: builtin\033[0m");
    o.width = 8; /* escapes take no columns */
    assert_string_equal(show(L, "return {1, 2}", &o), "{ \033[36m1\033[0m, \033[36m2\033[0m }");
}

/* A Lua allocator that fails every growing allocation once `left` of them
 * are used up (left -1: no limit). */
struct budget {
    long left;
};

static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct budget *b = ud;
    if (nsize == 0) {
        free(ptr);
        return NULL;
    }
    if ((ptr == NULL || nsize > osize) && b->left >= 0) {
        if (b->left == 0)
            return NULL; /* stays exhausted until the test resets it */
        b->left--;
    }
    return realloc(ptr, nsize);
}

/* call_pretty: show(v) without the option parsing, for lua_pcall. */
static int call_pretty(lua_State *L)
{
    struct pretty_opts o;
    pretty_defaults(&o);
    o.width = 30;
    pretty_push(L, 1, &o);
    return 1;
}

static void test_memory_errors(void **state)
{
    struct budget b = {-1};
    lua_State *L = lua_newstate(limited_alloc, &b);
    const char *want = "{\n  1.5,\n  \"two\\n\",\n  a = { b = { 1, 2, 3 } },\n"
                       "  [\"long key\"] = <cycle: root>,\n}";
    int status = LUA_ERRMEM;
    (void)state;
    assert_non_null(L);
    luaL_openlibs(L);
    eval(L, "local t = {1.5, 'two\\n', a = {b = {1, 2, 3}}} t['long key'] = t return t");
    for (long limit = 0; status == LUA_ERRMEM && limit < 100000; limit++) {
        lua_pushcfunction(L, call_pretty);
        lua_pushvalue(L, -2);
        b.left = limit;
        status = lua_pcall(L, 1, 1, 0);
        b.left = -1;
        if (status == LUA_OK)
            assert_string_equal(lua_tostring(L, -1), want);
        else
            assert_int_equal(status, LUA_ERRMEM);
        lua_pop(L, 1);
    }
    assert_int_equal(status, LUA_OK);
    lua_close(L);
}

static void test_lua_show(void **state)
{
    lua_State *L = *state;
    eval(L, "return pretty.show({1, 'a', k = {}})");
    assert_string_equal(lua_tostring(L, -1), "{ 1, \"a\", k = {} }");
    eval(L, "return pretty.show('a\\n')");
    assert_string_equal(lua_tostring(L, -1), "\"a\\n\"");
    eval(L, "return pretty.show('a\\n', {quote_top = false})");
    assert_string_equal(lua_tostring(L, -1), "a\n");
    eval(L, "return pretty.show(nil)");
    assert_string_equal(lua_tostring(L, -1), "nil");
    eval(L, "return pretty.show({1, 2, 3}, {width = 8})");
    assert_string_equal(lua_tostring(L, -1), "{\n  1,\n  2,\n  3,\n}");
    eval(L, "return pretty.show({{{1}}, 2, 3}, {max_depth = 2, max_items = 2})");
    assert_string_equal(lua_tostring(L, -1), "{ { {...} }, 2, ... (1 more) }");
    eval(L, "return pretty.show(1, {color = true})");
    assert_string_equal(lua_tostring(L, -1), "\033[36m1\033[0m");
    eval(L, "return select(2, pcall(pretty.show, 1, {width = 'wide'}))");
    assert_non_null(strstr(lua_tostring(L, -1), "bad option 'width' to 'show' (integer expected"));
    eval(L, "return select(2, pcall(pretty.show))");
    assert_non_null(strstr(lua_tostring(L, -1), "bad argument #1"));
    assert_non_null(strstr(lua_tostring(L, -1), "(value expected)"));
    eval(L, "return select(2, pcall(pretty.show, 1, 'x'))");
    assert_non_null(strstr(lua_tostring(L, -1), "bad argument #2"));
    assert_non_null(strstr(lua_tostring(L, -1), "(table expected, got string)"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test_setup_teardown(test_scalars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_floats_vs_integers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_string_escaping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_array_then_sorted_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_identifier_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_breaking, setup, teardown),
        cmocka_unit_test_setup_teardown(test_natural_key_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pack, setup, teardown),
        cmocka_unit_test_setup_teardown(test_depth_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_items, setup, teardown),
        cmocka_unit_test_setup_teardown(test_self_cycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_table_cycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shared_not_cycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_functions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_threads_and_userdata, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tostring_ok, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tostring_raising, setup, teardown),
        cmocka_unit_test_setup_teardown(test_raw_access_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_color, setup, teardown),
        cmocka_unit_test(test_memory_errors),
        cmocka_unit_test_setup_teardown(test_lua_show, setup, teardown),
    };
    return cmocka_run_group_tests_name("pretty", tests, NULL, NULL);
}
