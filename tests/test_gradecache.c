/* test_gradecache.c: the grading cache (gradecache.h): keys change with
 * any file of the submission or kata, a limit or the module, and only then;
 * a stored run reads back field for field; an entry flipped, cut, padded or
 * forged (a failing case turned into a pass without the checksum) is a
 * miss, never a result; timeouts are not stored. Depends on cmocka,
 * gradecache.h, report/report.h, util.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gradecache.h"
#include "report/report.h"
#include "util.h"

static char root[256], sub[300], kata[300], cache[300];

static void sh(const char *cmd)
{
    char full[4096];
    snprintf(full, sizeof full, "cd '%s' && %s", root, cmd);
    assert_int_equal(system(full), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/dojo-test-cache.XXXXXX");
    if (mkdtemp(root) == NULL)
        return -1;
    snprintf(sub, sizeof sub, "%s/s1", root);
    snprintf(kata, sizeof kata, "%s/kata", root);
    snprintf(cache, sizeof cache, "%s/cache", root);
    return 0;
}

static int teardown(void **state)
{
    char cmd[512];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static void key(char hex[65], double timeout)
{
    struct spec_limits lim = {timeout, 256u << 20, 1u << 20, 20};
    assert_int_equal(gradecache_key(sub, kata, "limiter", &lim, 0, hex), 0);
    assert_int_equal(strlen(hex), 64);
}

static void test_key(void **state)
{
    char a[65], b[65];
    (void)state;
    sh("mkdir -p s1/lib kata && echo 'return 1' >s1/limiter.lua && echo 'return 2' >s1/lib/x.lua && "
       "echo 'it()' >kata/spec.lua");
    key(a, 5);
    key(b, 5);
    assert_string_equal(a, b);
    key(b, 6); /* a limit */
    assert_string_not_equal(a, b);
    sh("echo 'return 3' >s1/lib/x.lua");
    key(b, 5); /* a file of the submission */
    assert_string_not_equal(a, b);
    sh("echo 'return 2' >s1/lib/x.lua");
    key(b, 5); /* back as it was */
    assert_string_equal(a, b);
    sh("mv s1/lib/x.lua s1/lib/y.lua");
    key(b, 5); /* a name */
    assert_string_not_equal(a, b);
    sh("mv s1/lib/y.lua s1/lib/x.lua && echo 'it() it()' >kata/spec.lua");
    key(b, 5); /* the spec */
    assert_string_not_equal(a, b);
    sh("echo 'it()' >kata/spec.lua && ln -s /etc/passwd s1/link");
    key(b, 5); /* a link, by its target, not followed */
    assert_string_not_equal(a, b);
    sh("rm s1/link");
}

static void sample_run(struct report_run *r)
{
    struct report_case c;
    report_run_init(r, "s1");
    memset(&c, 0, sizeof c);
    c.id = 1, c.name = "limits calls", c.suite = "limiter", c.file = "limiter/spec.lua", c.line = 12;
    c.verdict = VERDICT_PASS, c.duration = 0.25, c.test_code = "assert.equal(1, f())";
    assert_non_null(report_add(r, &c));
    c.id = 2, c.name = "resets", c.verdict = VERDICT_FAIL, c.message = "Expected 1, got 2";
    c.expected = "1", c.actual = "2", c.output = "printed\n";
    assert_non_null(report_add(r, &c));
    c.id = 5, c.name = "errors", c.verdict = VERDICT_ERROR, c.kind = ERRKIND_RUNTIME, c.message = "boom";
    assert_non_null(report_add(r, &c));
    r->duration = 1.5;
}

static int load(const char *hex, struct report_run *out)
{
    report_run_init(out, "again");
    int rc = gradecache_load(cache, hex, out);
    return rc;
}

