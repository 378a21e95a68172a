/* test_submissions.c: a class folder as LMS downloads deliver it
 * (submissions.h, unpack.h): flat files, a folder nested one level too deep,
 * archives (good ones, and ones that escape, link or explode), a roster with
 * a missing student and an unknown one, hostile names. The fixture is built
 * in a temporary folder by a shell script (python3's zipfile makes the
 * archives). Depends on cmocka, submissions.h, unpack.h, util.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "submissions.h"
#include "unpack.h"
#include "util.h"

static char root[256];

/* sh: runs a shell command in `root`; the test fails when it does. */
static void sh(const char *cmd)
{
    char full[8192];
    snprintf(full, sizeof full, "cd '%s' && %s", root, cmd);
    assert_int_equal(system(full), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/dojo-test-subs.XXXXXX");
    if (mkdtemp(root) == NULL)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    char cmd[512];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static const struct submission *find(const struct submissions *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].key, key) == 0)
            return &s->v[i];
    return NULL;
}

/* has_module: the graded folder holds limiter.lua with `text` in it. */
static void assert_module(const struct submission *x, const char *text)
{
    char path[4400];
    char *body;
    assert_non_null(x);
    assert_null(x->error);
    assert_non_null(x->dir);
    snprintf(path, sizeof path, "%s/limiter.lua", x->dir);
    body = util_read_file(path, NULL);
    assert_non_null(body);
    assert_non_null(strstr(body, text));
    free(body);
}

static void test_flat_key(void **state)
{
    char key[64];
    (void)state;
    assert_int_equal(submissions_flat_key("s01_limiter.lua", "limiter", key, sizeof key), 0);
    assert_string_equal(key, "s01");
    assert_int_equal(submissions_flat_key("jdoe_12345_67890_limiter.lua", "limiter", key, sizeof key), 0);
    assert_string_equal(key, "jdoe");
    assert_int_equal(submissions_flat_key("jdoe_LATE_1_limiter-2.lua", "limiter", key, sizeof key), 0);
    assert_string_equal(key, "jdoe");
    assert_int_equal(submissions_flat_key("limiter.lua", "limiter", key, sizeof key), -1);
    assert_int_equal(submissions_flat_key("_limiter.lua", "limiter", key, sizeof key), -1);
    assert_int_equal(submissions_flat_key("s01_counter.lua", "limiter", key, sizeof key), -1);
    assert_int_equal(submissions_flat_key("s01_xlimiter.lua", "limiter", key, sizeof key), -1);
    assert_int_equal(submissions_flat_key("s01_limiter.txt", "limiter", key, sizeof key), -1);
    assert_int_equal(submissions_flat_key("s01_limiter.lua", "limiter", key, 3), -1); /* does not fit */
}

static void test_safe_name(void **state)
{
    char out[128];
    (void)state;
    submissions_safe_name("../../etc/passwd", out, sizeof out);
    assert_null(strchr(out, '/'));
    assert_true(out[0] != '.');
    submissions_safe_name("a b\n\x1b[31m;rm -rf", out, sizeof out);
    assert_string_equal(out, "a_b___31m_rm_-rf");
    submissions_safe_name("", out, sizeof out);
    assert_string_equal(out, "_");
    submissions_safe_name(".hidden", out, sizeof out);
    assert_string_equal(out, "_hidden");
    char longname[300];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    submissions_safe_name(longname, out, sizeof out);
    assert_int_equal(strlen(out), 80);
}

static void test_path_ok(void **state)
{
    (void)state;
    assert_int_equal(unpack_path_ok("s1/limiter.lua"), 1);
    assert_int_equal(unpack_path_ok("a..b/limiter.lua"), 1);
    assert_int_equal(unpack_path_ok("/etc/passwd"), 0);
    assert_int_equal(unpack_path_ok("../x.lua"), 0);
    assert_int_equal(unpack_path_ok("a/../../x.lua"), 0);
    assert_int_equal(unpack_path_ok("a/.."), 0);
    assert_int_equal(unpack_path_ok(""), 0);
}

