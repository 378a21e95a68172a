/* test_sha256.c: SHA-256 (sha256.h) against the example vectors of FIPS
 * 180-4 / NIST's "SHA-256 examples" (abc, the 448-bit message, a million
 * 'a's) and the empty message, fed whole and a byte at a time. Depends on
 * cmocka and sha256.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "sha256.h"

static void check(const char *msg, size_t n, size_t repeat, int bytewise, const char *want)
{
    struct sha256 s;
    unsigned char d[SHA256_BYTES];
    char hex[2 * SHA256_BYTES + 1];
    sha256_init(&s);
    for (size_t r = 0; r < repeat; r++) {
        if (bytewise)
            for (size_t i = 0; i < n; i++)
                sha256_update(&s, msg + i, 1);
        else
            sha256_update(&s, msg, n);
    }
    sha256_final(&s, d);
    sha256_hex(d, hex);
    assert_string_equal(hex, want);
}

static void test_vectors(void **state)
{
    (void)state;
    for (int bytewise = 0; bytewise < 2; bytewise++) {
        check("", 0, 1, bytewise, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        check("abc", 3, 1, bytewise, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        check(m448, strlen(m448), 1, bytewise,
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }
    check("aaaaaaaaaa", 10, 100000, 0, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* 55, 56 and 64 bytes: the padding's edge cases */
    check("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 55, 1, 0,
          "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    check("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 56, 1, 0,
          "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_vectors)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
