/* reference.c: the `late-binding` kata: closures made in a loop see one
 * variable per iteration (fresh), one for the whole loop (shared), or a
 * copy of its value taken when they were made (fixed, through bind).
 * Idiom (part 1, no Lua; tests/test_late_binding.c): environment + function
 * pointer closures whose environment is a heap cell (capture by reference:
 * late binding) or a copied value (capture by value). Cells are reference-
 * counted, one reference per closure, the last release frees the cell, so
 * "how many variables has the loop?" becomes "how many cells?". The cells
 * model Lua's upvalues: Ierusalimschy, de Figueiredo, Celes, "The
 * Implementation of Lua 5.0" (J.UCS 11(7), 2005).
 * Binding (luaopen_late_binding): a cell is a userdata, the upvalue of a
 * getter and a setter C closure; bind returns a C closure with copies of
 * its arguments as upvalues (cf. functools.partial) and calls f with
 * lua_callk so f may yield. Sources: Lua 5.4 manual sec. 3.5 (ten closures
 * in a loop), 4.2, 4.5; Python FAQ "Why do lambdas defined in a loop with
 * different values all return the same result?"
 * (https://docs.python.org/3/faq/programming.html). */

#include "reference.h"

#include <assert.h>
#include <stdlib.h>

#include <lauxlib.h>
#include <lua.h>

/* ------------------------------------------------------------------------
 * Part 1: the core.
 *
 * A closure keeps what it uses from the code around it in one of two ways.
 * By reference: it holds a pointer to the variable's cell, and reads the
 * cell when called, so it sees the variable's value at call time, whatever
 * happened in between (late binding). By value: it holds a copy made when
 * the closure was made, and sees that forever (early binding). Lua and
 * Python closures capture by reference, always; a default argument or
 * functools.partial, and bind in this kata, capture by value.
 *
 * With capture by reference, what a closure made in a loop sees depends on
 * how many variables the loop has. late_binding_fresh models Lua's `for`
 * (a new variable, so a new cell, per iteration); late_binding_shared
 * models Python's `for` and a Lua `while` over an outer local (one
 * variable, one cell, for the whole loop, every closure pointing at it).
 * Cells shared by several closures are reference-counted so that the last
 * closure to go frees its cell.
 * ------------------------------------------------------------------------ */

/* late_binding_cell_init: a caller-owned cell holding `value`. */
void late_binding_cell_init(struct late_binding_cell *cell, long long value)
{
    assert(cell != NULL);
    cell->value = value;
    cell->refs = 0;
}

/* late_binding_read_cell: the captured variable's value, now. */
long long late_binding_read_cell(const struct late_binding_closure *self)
{
    assert(self != NULL && self->cell != NULL);
    return self->cell->value;
}

/* late_binding_read_copy: the value copied when the closure was made. */
long long late_binding_read_copy(const struct late_binding_closure *self)
{
    assert(self != NULL);
    return self->copy;
}

/* new_cell: a malloc'ed cell holding `value`, with no reference yet;
 * NULL when out of memory. */
static struct late_binding_cell *new_cell(long long value)
{
    struct late_binding_cell *cell = malloc(sizeof *cell);

    if (cell != NULL)
        late_binding_cell_init(cell, value);
    return cell;
}

/* late_binding_fresh: one new cell per iteration. On running out of memory
 * it frees the cells of the iterations before. */
int late_binding_fresh(struct late_binding_closure *out, size_t n)
{
    size_t i;

    assert(out != NULL || n == 0);
    for (i = 0; i < n; i++) {
        /* The body of `while i < n do i = i + 1; local v = i; ... end`:
         * `local v` is a new variable, so a new cell, on every pass. */
        struct late_binding_cell *v = new_cell((long long)i + 1);
        if (v == NULL) {
            late_binding_release(out, i);
            return -1;
        }
        v->refs = 1;
        out[i] = (struct late_binding_closure){late_binding_read_cell, v, 0};
    }
    return 0;
}

/* late_binding_shared: one cell for the whole loop, the counter itself. */
int late_binding_shared(struct late_binding_closure *out, size_t n)
{
    struct late_binding_cell *i;

    assert(out != NULL || n == 0);
    if (n == 0)
        return 0; /* no closure would capture the counter: it needs no cell */
    i = new_cell(0); /* `local i = 0`, before the loop */
    if (i == NULL)
        return -1;
    while ((size_t)i->value < n) {
        i->value++;
        /* Every closure points at the counter itself, not at its value. */
        out[i->value - 1] = (struct late_binding_closure){late_binding_read_cell, i, 0};
        i->refs++;
    }
    return 0; /* i->value is n now, and so is what every closure returns */
}

/* late_binding_fixed: shared's loop, closures capturing copies. */
void late_binding_fixed(struct late_binding_closure *out, size_t n)
{
    long long i = 0; /* the loop's one variable: it needs no cell, since no
                        closure points at it; each takes a copy */

    assert(out != NULL || n == 0);
    while ((size_t)i < n) {
        i++;
        out[i - 1] = (struct late_binding_closure){late_binding_read_copy, NULL, i};
    }
}

