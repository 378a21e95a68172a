/* lualex.h: a Lua 5.4 tokenizer for tools that read learners' code without
 * running it (dojo similar). It follows the token rules of Lua 5.4's llex.c
 * (long brackets, long comments, escapes, numerals, the four newline forms)
 * but never stops: a run of bytes that start no token is reported as one
 * error and skipped. Character classes are ASCII, as in Lua's lctype.c.
 * Depends on libc only. */
#ifndef DOJO_LUALEX_H
#define DOJO_LUALEX_H

#include <stddef.h>

/* Token codes. Names, strings and numbers are normalised to one code per
 * kind (their text is dropped); each keyword and operator has its own. */
enum lualex_code {
    LX_NAME = 1,
    LX_STRING,
    LX_NUMBER,
    /* keywords, in the order of llex.c's luaX_tokens */
    LX_AND, LX_BREAK, LX_DO, LX_ELSE, LX_ELSEIF, LX_END, LX_FALSE, LX_FOR,
    LX_FUNCTION, LX_GOTO, LX_IF, LX_IN, LX_LOCAL, LX_NIL, LX_NOT, LX_OR,
    LX_REPEAT, LX_RETURN, LX_THEN, LX_TRUE, LX_UNTIL, LX_WHILE,
    /* multi-byte operators */
    LX_IDIV, LX_CONCAT, LX_DOTS, LX_EQ, LX_GE, LX_LE, LX_NE, LX_SHL, LX_SHR,
    LX_DBCOLON,
    /* one-byte operators are coded as LX_CHAR + the byte */
    LX_CHAR = 64
};

struct lualex_token {
    int code;  /* an enum lualex_code (LX_CHAR + c for the one-byte ones) */
    int line;  /* 1-based line where the token starts */
    int last;  /* line where it ends (differs for long strings) */
    size_t pos; /* byte offset of its first byte in the source */
    size_t len; /* its length in bytes (a long string's brackets included) */
};

struct lualex_result {
    struct lualex_token *tokens; /* malloc'ed, ntokens of them; NULL when 0 */
    size_t ntokens;
    int nerrors;       /* runs of bytes skipped, unfinished strings, comments */
    int first_error;   /* line of the first error, 0 when none */
    char what[96];     /* the first error in words ("" when none) */
};

/* lualex_run: tokenizes `len` bytes of `src` (need not be NUL-terminated;
 * NUL bytes are errors, as anything else that starts no token). A first
 * line starting with '#' is skipped, as lua.c does. Fills *r; on success
 * returns 0 and the caller frees r->tokens with lualex_free. Errors in the
 * text never fail the call: they are counted in r->nerrors and lexing goes
 * on after them. Returns -1 only when memory runs out (r is then empty). */
int lualex_run(const char *src, size_t len, struct lualex_result *r);

/* lualex_free: frees r's tokens and empties it. Safe on an empty result. */
void lualex_free(struct lualex_result *r);

/* lualex_name: a printable name for token code `code` ("<name>", "end",
 * "..", "+"); never NULL. The string is static, or for one-byte operators a
 * static per-code table entry. */
const char *lualex_name(int code);

#endif
