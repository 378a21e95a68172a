/* panic.c: the Lua panic handler (see panic.h). The Lua manual (lua_atpanic)
 * allows a panic function to avoid abort() by a long jump to a recovery point
 * outside Lua; that is what main's recovery point is. Depends on Lua 5.4,
 * POSIX (getpid, _exit). */
#include "panic.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static jmp_buf *recovery;
static pid_t recovery_pid;

void panic_set_recovery(jmp_buf *jb)
{
    recovery = jb;
    recovery_pid = jb ? getpid() : 0;
}

int panic_handler(lua_State *L)
{
    const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    if (msg == NULL)
        msg = "(the error object is not a string)";
    fprintf(stderr, "dojo: internal error: a Lua error outside a protected call: %.300s\n", msg);
    fflush(stderr);
    if (recovery && getpid() == recovery_pid)
        longjmp(*recovery, 1);
    _exit(PANIC_EXIT);
}