/* late_binding_call: runs f's code on f. */
long long late_binding_call(const struct late_binding_closure *f)
{
    assert(f != NULL && f->code != NULL);
    return f->code(f);
}

/* late_binding_assign: writes through f's cell; -1 if f has none. */
int late_binding_assign(const struct late_binding_closure *f, long long value)
{
    assert(f != NULL);
    if (f->cell == NULL)
        return -1;
    f->cell->value = value;
    return 0;
}

/* late_binding_release: drops one reference per closure that holds one. */
void late_binding_release(struct late_binding_closure *fs, size_t n)
{
    size_t i;

    assert(fs != NULL || n == 0);
    for (i = 0; i < n; i++) {
        struct late_binding_cell *cell = fs[i].cell;
        if (cell == NULL)
            continue;
        assert(cell->refs > 0); /* a caller-owned cell must not be released */
        if (--cell->refs == 0)
            free(cell);
        fs[i].cell = NULL;
    }
}

/* ------------------------------------------------------------------------
 * Part 2: the Lua binding.
 *
 * The module is a table of four C functions; what they return is built
 * from C closures (lua_pushcclosure), C functions with values attached,
 * their upvalues, read through lua_upvalueindex(i).
 *
 *   fresh(n), shared(n)  A variable is a full userdata holding a struct
 *                        late_binding_cell. Each getter and each setter is
 *                        a C closure whose one upvalue is the cell: fresh
 *                        makes a new cell per iteration, shared one for
 *                        the whole loop, counting in it as the loop goes.
 *                        The cells belong to Lua's garbage collector (refs
 *                        stays 0): a cell lives as long as some getter or
 *                        setter holding it does.
 *   bind(f, ...)         returns a C closure whose upvalues are f, the
 *                        number k of bound arguments, and the k arguments
 *                        themselves: copies of the values, taken now.
 *   fixed(n)             bind(identity, i) for each i of shared's loop.
 *
 * Nothing here mallocs: if an error interrupts a loop (out of memory, say),
 * the collector reclaims what was made, and nothing leaks.
 * ------------------------------------------------------------------------ */

/* The upvalues of a closure returned by bind: f, then k, then the k bound
 * arguments. A C closure has at most 255 upvalues, so k <= 253. */
enum { BOUND_F = 1, BOUND_K, BOUND_FIRST_ARG };
#define MAX_BOUND (255 - 2)

/* check_n: argument 1 as a count: an integer-valued number >= 0 (3.0 will
 * do; "3" won't). Raises "bad argument #1 to 'fname' (non-negative integer
 * expected, got ...)" otherwise, with luaL_error rather than luaL_argerror,
 * which would word a colon call's error "calling 'fname' on bad self".
 * [-0, +0, v] */
static lua_Integer check_n(lua_State *L, const char *fname)
{
    int isint = 0;
    lua_Integer n = 0;

    if (lua_type(L, 1) == LUA_TNUMBER)
        n = lua_tointegerx(L, 1, &isint);
    if (!isint || n < 0) {
        /* A number is shown by value (-1, 1.5), anything else by type. */
        const char *got = lua_type(L, 1) == LUA_TNUMBER ? luaL_tolstring(L, 1, NULL)
                                                        : luaL_typename(L, 1);
        luaL_error(L, "bad argument #1 to '%s' (non-negative integer expected, got %s)", fname,
                   got);
    }
    return n;
}

/* new_list: pushes an empty table sized for n items. [-0, +1, m] */
static void new_list(lua_State *L, lua_Integer n)
{
    lua_createtable(L, n < (1 << 16) ? (int)n : (1 << 16), 0);
}

/* l_cell_get: a getter: returns the value of its cell, upvalue 1. */
static int l_cell_get(lua_State *L)
{
    const struct late_binding_cell *cell = lua_touserdata(L, lua_upvalueindex(1));

    lua_pushinteger(L, cell->value);
    return 1;
}

/* l_cell_set: a setter: set(v) assigns the integer v to its cell,
 * upvalue 1, and returns nothing. */
static int l_cell_set(lua_State *L)
{
    struct late_binding_cell *cell = lua_touserdata(L, lua_upvalueindex(1));

    cell->value = luaL_checkinteger(L, 1);
    return 0;
}

/* add_pair: with gets at index `gets`, sets at gets + 1 and a cell on
 * top, stores a getter and a setter over that cell at [i] of each list,
 * and pops the cell. [-1, +0, m] */
static void add_pair(lua_State *L, int gets, lua_Integer i)
{
    lua_pushvalue(L, -1);
    lua_pushcclosure(L, l_cell_get, 1); /* the cell is its upvalue */
    lua_rawseti(L, gets, i);
    lua_pushcclosure(L, l_cell_set, 1); /* the same cell, popped */
    lua_rawseti(L, gets + 1, i);
}