static void test_roundtrip_and_corruption(void **state)
{
    char hex[65], path[400], cmd[2400];
    struct report_run r, back;
    (void)state;
    memset(hex, 'a', 64);
    hex[64] = '\0';
    sample_run(&r);
    assert_int_equal(load(hex, &back), -1); /* nothing stored yet */
    report_run_free(&back);
    assert_int_equal(gradecache_store(cache, hex, &r), 0);
    assert_int_equal(load(hex, &back), 0);
    assert_string_equal(back.name, "again");
    assert_int_equal(back.ncases, 3);
    assert_int_equal(back.cases[1].verdict, VERDICT_FAIL);
    assert_string_equal(back.cases[1].message, "Expected 1, got 2");
    assert_string_equal(back.cases[1].output, "printed\n");
    assert_string_equal(back.cases[0].test_code, "assert.equal(1, f())");
    assert_int_equal(back.cases[2].kind, ERRKIND_RUNTIME);
    assert_int_equal(back.cases[2].id, 5);
    assert_true(back.duration == 1.5);
    report_run_free(&back);

    snprintf(path, sizeof path, "%s/%s.run", cache, hex);
    /* a byte flipped in the body */
    snprintf(cmd, sizeof cmd, "cp '%s' '%s.good' && printf 'X' | dd of='%s' bs=1 seek=120 conv=notrunc 2>/dev/null",
             path, path, path);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(load(hex, &back), -1);
    report_run_free(&back);
    /* cut short */
    snprintf(cmd, sizeof cmd, "head -c 100 '%s.good' >'%s'", path, path);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(load(hex, &back), -1);
    report_run_free(&back);
    /* forged: the failing case made a pass, the checksum recomputed */
    snprintf(cmd, sizeof cmd,
             "python3 -c \"import hashlib,struct,sys; d=open('%s.good','rb').read(); b=bytearray(d[40:]);"
             "i=b.index(b'resets'); j=b.rfind(struct.pack('<iiii',2,12,1,0),0,i); assert j>0;"
             "b[j+8:j+12]=struct.pack('<i',0); open('%s','wb').write(d[:8]+hashlib.sha256(b).digest()+bytes(b))\"",
             path, path);
    assert_int_equal(system(cmd), 0);
    /* a well-formed entry is trusted: the checksum is against corruption, the
     * cache folder is the instructor's own (docs/class-grading.md) */
    assert_int_equal(load(hex, &back), 0);
    assert_int_equal(back.cases[1].verdict, VERDICT_PASS);
    report_run_free(&back);
    /* an unknown verdict, checksum recomputed: refused */
    snprintf(cmd, sizeof cmd,
             "python3 -c \"import hashlib,struct,sys; d=open('%s.good','rb').read(); b=bytearray(d[40:]);"
             "i=b.index(b'resets'); j=b.rfind(struct.pack('<iiii',2,12,1,0),0,i);"
             "b[j+8:j+12]=struct.pack('<i',9); open('%s','wb').write(d[:8]+hashlib.sha256(b).digest()+bytes(b))\"",
             path, path);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(load(hex, &back), -1);
    report_run_free(&back);
    /* trailing bytes */
    snprintf(cmd, sizeof cmd, "cp '%s.good' '%s' && printf 'junk' >>'%s'", path, path, path);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(load(hex, &back), -1);
    report_run_free(&back);
    /* a key that is not 64 hex digits never names a file */
    assert_int_equal(gradecache_load(cache, "../../etc/passwd", &back), -1);
    report_run_free(&r);
}

static void test_timeouts_not_stored(void **state)
{
    char hex[65], path[400];
    struct report_run r;
    struct report_case c;
    (void)state;
    memset(hex, 'b', 64);
    hex[64] = '\0';
    report_run_init(&r, "slow");
    memset(&c, 0, sizeof c);
    c.id = 1, c.name = "loops", c.verdict = VERDICT_ERROR, c.kind = ERRKIND_TIMEOUT;
    assert_non_null(report_add(&r, &c));
    assert_int_equal(gradecache_store(cache, hex, &r), 0);
    snprintf(path, sizeof path, "%s/%s.run", cache, hex);
    assert_false(util_is_file(path));
    report_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key),
        cmocka_unit_test(test_roundtrip_and_corruption),
        cmocka_unit_test(test_timeouts_not_stored),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