/* The messy class: every layout at once, and a roster. */
static void test_messy_class(void **state)
{
    struct submissions s;
    char err[512], dir[300], roster[300];
    (void)state;
    sh("mkdir -p class/s01 class/s02/s02 class/s03 'class/evil name;$(x)' out && "
       "echo 'return {id=1}' >class/s01/limiter.lua && "
       "echo 'return {id=2}' >class/s02/s02/limiter.lua && "
       "echo 'return {id=3}' >class/s03/Limiter.lua && "
       "echo 'return {id=666}' >'class/evil name;$(x)/limiter.lua' && "
       "echo 'return {id=4}' >class/s04_12345_67890_limiter.lua && "
       "echo 'return {id=41}' >class/s04_12345_67890_limiter-1.lua && touch -d '2001-01-01' class/s04_12345_67890_limiter.lua && "
       "echo 'return {id=5}' >class/s05_limiter.lua && "
       "echo 'return {id=9}' >class/notes.lua && echo hi >class/README.txt && "
       "ln -s ../class/s01 class/s07 && "
       "python3 - <<'PY'\n"
       "import zipfile\n"
       "z = zipfile.ZipFile('class/s06_attempt.zip', 'w'); z.writestr('s06/limiter.lua', 'return {id=6}\\n'); z.close()\n"
       "z = zipfile.ZipFile('class/s08.zip', 'w'); z.writestr('../../escaped.lua', 'x'); z.close()\n"
       "z = zipfile.ZipFile('class/s09.zip', 'w', zipfile.ZIP_DEFLATED); z.writestr('limiter.lua', b'\\0' * (20 << 20)); z.close()\n"
       "z = zipfile.ZipFile('class/s10.zip', 'w')\n"
       "for i in range(1200): z.writestr('f%d.lua' % i, '')\n"
       "z.close()\n"
       "z = zipfile.ZipFile('class/s11.zip', 'w'); i = zipfile.ZipInfo('limiter.lua'); i.external_attr = (0o120777 << 16); z.writestr(i, '/etc/passwd'); z.close()\n"
       "z = zipfile.ZipFile('class/s12.zip', 'w'); z.writestr('/abs/limiter.lua', 'x'); z.close()\n"
       "open('class/s13.zip', 'wb').write(b'PK not really a zip')\n"
       "PY\n"
       "printf 'folder,student\\ns01,Ada Lovelace\\ns02,\"Turing, Alan\"\\ns05,Grace\\nmissing1,Edsger Dijkstra\\n' >roster.csv");
    snprintf(dir, sizeof dir, "%s/class", root);
    snprintf(roster, sizeof roster, "%s/roster.csv", root);
    assert_int_equal(submissions_collect(dir, "limiter", roster, &s, err, sizeof err), 0);

    assert_module(find(&s, "s01"), "id=1");
    assert_string_equal(find(&s, "s01")->name, "Ada Lovelace");
    assert_module(find(&s, "s02"), "id=2");
    assert_string_equal(find(&s, "s02")->name, "Turing, Alan");
    assert_non_null(strstr(find(&s, "s02")->note, "nested one level too deep"));
    /* s03 has the module under the wrong name: graded (the grader says what it found) */
    assert_non_null(find(&s, "s03"));
    assert_null(find(&s, "s03")->error);
    assert_int_equal(find(&s, "s03")->off_roster, 1);
    assert_module(find(&s, "s04"), "id=41"); /* the newest of two files */
    assert_non_null(strstr(find(&s, "s04")->note, "two submissions"));
    assert_module(find(&s, "s05"), "id=5");
    assert_module(find(&s, "s06"), "id=6"); /* a zip of one folder */
    assert_string_equal(find(&s, "s06")->source, "s06_attempt.zip");
    assert_non_null(find(&s, "s07"));
    assert_non_null(strstr(find(&s, "s07")->error, "link"));
    assert_non_null(strstr(find(&s, "s08")->error, "outside"));
    assert_non_null(strstr(find(&s, "s09")->error, "bomb"));
    assert_non_null(strstr(find(&s, "s10")->error, "bomb"));
    assert_non_null(strstr(find(&s, "s11")->error, "link"));
    assert_non_null(strstr(find(&s, "s12")->error, "outside"));
    assert_non_null(find(&s, "s13")->error);
    assert_non_null(find(&s, "notes")->error); /* a flat file that names no student */
    assert_null(find(&s, "README"));
    assert_module(find(&s, "evil name;$(x)"), "id=666");
    const struct submission *m = find(&s, "missing1");
    assert_non_null(m);
    assert_int_equal(m->missing, 1);
    assert_null(m->dir);
    assert_string_equal(m->name, "Edsger Dijkstra");
    sh("test ! -e escaped.lua && test ! -e ../escaped.lua");
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", s.tmp);
    assert_true(util_is_dir(tmp));
    submissions_free(&s);
    assert_false(util_is_dir(tmp)); /* the private folder is gone */
    assert_true(util_is_file(dir) == 0 && util_is_dir(dir)); /* the class is untouched */
    sh("test -f class/s05_limiter.lua && test -f class/s06_attempt.zip");
}

static void test_bad_roster(void **state)
{
    struct submissions s;
    char err[512], dir[300], roster[300];
    (void)state;
    sh("mkdir -p c2/a && echo 'return 1' >c2/a/limiter.lua && "
       "printf 'folder,name\\na,A\\nb,\"B\\n' >open.csv && printf 'folder,name\\na,A\\na,B\\n' >twice.csv && "
       "printf 'folder,name\\n,A\\n' >empty.csv");
    snprintf(dir, sizeof dir, "%s/c2", root);
    snprintf(roster, sizeof roster, "%s/open.csv", root);
    assert_int_equal(submissions_collect(dir, "limiter", roster, &s, err, sizeof err), 2);
    assert_non_null(strstr(err, "open.csv:3: a quoted field is not closed"));
    snprintf(roster, sizeof roster, "%s/twice.csv", root);
    assert_int_equal(submissions_collect(dir, "limiter", roster, &s, err, sizeof err), 2);
    assert_non_null(strstr(err, "twice.csv:3: 'a' is on the roster twice"));
    snprintf(roster, sizeof roster, "%s/empty.csv", root);
    assert_int_equal(submissions_collect(dir, "limiter", roster, &s, err, sizeof err), 2);
    assert_non_null(strstr(err, "empty.csv:2:"));
    snprintf(roster, sizeof roster, "%s/none.csv", root);
    assert_int_equal(submissions_collect(dir, "limiter", roster, &s, err, sizeof err), 2);
    assert_non_null(strstr(err, "none.csv: cannot read the roster"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flat_key),
        cmocka_unit_test(test_safe_name),
        cmocka_unit_test(test_path_ok),
        cmocka_unit_test(test_messy_class),
        cmocka_unit_test(test_bad_roster),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