/* new_cell_ud: pushes a new cell, a userdata holding `value`. [-0, +1, m] */
static void new_cell_ud(lua_State *L, lua_Integer value)
{
    struct late_binding_cell *cell = lua_newuserdatauv(L, sizeof *cell, 0);

    late_binding_cell_init(cell, value);
}

/* l_fresh: fresh(n) -> gets, sets: n getter/setter pairs, each pair over a
 * cell of its own, holding i. */
static int l_fresh(lua_State *L)
{
    lua_Integer n = check_n(L, "fresh"), i = 0;

    lua_settop(L, 0);
    new_list(L, n); /* 1: gets */
    new_list(L, n); /* 2: sets */
    while (i < n) {
        i++;
        new_cell_ud(L, i); /* `local v = i`: a new cell on every pass */
        add_pair(L, 1, i);
    }
    return 2;
}

/* l_shared: shared(n) -> gets, sets: n getter/setter pairs over one cell,
 * the loop's counter, which holds n at the end. */
static int l_shared(lua_State *L)
{
    lua_Integer n = check_n(L, "shared");
    struct late_binding_cell *i;

    lua_settop(L, 0);
    new_list(L, n); /* 1: gets */
    new_list(L, n); /* 2: sets */
    new_cell_ud(L, 0); /* 3: `local i = 0`, one cell before the loop */
    i = lua_touserdata(L, 3);
    while (i->value < n) {
        i->value++;
        lua_pushvalue(L, 3);
        add_pair(L, 1, i->value);
    }
    lua_settop(L, 2);
    return 2;
}

/* bound_k: the continuation of the lua_callk in l_bound, run in place of
 * returning into it when f yields and is resumed: f has returned, and the
 * stack holds its results. */
static int bound_k(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    (void)ctx;
    return lua_gettop(L);
}

/* l_bound: a function made by bind: g(...) -> f(b1, ..., bk, ...), all of
 * f's results. f may yield: the call is a lua_callk, whose continuation
 * (bound_k) returns the results when the coroutine is resumed. */
static int l_bound(lua_State *L)
{
    int nargs = lua_gettop(L);
    int k = (int)lua_tointeger(L, lua_upvalueindex(BOUND_K));
    int j;

    luaL_checkstack(L, k + 1, "too many arguments");
    lua_pushvalue(L, lua_upvalueindex(BOUND_F));
    for (j = 0; j < k; j++)
        lua_pushvalue(L, lua_upvalueindex(BOUND_FIRST_ARG + j));
    lua_rotate(L, 1, k + 1); /* f, b1, ..., bk, arg1, ..., argn */
    lua_callk(L, k + nargs, LUA_MULTRET, 0, bound_k);
    return lua_gettop(L);
}

/* push_bound: with f and k values above it on top of the stack, replaces
 * them with the closure bind returns. k <= MAX_BOUND. [-(k+1), +1, m] */
static void push_bound(lua_State *L, int k)
{
    assert(k >= 0 && k <= MAX_BOUND);
    lua_pushinteger(L, k);
    lua_insert(L, -(k + 1)); /* f, k, b1, ..., bk */
    lua_pushcclosure(L, l_bound, k + 2);
}

/* l_bind: bind(f, ...) -> g, a C closure over f and copies of the other
 * arguments, nils included (at most 253 of them). f is not checked:
 * calling g fails when f can't be called, as calling f would. */
static int l_bind(lua_State *L)
{
    int k;

    if (lua_gettop(L) == 0)
        lua_settop(L, 1); /* bind() binds nothing to f = nil */
    k = lua_gettop(L) - 1;
    if (k > MAX_BOUND)
        return luaL_error(L, "too many arguments to 'bind' (%d; at most %d)", k, MAX_BOUND);
    push_bound(L, k);
    return 1;
}

/* l_identity: returns its arguments, all of them: the f of fixed. */
static int l_identity(lua_State *L)
{
    return lua_gettop(L);
}

/* l_fixed: fixed(n) -> gets: shared's loop over one counter, but each
 * getter is bind(identity, i), which copies i's value as it is then. */
static int l_fixed(lua_State *L)
{
    lua_Integer n = check_n(L, "fixed"), i = 0;

    lua_settop(L, 0);
    new_list(L, n); /* 1: gets */
    while (i < n) {
        i++;
        lua_pushcfunction(L, l_identity);
        lua_pushinteger(L, i); /* the value of i, now: a copy */
        push_bound(L, 1);
        lua_rawseti(L, 1, i);
    }
    return 1;
}

/* luaopen_late_binding: the module's loader. require("late_binding")
 * returns { fresh = ..., shared = ..., bind = ..., fixed = ... }. */
int luaopen_late_binding(lua_State *L)
{
    static const luaL_Reg module[] = {
        {"fresh", l_fresh},
        {"shared", l_shared},
        {"bind", l_bind},
        {"fixed", l_fixed},
        {NULL, NULL},
    };

    luaL_newlib(L, module);
    return 1;
}
