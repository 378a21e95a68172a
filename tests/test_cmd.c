/* test_cmd.c: cmocka tests of the command layer's flag parsing
 * (src/cmd/args.c) against a table row made for the test: both forms of a
 * value, switches, `--` and `-`, positionals kept in order, the last of a
 * repeated flag, --help, and each usage error (exit status 2); then the
 * number readers and the shape of the real table (src/cmd/table.c).
 * Depends on cmocka and cmd/cmd.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

static const struct cmd_flag flags[] = {
    {"--out", "FILE", "where"}, {"--jobs", "N", "how many"}, {"--all", NULL, "a switch"}, {NULL, NULL, NULL}};
static const struct cmd row = {"demo", "[ARG...]", "a test", "for the test", flags, CMD_HIDDEN, NULL, 0};

/* parse: cmd_parse of the words (NULL-terminated) into *a; returns its
 * status. The words are copied: cmd_parse reorders them. */
static char words[16][64];
static char *argvv[16];
static int parse(struct cmd_args *a, int *help, ...)
{
    va_list ap;
    const char *w;
    int n = 0;
    va_start(ap, help);
    while ((w = va_arg(ap, const char *)) != NULL && n < 16) {
        snprintf(words[n], sizeof words[n], "%s", w);
        argvv[n] = words[n];
        n++;
    }
    va_end(ap);
    return cmd_parse(&row, n, argvv, a, help);
}

static void values_in_both_forms(void **state)
{
    struct cmd_args a;
    int help;
    (void)state;
    assert_int_equal(parse(&a, &help, "x", "--out", "f.txt", "--jobs=3", "y", NULL), 0);
    assert_int_equal(help, 0);
    assert_string_equal(cmd_flag(&a, "--out"), "f.txt");
    assert_string_equal(cmd_flag(&a, "--jobs"), "3");
    assert_null(cmd_flag(&a, "--all"));
    assert_null(cmd_flag(&a, "--nosuch"));
    assert_int_equal(a.argc, 2);
    assert_string_equal(a.argv[0], "x");
    assert_string_equal(a.argv[1], "y");
    /* an empty value is a value */
    assert_int_equal(parse(&a, &help, "--out=", NULL), 0);
    assert_string_equal(cmd_flag(&a, "--out"), "");
}

static void switches_dashes_and_repeats(void **state)
{
    struct cmd_args a;
    int help;
    (void)state;
    assert_int_equal(parse(&a, &help, "--all", "-", "--jobs", "1", "--jobs", "2", "--", "--out", "-x", NULL), 0);
    assert_string_equal(cmd_flag(&a, "--all"), "");
    assert_string_equal(cmd_flag(&a, "--jobs"), "2"); /* the last one */
    assert_null(cmd_flag(&a, "--out"));                /* after --: a positional */
    assert_int_equal(a.argc, 3);
    assert_string_equal(a.argv[0], "-");
    assert_string_equal(a.argv[1], "--out");
    assert_string_equal(a.argv[2], "-x");
}

static void help_anywhere_before_dashdash(void **state)
{
    struct cmd_args a;
    int help;
    (void)state;
    assert_int_equal(parse(&a, &help, "x", "--nosuch", NULL), 2);
    assert_int_equal(parse(&a, &help, "x", "-h", "--nosuch", NULL), 0);
    assert_int_equal(help, 1);
    assert_int_equal(parse(&a, &help, "--", "--help", NULL), 0);
    assert_int_equal(help, 0);
    assert_int_equal(a.argc, 1);
}

