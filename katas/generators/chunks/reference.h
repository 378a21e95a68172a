/* reference.h: the plain-C core of the `chunks` kata's reference: the
 * bookkeeping of a generator that cuts a stream of items into chunks of up
 * to `size`, as an explicit state machine. It never sees the items (Lua
 * values in the binding), only where each one goes, so tests/test_chunks.c
 * can drive it without a Lua state. Depends on the C standard library only. */
#ifndef DOJO_KATA_CHUNKS_REFERENCE_H
#define DOJO_KATA_CHUNKS_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

/* What the generator must do next; every function below returns one. */
enum chunks_step {
    CHUNKS_PULL, /* ask the source for its next item */
    CHUNKS_EMIT, /* the chunk being built is finished: hand it out; the
                    next item starts a new chunk */
    CHUNKS_END,  /* nothing left: hand out "no more chunks" */
};

enum chunks_state {
    CHUNKS_RUNNING, /* the source may have more items */
    CHUNKS_DONE,    /* the source has ended: never pull from it again */
};

/* One chunking generator. The caller owns the struct (stack, heap, or a
 * userdata as in the Lua binding) and the storage of the chunk being
 * built; the struct holds no pointers and needs no cleanup. */
struct chunks {
    size_t size;   /* the most items a chunk holds, >= 1 */
    size_t filled; /* items in the chunk being built, 0 .. size-1 */
    enum chunks_state state;
};

/* chunks_init: readies `c` for chunks of up to `size` (>= 1, checked with
 * assert()) items, with nothing pulled yet. Can't fail. */
void chunks_init(struct chunks *c, size_t size);

/* chunks_start: a call of the generator begins. Returns CHUNKS_PULL while
 * the source may have items, CHUNKS_END once it has ended (and forever
 * after). Reads `c` only; can't fail. */
enum chunks_step chunks_start(const struct chunks *c);

/* chunks_item: the source handed out an item (after a CHUNKS_PULL). Sets
 * *slot to its 1-based position in the chunk being built; slot 1 means a
 * new chunk starts with it. Returns CHUNKS_EMIT when that item fills the
 * chunk (which must then be handed out, and the next item starts a new
 * one), CHUNKS_PULL otherwise. Must not be called once DONE (assert()).
 * Can't fail. */
enum chunks_step chunks_item(struct chunks *c, size_t *slot);

/* chunks_source_end: the source returned "no more items" (after a
 * CHUNKS_PULL). `c` becomes DONE for good. Returns CHUNKS_EMIT if a
 * partly filled chunk is waiting (hand it out: it is the last one), or
 * CHUNKS_END if there is none. Can't fail. */
enum chunks_step chunks_source_end(struct chunks *c);

#endif
