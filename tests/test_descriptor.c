/* test_descriptor.c: cmocka unit tests of the plain-C core of the
 * `descriptor` kata's reference (katas/properties/descriptor/reference.h):
 * descriptors behind a vtable, holding a check and no data, one serving
 * several attribute names, and the private key of an attribute. No Lua
 * state. Depends on cmocka and the reference. */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../katas/properties/descriptor/reference.h"

static struct desc_value num(double x, const char *shown)
{
    return (struct desc_value){"number", true, x, shown};
}

static struct desc_value other(const char *type_name, const char *shown)
{
    return (struct desc_value){type_name, false, 0, shown};
}

static void positive_accepts_positive_finite_numbers_only(void **unused)
{
    (void)unused;
    struct descriptor d;
    struct desc_value good[] = {num(1, ""), num(0.001, ""), num(1e300, "")};
    struct desc_value bad[] = {num(0, ""), num(-1, ""), num(INFINITY, ""), num(NAN, ""),
                               other("string", ""), other("nil", "")};
    char msg[128];

    desc_init_positive(&d);
    assert_ptr_equal(&desc_positive_ops, d.ops);
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_int_equal(0, desc_check(&d, "price", &good[i], msg, sizeof msg));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(-1, desc_check(&d, "price", &bad[i], msg, sizeof msg));
}

static void messages_name_the_attribute_and_the_value(void **unused)
{
    (void)unused;
    struct descriptor d;
    struct desc_value zero = num(0, "number 0"), nine = other("string", "string \"9\"");
    char msg[128];

    desc_init_positive(&d);
    assert_int_equal(-1, desc_check(&d, "price", &zero, msg, sizeof msg));
    assert_string_equal("price: positive number expected, got number 0", msg);
    /* The same descriptor, another attribute: only the name changes. */
    assert_int_equal(-1, desc_check(&d, "quantity", &nine, msg, sizeof msg));
    assert_string_equal("quantity: positive number expected, got string \"9\"", msg);
}

static void typed_accepts_its_type_only(void **unused)
{
    (void)unused;
    struct descriptor d;
    struct desc_value s = other("string", "string \"Ada\""), n = num(42, "number 42");
    char msg[128];

    assert_int_equal(0, desc_init_typed(&d, "string"));
    assert_ptr_equal(&desc_typed_ops, d.ops);
    assert_int_equal(0, desc_check(&d, "customer", &s, msg, sizeof msg));
    assert_int_equal(-1, desc_check(&d, "customer", &n, msg, sizeof msg));
    assert_string_equal("customer: string expected, got number 42", msg);
    assert_int_equal(0, desc_init_typed(&d, "number"));
    assert_int_equal(0, desc_check(&d, "value", &n, msg, sizeof msg));
}

static void typed_knows_luas_eight_type_names(void **unused)
{
    (void)unused;
    static const char *const names[] = {"nil",   "boolean",  "number", "string",
                                        "table", "function", "thread", "userdata"};
    struct descriptor d;

    for (size_t i = 0; i < 8; i++) {
        assert_int_equal(0, desc_init_typed(&d, names[i]));
        assert_string_equal(names[i], d.type_name);
    }
    desc_init_positive(&d);
    assert_int_equal(-1, desc_init_typed(&d, "strin"));
    assert_int_equal(-1, desc_init_typed(&d, "integer"));
    assert_int_equal(-1, desc_init_typed(&d, "a name far too long for the buffer"));
    assert_ptr_equal(&desc_positive_ops, d.ops); /* untouched */
}

static void checking_changes_nothing_in_the_descriptor(void **unused)
{
    (void)unused;
    struct descriptor d, before;
    struct desc_value v = num(5, "number 5"), bad = num(-5, "number -5");
    char msg[128];

    desc_init_positive(&d);
    before = d;
    for (int i = 0; i < 100; i++) {
        desc_check(&d, i % 2 ? "price" : "quantity", &v, msg, sizeof msg);
        desc_check(&d, "price", &bad, msg, sizeof msg);
    }
    assert_memory_equal(&before, &d, sizeof d);
}

static void private_keys_prefix_an_underscore(void **unused)
{
    (void)unused;
    char buf[8];

    assert_int_equal(6, desc_private_key("price", buf, sizeof buf));
    assert_string_equal("_price", buf);
    assert_int_equal(1, desc_private_key("", buf, sizeof buf));
    assert_string_equal("_", buf);
    assert_int_equal(7, desc_private_key("weight", buf, sizeof buf));
    assert_int_equal(-1, desc_private_key("quantity", buf, sizeof buf)); /* 9 + NUL */
    assert_string_equal("", buf);
    assert_int_equal(-1, desc_private_key("x", buf, 0));
}

static void a_long_message_is_truncated_safely(void **unused)
{
    (void)unused;
    struct descriptor d;
    struct desc_value zero = num(0, "number 0");
    char msg[10];

    desc_init_positive(&d);
    assert_int_equal(-1, desc_check(&d, "price", &zero, msg, sizeof msg));
    assert_string_equal("price: po", msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(positive_accepts_positive_finite_numbers_only),
        cmocka_unit_test(messages_name_the_attribute_and_the_value),
        cmocka_unit_test(typed_accepts_its_type_only),
        cmocka_unit_test(typed_knows_luas_eight_type_names),
        cmocka_unit_test(checking_changes_nothing_in_the_descriptor),
        cmocka_unit_test(private_keys_prefix_an_underscore),
        cmocka_unit_test(a_long_message_is_truncated_safely),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
