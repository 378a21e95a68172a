/* test_late_binding.c: cmocka unit tests of the plain-C core of the
 * `late-binding` kata's reference (katas/closures/late-binding/reference.h):
 * closures capturing a cell (by reference) or a copy (by value), made in a
 * loop. No Lua state. Depends on cmocka and the reference. Run it under
 * AddressSanitizer to check that every cell is freed exactly once. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../katas/closures/late-binding/reference.h"

#define MANY 10

/* assert_values: every closure of fs[0 .. n-1] returns want[i]. */
static void assert_values(const struct late_binding_closure *fs, const long long *want, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (late_binding_call(&fs[i]) != want[i])
            fail_msg("closure %zu returned %lld, expected %lld", i + 1,
                     late_binding_call(&fs[i]), want[i]);
}

static void cell_init_is_caller_owned(void **unused)
{
    (void)unused;
    struct late_binding_cell cell;
    struct late_binding_closure f;

    late_binding_cell_init(&cell, 7);
    assert_int_equal(7, cell.value);
    assert_int_equal(0, cell.refs);
    f = (struct late_binding_closure){late_binding_read_cell, &cell, 0};
    assert_int_equal(7, late_binding_call(&f));
    cell.value = 8; /* late binding: the closure reads the cell when called */
    assert_int_equal(8, late_binding_call(&f));
}

static void fresh_zero_and_one(void **unused)
{
    (void)unused;
    struct late_binding_closure fs[1];

    assert_int_equal(0, late_binding_fresh(NULL, 0));
    assert_int_equal(0, late_binding_fresh(fs, 1));
    assert_int_equal(1, late_binding_call(&fs[0]));
    assert_int_equal(1, fs[0].cell->refs);
    late_binding_release(fs, 1);
    assert_null(fs[0].cell);
}

static void fresh_gives_each_closure_its_own_cell(void **unused)
{
    (void)unused;
    struct late_binding_closure fs[MANY];
    long long want[MANY];
    size_t i, j;

    assert_int_equal(0, late_binding_fresh(fs, MANY));
    for (i = 0; i < MANY; i++) {
        want[i] = (long long)i + 1;
        assert_true(fs[i].code == late_binding_read_cell);
        for (j = 0; j < i; j++)
            assert_ptr_not_equal(fs[i].cell, fs[j].cell);
    }
    assert_values(fs, want, MANY);
    late_binding_release(fs, MANY);
}

static void fresh_assign_reaches_one_closure(void **unused)
{
    (void)unused;
    struct late_binding_closure fs[3];
    const long long want[3] = {1, 20, 3};

    assert_int_equal(0, late_binding_fresh(fs, 3));
    assert_int_equal(0, late_binding_assign(&fs[1], 20));
    assert_values(fs, want, 3);
    late_binding_release(fs, 3);
}

static void shared_zero_allocates_nothing(void **unused)
{
    (void)unused;

    assert_int_equal(0, late_binding_shared(NULL, 0));
    late_binding_release(NULL, 0);
}

/* The pitfall: closures over one loop variable all see its last value. */
static void shared_closures_all_see_the_final_value(void **unused)
{
    (void)unused;
    struct late_binding_closure fs[MANY];
    long long want[MANY];
    size_t i;

    assert_int_equal(0, late_binding_shared(fs, MANY));
    for (i = 0; i < MANY; i++) {
        want[i] = MANY;
        assert_ptr_equal(fs[0].cell, fs[i].cell);
    }
    assert_int_equal(MANY, fs[0].cell->refs);
    assert_values(fs, want, MANY);
    late_binding_release(fs, MANY);
}

static void shared_assign_reaches_every_closure(void **unused)
{
    (void)unused;
    struct late_binding_closure fs[3];
    const long long want[3] = {-7, -7, -7};

    assert_int_equal(0, late_binding_shared(fs, 3));
    assert_int_equal(0, late_binding_assign(&fs[2], -7));
    assert_values(fs, want, 3);
    late_binding_release(fs, 3);
}

static void shared_cell_lives_until_the_last_release(void **unused)
{
    (void)unused;
    struct late_binding_closure fs[3];
    struct late_binding_cell *cell;

    assert_int_equal(0, late_binding_shared(fs, 3));
    cell = fs[0].cell;
    late_binding_release(fs, 2); /* two of three: the cell stays */
    assert_null(fs[0].cell);
    assert_int_equal(1, cell->refs);
    assert_int_equal(3, late_binding_call(&fs[2]));
    late_binding_release(fs, 2); /* already released: nothing happens */
    assert_int_equal(1, cell->refs);
    late_binding_release(&fs[2], 1); /* the last: the cell is freed */
    assert_null(fs[2].cell);
}

/* The fix: capture the value, not the variable. */
static void fixed_copies_each_value(void **unused)
{
    (void)unused;
    struct late_binding_closure fs[MANY];
    long long want[MANY];
    size_t i;

    late_binding_fixed(NULL, 0);
    late_binding_fixed(fs, MANY);
    for (i = 0; i < MANY; i++) {
        want[i] = (long long)i + 1;
        assert_null(fs[i].cell);
        assert_true(fs[i].code == late_binding_read_copy);
    }
    assert_values(fs, want, MANY);
    assert_int_equal(-1, late_binding_assign(&fs[0], 99)); /* no variable */
    assert_values(fs, want, MANY);
    late_binding_release(fs, MANY); /* allowed, does nothing */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cell_init_is_caller_owned),
        cmocka_unit_test(fresh_zero_and_one),
        cmocka_unit_test(fresh_gives_each_closure_its_own_cell),
        cmocka_unit_test(fresh_assign_reaches_one_closure),
        cmocka_unit_test(shared_zero_allocates_nothing),
        cmocka_unit_test(shared_closures_all_see_the_final_value),
        cmocka_unit_test(shared_assign_reaches_every_closure),
        cmocka_unit_test(shared_cell_lives_until_the_last_release),
        cmocka_unit_test(fixed_copies_each_value),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
