/* replcomplete.c: Tab completion for the REPL: :commands, kata and lesson
 * names after the commands that take them, and Lua names: globals, session
 * locals, and fields after '.' or ':' following metatable __index chains
 * when __index is a table. No learner code runs: raw access only, and an
 * __index function is never called. Depends on Lua 5.4, readline,
 * kata.h, pack.h (every pack's names), replvars.h and util.h. */
#include "replcomplete.h"

#include <dirent.h>
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "kata.h"
#include "pack.h"
#include "replvars.h"
#include "util.h"

#define CHAIN_MAX 16 /* __index tables followed at most */

static lua_State *cstate;
static char cpack[4096];
static char **cands;
static size_t ncands;

static const char *const commands[] = {
    ":help",  ":lesson", ":run",  ":kata",  ":start", ":check",    ":hint",  ":load",
    ":reload", ":edit",  ":time", ":mem",   ":reset", ":upvalues", ":quit",  NULL};

/* Commands whose argument is a kata id, then those taking a lesson name. */
static const char *const kata_cmds[] = {"kata", "start", "check", "hint", "load", "edit", "reference", NULL};

void replcomplete_setup(lua_State *L, const char *pack)
{
    cstate = L;
    snprintf(cpack, sizeof cpack, "%s", pack ? pack : "");
}

static void clear(void)
{
    for (size_t i = 0; i < ncands; i++)
        free(cands[i]);
    free(cands);
    cands = NULL;
    ncands = 0;
}

/* add: a candidate `head` + `name` when name starts with `part`, once. */
static void add(const char *head, const char *name, const char *part)
{
    char tmp[512];
    char **p;
    if (strncmp(name, part, strlen(part)) != 0)
        return;
    snprintf(tmp, sizeof tmp, "%s%s", head, name);
    for (size_t i = 0; i < ncands; i++)
        if (strcmp(cands[i], tmp) == 0)
            return;
    if ((p = realloc(cands, (ncands + 1) * sizeof *p)) == NULL)
        return;
    cands = p;
    if ((cands[ncands] = util_strdup(tmp)) != NULL)
        ncands++;
}

static char *gen(const char *text, int state)
{
    static size_t i;
    (void)text;
    if (state == 0)
        i = 0;
    return i < ncands ? util_strdup(cands[i++]) : NULL;
}

struct addctx {
    const char *head, *part;
};

static void add_kata(const char *dir, void *ud)
{
    const struct addctx *c = ud;
    add(c->head, pack_kata_name(dir), c->part); /* pack/id when two packs have the id */
}

/* add_lessons: names of pack/lessons/NN-NAME.md, as NAME. */
static void add_lessons(const char *part)
{
    char dir[4200], name[256];
    DIR *d;
    struct dirent *e;
    const struct pack_set *packs;
    if (pack_catalogue_of(cpack, &packs, dir, sizeof dir) == 1) { /* every pack's */
        for (int i = 0; i < packs->nlessons; i++)
            add("", packs->lessons[i].shown, part);
        return;
    }
    if (util_path_join(dir, sizeof dir, cpack, "lessons") != 0 || (d = opendir(dir)) == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        const char *dash = strchr(e->d_name, '-');
        size_t n;
        if (!util_ends_with(e->d_name, ".md") || dash == NULL)
            continue;
        n = strlen(dash + 1) - 3;
        snprintf(name, sizeof name, "%.*s", (int)n, dash + 1);
        add("", name, part);
    }
    closedir(d);
}

/* add_fields: [-0, +0, m] candidates from the string keys of the table on
 * top, then of its metatable's __index while that is a table. */
static void add_fields(lua_State *L, const char *head, const char *part)
{
    int top = lua_gettop(L);
    for (int hop = 0; hop < CHAIN_MAX && lua_type(L, -1) == LUA_TTABLE; hop++) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            lua_pop(L, 1);
            if (lua_type(L, -1) == LUA_TSTRING)
                add(head, lua_tostring(L, -1), part);
        }
        if (!lua_getmetatable(L, -1))
            break;
        lua_pushliteral(L, "__index");
        lua_rawget(L, -2);
        lua_remove(L, -2);
    }
    lua_settop(L, top);
}

