/* lualex.c: the Lua 5.4 tokenizer declared in lualex.h, written after the
 * rules of Lua 5.4's llex.c (lexer by Roberto Ierusalimschy et al., MIT
 * licence; no code copied): long brackets [==[ ]==], long comments, string
 * escapes (\z, \ddd, \x, \u{}, an escaped newline), numerals (hex, exponents,
 * hex floats), and the newline forms \n, \r, \r\n, \n\r. Depends on libc. */
#include "lualex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lexer {
    const unsigned char *s;
    size_t n, i;
    int line;
    size_t start; /* where the token being lexed began */
    size_t cap;
    struct lualex_result *r;
    int oom;
};

static const char *const keywords[] = {
    "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
    "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while"};

/* cur/at: the byte at the cursor (+k), or -1 past the end. */
static int at(const struct lexer *x, size_t k)
{
    return x->i + k < x->n ? x->s[x->i + k] : -1;
}
#define CUR(x) at((x), 0)

/* ASCII classes, as Lua's lctype.c has them (no locale). -1 is in none. */
#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')
#define IS_ALPHA(c) (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z'))
#define IS_ALNUM(c) (IS_ALPHA(c) || IS_DIGIT(c) || (c) == '_')
#define IS_XDIGIT(c) (IS_DIGIT(c) || ((c) >= 'a' && (c) <= 'f') || ((c) >= 'A' && (c) <= 'F'))
#define IS_SPACE(c) ((c) == ' ' || ((c) >= '\t' && (c) <= '\r'))

/* starts_token: 1 when byte c can begin a token, a space or a comment. */
static int starts_token(int c)
{
    return c > 0 && c < 128 && (IS_ALNUM(c) || IS_SPACE(c) || strchr("\"'+-*/%^#&~|<>=(){}[];:,.", c));
}

static int is_newline(int c)
{
    return c == '\n' || c == '\r';
}

/* newline: skips one newline (\n, \r, \r\n or \n\r) and counts the line. */
static void newline(struct lexer *x)
{
    int c = CUR(x);
    x->i++;
    if (is_newline(CUR(x)) && CUR(x) != c)
        x->i++;
    x->line++;
}

static void error_at(struct lexer *x, int line, const char *what)
{
    if (x->r->nerrors++ == 0) {
        x->r->first_error = line;
        snprintf(x->r->what, sizeof x->r->what, "%s", what);
    }
}

static void emit(struct lexer *x, int code, int line)
{
    struct lualex_result *r = x->r;
    if (x->oom)
        return;
    if (r->ntokens == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 256;
        struct lualex_token *t = realloc(r->tokens, cap * sizeof *t);
        if (t == NULL) {
            x->oom = 1;
            return;
        }
        r->tokens = t;
        x->cap = cap;
    }
    r->tokens[r->ntokens++] = (struct lualex_token){code, line, x->line, x->start, x->i - x->start};
}

/* skip_sep: at '[' or ']': consumes the bracket and the '='s after it
 * (llex.c's skip_sep). Returns count + 2 when the same bracket follows (a
 * well-formed "[==[", its last bracket not consumed), 1 for a lone bracket,
 * 0 for "[=" without its second bracket. */
static size_t skip_sep(struct lexer *x)
{
    int s = CUR(x);
    size_t count = 0;
    x->i++;
    while (CUR(x) == '=')
        x->i++, count++;
    return CUR(x) == s ? count + 2 : count == 0 ? 1 : 0;
}

/* long_text: the cursor on the second bracket of an opening long bracket of
 * level sep: skips past the matching closing bracket. Returns 0, or -1 at
 * the end of the text. */
static int long_text(struct lexer *x, size_t sep)
{
    x->i++;
    if (is_newline(CUR(x)))
        newline(x); /* the first newline is not part of the string */
    for (;;) {
        int c = CUR(x);
        if (c < 0)
            return -1;
        if (c == ']') {
            if (skip_sep(x) == sep) {
                x->i++;
                return 0;
            }
        } else if (is_newline(c)) {
            newline(x);
        } else {
            x->i++;
        }
    }
}

/* quoted: a string between `del` quotes, the cursor on the opening one. */
static void quoted(struct lexer *x, int del)
{
    int line = x->line;
    x->i++;
    for (;;) {
        int c = CUR(x);
        if (c < 0 || is_newline(c)) {
            error_at(x, line, "unfinished string");
            break;
        }
        x->i++;
        if (c == del)
            break;
        if (c != '\\')
            continue;
        c = CUR(x);
        if (is_newline(c)) {
            newline(x); /* "\<newline>" continues the string */
        } else if (c == 'z') {
            x->i++;
            while (IS_SPACE(CUR(x)))
                is_newline(CUR(x)) ? newline(x) : (void)x->i++;
        } else if (c >= 0) {
            x->i++; /* \n \" \ddd \x.. \u{...}: the rest is ordinary bytes */
        }
    }
    emit(x, LX_STRING, line);
}

/* numeral: llex.c's read_numeral: digits, '.', an exponent mark with an
 * optional sign ("Ee", or "Pp" after 0x), hex digits; a letter touching the
 * numeral is an error ("3x"), consumed with it. */
