/* reference.h: the plain-C core of the `log-pipeline` kata's reference: a
 * streaming line splitter that cuts chunks of bytes into lines, carrying a
 * line that straddles chunks over to the next, and a parser that turns one
 * log line into its four fields. No Lua in it, so that
 * tests/test_log_pipeline.c can test it without a Lua state; the Lua binding
 * lives in reference.c. Depends on the C standard library only. */
#ifndef DOJO_KATA_LOG_PIPELINE_REFERENCE_H
#define DOJO_KATA_LOG_PIPELINE_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

/* An allocator with lua_Alloc's contract: (ud, NULL, 0, n) allocates n
 * bytes, (ud, p, old, n) resizes p from old to n bytes, (ud, p, old, 0)
 * frees p and returns NULL; it returns NULL when it can't allocate, and
 * then leaves p as it was. The Lua binding passes Lua's own allocator, so
 * the carry buffer counts against the state's memory cap. */
typedef void *(*log_pipeline_alloc)(void *ud, void *ptr, size_t osize, size_t nsize);

/* What log_pipeline_splitter_next() found. */
enum log_pipeline_split {
    LOG_PIPELINE_LINE,      /* a line: *line and *len are set */
    LOG_PIPELINE_NEED_MORE, /* the chunk is used up: feed the next, or end */
    LOG_PIPELINE_END,       /* the input ended and every line was given out */
    LOG_PIPELINE_NOMEM,     /* the carry buffer could not grow; nothing lost */
};

/* A line splitter over a stream of chunks. A line ends at '\n' or at the
 * end of the input; one '\r' just before that end is dropped (CRLF), and
 * the '\n' is never part of the line. Input that ends with '\n' has no
 * empty line after it; empty input has no lines at all.
 *
 * Ownership: the splitter owns `carry` (allocated through `alloc`, freed by
 * log_pipeline_splitter_free); it borrows `chunk` from the caller, who
 * must keep those bytes alive and unchanged until next() says NEED_MORE or
 * END. Lines handed out point into the chunk or into the carry buffer and
 * stay valid only until the next call on the splitter. The struct itself
 * is the caller's (stack, malloc, or a Lua userdata). */
struct log_pipeline_splitter {
    log_pipeline_alloc alloc; /* how carry is allocated */
    void *alloc_ud;           /* alloc's first argument */
    char *carry;              /* the start of a line begun in earlier chunks */
    size_t carry_len;         /* bytes in carry */
    size_t carry_cap;         /* bytes allocated for carry */
    bool carry_out;           /* carry was handed out as a line: clear it next */
    const char *chunk;        /* the chunk being cut, borrowed; NULL if none */
    size_t chunk_len;         /* bytes in chunk */
    size_t pos;               /* where the next line starts in chunk */
    bool ended;               /* log_pipeline_splitter_end() was called */
};

/* log_pipeline_splitter_init: an empty splitter: no chunk, no carry, not
 * ended. `alloc` may be NULL: the C library's realloc and free are then
 * used, and `alloc_ud` is ignored. Allocates nothing; can't fail. */
void log_pipeline_splitter_init(struct log_pipeline_splitter *s, log_pipeline_alloc alloc,
                                void *alloc_ud);

/* log_pipeline_splitter_free: frees the carry buffer. The splitter may be
 * initialized again afterwards; nothing else to clean up. Can't fail. */
void log_pipeline_splitter_free(struct log_pipeline_splitter *s);

/* log_pipeline_splitter_feed: hands the splitter the next `len` bytes of
 * input, borrowed (see the struct). Only allowed when no chunk is being
 * cut (at the start, or after next() said NEED_MORE) and before
 * log_pipeline_splitter_end(); checked with assert(). `len` may be 0.
 * Can't fail: copying happens in next(). */
void log_pipeline_splitter_feed(struct log_pipeline_splitter *s, const char *chunk, size_t len);

/* log_pipeline_splitter_end: there is no more input; the next calls of
 * next() hand out the last line if the input did not end with '\n', then
 * END forever. Only allowed when no chunk is being cut (assert()). */
void log_pipeline_splitter_end(struct log_pipeline_splitter *s);

/* log_pipeline_splitter_next: the next line, in *line and *len (bytes, no
 * '\n', no final '\r'; *line is not NUL-terminated and may be NULL when
 * *len is 0), with LOG_PIPELINE_LINE. Otherwise NEED_MORE (the rest of the
 * chunk, a line not finished yet, was copied into the carry buffer), END,
 * or NOMEM when the carry buffer could not grow: then nothing was consumed
 * and the call may be repeated once memory is available. Cost: O(bytes
 * scanned), plus a copy of the bytes of any line that straddles chunks. */
enum log_pipeline_split log_pipeline_splitter_next(struct log_pipeline_splitter *s,
                                                   const char **line, size_t *len);

/* One field of a parsed line: `len` bytes at `start`, pointing into the
 * line that was parsed (borrowed; not NUL-terminated). */
struct log_pipeline_field {
    const char *start;
    size_t len;
};

/* A parsed log line, "<time> <level> <service>[ <message>]". */
struct log_pipeline_record {
    struct log_pipeline_field time;    /* "YYYY-MM-DDTHH:MM:SSZ", 20 bytes */
    struct log_pipeline_field level;   /* capital letters A-Z, >= 1 */
    struct log_pipeline_field service; /* non-space bytes, >= 1 */
    struct log_pipeline_field message; /* the rest after one space; may be empty */
};

/* What log_pipeline_parse() made of a line. */
enum log_pipeline_parsed {
    LOG_PIPELINE_RECORD,    /* well-formed: the record is filled in */
    LOG_PIPELINE_BLANK,     /* the empty line: skipped, not an error */
    LOG_PIPELINE_MALFORMED, /* anything else */
};

/* log_pipeline_parse: parses the `len` bytes at `line` (no '\n'; NUL bytes
 * are ordinary bytes). A well-formed line is a timestamp of the form
 * YYYY-MM-DDTHH:MM:SSZ (digits where the letters Y M D H S stand), one
 * space, a level of one or more capital letters A-Z, one space, a service
 * of one or more bytes that are not white space (space, \t, \n, \v, \f,
 * \r), and then either the end of the line (message "") or one space and
 * the message, the rest of the line whatever it holds. Fills *rec with
 * fields pointing into `line` only for LOG_PIPELINE_RECORD. Reads nothing
 * past line + len; allocates nothing; can't fail. */
enum log_pipeline_parsed log_pipeline_parse(const char *line, size_t len,
                                            struct log_pipeline_record *rec);

#endif