/* field: [-1, +1, -] replaces the table on top with its field `k` (n
 * bytes), looked up raw and then through __index tables; nil when absent
 * or when the value on top is not a table. */
static void field(lua_State *L, const char *k, size_t n)
{
    int hop = 0;
    lua_pushvalue(L, -1); /* [v, cur] */
    while (lua_type(L, -1) == LUA_TTABLE && hop++ < CHAIN_MAX) {
        lua_pushlstring(L, k, n);
        if (lua_rawget(L, -2) != LUA_TNIL) { /* [v, cur, found] */
            lua_replace(L, -3);
            lua_pop(L, 1);
            return;
        }
        lua_pop(L, 1);
        if (!lua_getmetatable(L, -1))
            break;
        lua_pushliteral(L, "__index"); /* [v, cur, mt, "__index"] */
        lua_rawget(L, -2);
        lua_remove(L, -2);
        lua_remove(L, -2); /* [v, next] */
    }
    lua_pop(L, 2);
    lua_pushnil(L);
}

static void add_local(const char *name, void *ud)
{
    const struct addctx *c = ud;
    add(c->head, name, c->part);
}

/* complete_lua: candidates for the Lua name `text` (a, a.b, a.b:c). */
static void complete_lua(lua_State *L, const char *text)
{
    char head[512];
    const char *dot = strrchr(text, '.'), *colon = strrchr(text, ':');
    const char *p = text, *q;
    int top = lua_gettop(L);
    if (colon && (!dot || colon > dot))
        dot = colon;
    if (dot == NULL) {
        struct addctx c = {"", text};
        replvars_names(L, add_local, &c);
        lua_pushglobaltable(L);
        add_fields(L, "", text);
        lua_settop(L, top);
        return;
    }
    q = strpbrk(p, ".:");
    lua_pushlstring(L, p, (size_t)(q - p));
    if (!replvars_push(L, lua_tostring(L, -1))) {
        lua_pushglobaltable(L);
        field(L, p, (size_t)(q - p));
    }
    lua_remove(L, -2);
    for (p = q + 1; p <= dot && (q = strpbrk(p, ".:")) != NULL && q <= dot; p = q + 1)
        if (q > p)
            field(L, p, (size_t)(q - p));
    if (lua_type(L, -1) == LUA_TSTRING && *dot == ':') {
        lua_pop(L, 1);
        lua_getglobal(L, "string");
    }
    snprintf(head, sizeof head, "%.*s", (int)(dot - text + 1), text);
    add_fields(L, head, dot + 1);
    lua_settop(L, top);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **replcomplete(const char *line, const char *text, int start)
{
    const char *cmd_end;
    clear();
    if (cstate == NULL)
        return NULL;
    if (start == 0 && text[0] == ':') {
        for (const char *const *c = commands; *c; c++)
            add("", *c, text);
    } else if (line[0] == ':' && (cmd_end = strchr(line, ' ')) != NULL &&
               start > (int)(cmd_end - line)) {
        size_t n = (size_t)(cmd_end - line - 1);
        struct addctx c = {"", text};
        int kind = 0; /* 0 Lua, 1 kata, 2 lesson */
        for (const char *const *k = kata_cmds; *k; k++)
            if (strlen(*k) == n && strncmp(line + 1, *k, n) == 0)
                kind = 1;
        if (n == 6 && strncmp(line + 1, "lesson", 6) == 0)
            kind = 2;
        if (kind == 1)
            kata_list(cpack, add_kata, &c);
        else if (kind == 2)
            add_lessons(text);
        else
            complete_lua(cstate, text);
    } else {
        complete_lua(cstate, text);
    }
    qsort(cands, ncands, sizeof *cands, cmp_str);
    return ncands ? rl_completion_matches(text, gen) : NULL;
}
