/* sha256.h: SHA-256 (FIPS 180-4) for content hashes that hostile input must
 * not be able to collide: the grading cache's keys (gradecache.h) and the
 * checksums of its entries. Depends on nothing but the C library. */
#ifndef DOJO_SHA256_H
#define DOJO_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_BYTES 32

/* A running hash: init, update any number of times, final once. */
struct sha256 {
    uint32_t h[8];
    uint64_t bytes;      /* message length so far */
    unsigned char block[64];
    size_t used;         /* bytes waiting in block */
};

/* sha256_init: a fresh hash. Can't fail. */
void sha256_init(struct sha256 *s);

/* sha256_update: hashes n bytes at p (p may be NULL when n is 0). Can't fail. */
void sha256_update(struct sha256 *s, const void *p, size_t n);

/* sha256_final: the 32-byte digest into out; s is used up (init to reuse). */
void sha256_final(struct sha256 *s, unsigned char out[SHA256_BYTES]);

/* sha256_hex: the digest as 64 lowercase hex digits and a NUL into out. */
void sha256_hex(const unsigned char digest[SHA256_BYTES], char out[2 * SHA256_BYTES + 1]);

#endif