static void numeral(struct lexer *x)
{
    const char *expo = "Ee";
    int line = x->line;
    if (CUR(x) == '0' && (at(x, 1) == 'x' || at(x, 1) == 'X')) {
        expo = "Pp";
        x->i += 2;
    }
    for (;;) {
        int c = CUR(x);
        if (c > 0 && strchr(expo, c)) {
            x->i++;
            if (CUR(x) == '+' || CUR(x) == '-')
                x->i++;
        } else if (IS_XDIGIT(c) || c == '.') {
            x->i++;
        } else {
            break;
        }
    }
    if (IS_ALNUM(CUR(x))) {
        error_at(x, line, "malformed number");
        while (IS_ALNUM(CUR(x)))
            x->i++;
    }
    emit(x, LX_NUMBER, line);
}

static void name(struct lexer *x)
{
    size_t start = x->i, len;
    int code = LX_NAME;
    while (IS_ALNUM(CUR(x)))
        x->i++;
    len = x->i - start;
    if (len >= 2 && len <= 8 && x->s[start] >= 'a' && x->s[start] <= 'z') /* keywords: 2 to 8 lowercase letters */
        for (size_t k = 0; k < sizeof keywords / sizeof *keywords; k++)
            if (keywords[k][0] == (char)x->s[start] && strncmp(keywords[k], (const char *)x->s + start, len) == 0 &&
                keywords[k][len] == '\0')
                code = LX_AND + (int)k;
    emit(x, code, x->line);
}

/* comment: the cursor after "--": a long comment or one to the line's end. */
static void comment(struct lexer *x)
{
    int line = x->line;
    if (CUR(x) == '[') {
        size_t sep = skip_sep(x);
        if (sep >= 2) {
            if (long_text(x, sep) != 0)
                error_at(x, line, "unfinished long comment");
            return;
        }
    }
    while (CUR(x) >= 0 && !is_newline(CUR(x)))
        x->i++;
}

/* two: the multi-byte operator starting at the cursor, or 0. */
static int two(struct lexer *x, size_t *len)
{
    static const struct {
        const char *op;
        int code;
    } ops[] = {{"...", LX_DOTS}, {"..", LX_CONCAT}, {"//", LX_IDIV}, {"==", LX_EQ},
               {">=", LX_GE},    {"<=", LX_LE},     {"~=", LX_NE},   {"<<", LX_SHL},
               {">>", LX_SHR},   {"::", LX_DBCOLON}};
    for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
        size_t n = strlen(ops[k].op);
        if (x->i + n <= x->n && memcmp(x->s + x->i, ops[k].op, n) == 0) {
            *len = n;
            return ops[k].code;
        }
    }
    return 0;
}

/* one_token: lexes whatever starts at the cursor (never at the end). */
static void one_token(struct lexer *x)
{
    int c = CUR(x), code;
    size_t len;
    x->start = x->i;
    if (is_newline(c)) {
        newline(x);
    } else if (c == ' ' || c == '\t' || c == '\v' || c == '\f') {
        x->i++;
    } else if (IS_ALPHA(c) || c == '_') {
        name(x);
    } else if (IS_DIGIT(c) || (c == '.' && IS_DIGIT(at(x, 1)))) {
        numeral(x);
    } else if (c == '-' && at(x, 1) == '-') {
        x->i += 2;
        comment(x);
    } else if (c == '[') {
        int line = x->line;
        size_t sep = skip_sep(x);
        if (sep >= 2) {
            if (long_text(x, sep) != 0)
                error_at(x, line, "unfinished long string");
            emit(x, LX_STRING, line);
        } else if (sep == 1) {
            emit(x, LX_CHAR + '[', line);
        } else {
            error_at(x, line, "invalid long string delimiter");
        }
    } else if (c == '"' || c == '\'') {
        quoted(x, c);
    } else if (c > 0 && c < 128 && strchr("./=<>~:", c) && (code = two(x, &len)) != 0) {
        x->i += len;
        emit(x, code, x->line);
    } else if (c > 0 && c < 128 && strchr("+-*/%^#&~|<>=(){}];:,.", c)) {
        x->i++;
        emit(x, LX_CHAR + c, x->line);
    } else { /* a run of bytes that start no token is one error */
        error_at(x, x->line, "unexpected symbol");
        do
            x->i++;
        while (CUR(x) >= 0 && !starts_token(CUR(x)));
    }
}

int lualex_run(const char *src, size_t len, struct lualex_result *r)
{
    struct lexer x = {(const unsigned char *)src, len, 0, 1, 0, 0, r, 0};
    memset(r, 0, sizeof *r);
    if (len > 0 && src[0] == '#')
        while (x.i < x.n && !is_newline(CUR(&x)))
            x.i++;
    while (x.i < x.n && !x.oom)
        one_token(&x);
    if (x.oom) {
        lualex_free(r);
        return -1;
    }
    return 0;
}

void lualex_free(struct lualex_result *r)
{
    free(r->tokens);
    memset(r, 0, sizeof *r);
}

const char *lualex_name(int code)
{
    static const char *const multi[] = {"//", "..", "...", "==", ">=", "<=", "~=", "<<", ">>", "::"};
    static char single[128][2];
    if (code == LX_NAME)
        return "<name>";
    if (code == LX_STRING)
        return "<string>";
    if (code == LX_NUMBER)
        return "<number>";
    if (code >= LX_AND && code <= LX_WHILE)
        return keywords[code - LX_AND];
    if (code >= LX_IDIV && code <= LX_DBCOLON)
        return multi[code - LX_IDIV];
    if (code > LX_CHAR && code < LX_CHAR + 128) {
        single[code - LX_CHAR][0] = (char)(code - LX_CHAR);
        return single[code - LX_CHAR];
    }
    return "?";
}