static void usage_errors_are_status_2(void **state)
{
    struct cmd_args a;
    int help;
    (void)state;
    assert_int_equal(parse(&a, &help, "--nosuch", NULL), 2);
    assert_int_equal(parse(&a, &help, "--nosuch=1", NULL), 2);
    assert_int_equal(parse(&a, &help, "-o", NULL), 2);          /* no short forms */
    assert_int_equal(parse(&a, &help, "--ou", "f", NULL), 2);   /* no abbreviations */
    assert_int_equal(parse(&a, &help, "x", "--out", NULL), 2);  /* missing value */
    assert_int_equal(parse(&a, &help, "--all=yes", NULL), 2);   /* a switch takes none */
    assert_int_equal(parse(&a, &help, "--color", NULL), 2);     /* global, no value */
    assert_int_equal(parse(&a, &help, "--color=pink", NULL), 2);
    assert_int_equal(parse(&a, &help, "--color", "never", "z", NULL), 0); /* global flags pass */
    assert_int_equal(a.argc, 1);
    assert_string_equal(a.argv[0], "z");
}

static void numbers(void **state)
{
    struct cmd_args a;
    int help;
    long n = -1;
    double d = -1;
    (void)state;
    assert_int_equal(parse(&a, &help, "--jobs", "4", NULL), 0);
    assert_int_equal(cmd_whole(&a, "--jobs", 1, 8, &n), 0);
    assert_int_equal(n, 4);
    assert_int_equal(cmd_positive(&a, "--jobs", "things", &d), 0);
    assert_true(d == 4.0);
    for (const char *const *bad = (const char *const[]){"0", "9", "1.5", "x", "", "4x", "nan", "inf", NULL}; *bad; bad++) {
        char arg[32];
        snprintf(arg, sizeof arg, "--jobs=%s", *bad);
        assert_int_equal(parse(&a, &help, arg, NULL), 0);
        n = -1;
        assert_int_equal(cmd_whole(&a, "--jobs", 1, 8, &n), 2);
        assert_int_equal(n, -1); /* untouched on error */
    }
    assert_int_equal(parse(&a, &help, "--jobs=-0.5", NULL), 0);
    assert_int_equal(cmd_positive(&a, "--jobs", "things", &d), 2);
    assert_int_equal(cmd_number(&a, "--jobs", -1, 1, &d), 0);
    assert_true(d == -0.5);
    assert_int_equal(parse(&a, &help, NULL), 0); /* absent: 0, untouched */
    n = 7;
    assert_int_equal(cmd_whole(&a, "--jobs", 1, 8, &n), 0);
    assert_int_equal(n, 7);
    assert_int_equal(cmd_positionals(&a, 0, 0, "nothing"), 0);
    assert_int_equal(cmd_positionals(&a, 1, 1, "one"), 2);
}

static void the_table_is_well_formed(void **state)
{
    int n = 0;
    (void)state;
    for (const struct cmd *c = cmd_table; c->name; c++, n++) {
        int k = 0;
        assert_non_null(c->run);
        assert_non_null(c->synopsis);
        assert_true(strlen(c->summary) > 0 && strlen(c->help) > 0);
        assert_ptr_equal(cmd_find(c->name), c); /* names are unique */
        for (const struct cmd_flag *f = c->flags; f->name; f++, k++) {
            assert_true(strncmp(f->name, "--", 2) == 0);
            assert_non_null(f->help);
            assert_string_not_equal(f->name, "--help");
            assert_string_not_equal(f->name, "--color");
        }
        assert_true(k <= CMD_MAX_FLAGS);
    }
    assert_true(n >= 13);
    assert_null(cmd_find("nosuch"));
    assert_ptr_equal(cmd_nearest("chek"), cmd_find("check"));
    assert_ptr_equal(cmd_nearest("grdae"), cmd_find("grade"));
    assert_null(cmd_nearest("nosuch"));
    assert_null(cmd_nearest("__complet")); /* hidden commands are never suggested */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values_in_both_forms),       cmocka_unit_test(switches_dashes_and_repeats),
        cmocka_unit_test(help_anywhere_before_dashdash), cmocka_unit_test(usage_errors_are_status_2),
        cmocka_unit_test(numbers),                    cmocka_unit_test(the_table_is_well_formed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
