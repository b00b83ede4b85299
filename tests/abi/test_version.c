/* The version three ways: meson's project(version:) (argv[1]), the macros of
 * the generated exmy_version.h, and what the shared library reports at run
 * time. They must all agree, or a program could not tell which library it
 * runs with. Linked to libexmy.so, not the static library. */
#include "exmy.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *project_version;

START_TEST(test_macros_match_project_version)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%d.%d.%d", EXMY_VERSION_MAJOR, EXMY_VERSION_MINOR,
             EXMY_VERSION_PATCH);
    ck_assert_msg(strcmp(buf, project_version) == 0,
                  "EXMY_VERSION_MAJOR.MINOR.PATCH is %s, meson's project version %s", buf,
                  project_version);
    ck_assert_msg(strcmp(EXMY_VERSION, project_version) == 0,
                  "EXMY_VERSION is \"%s\", meson's project version %s", EXMY_VERSION,
                  project_version);
    ck_assert_int_eq(EXMY_VERSION_NUMBER, EXMY_VERSION_MAJOR * 10000 + EXMY_VERSION_MINOR * 100 +
                                              EXMY_VERSION_PATCH);
    /* The number orders versions: a later patch, minor or major is larger. */
    ck_assert_int_lt(EXMY_VERSION_ENCODE(0, 1, 99), EXMY_VERSION_ENCODE(0, 2, 0));
    ck_assert_int_lt(EXMY_VERSION_ENCODE(0, 99, 99), EXMY_VERSION_ENCODE(1, 0, 0));
}
END_TEST

START_TEST(test_runtime_matches_macros)
{
    ck_assert_msg(exmy_version() == EXMY_VERSION_NUMBER,
                  "exmy_version() is %u, EXMY_VERSION_NUMBER %d", exmy_version(),
                  EXMY_VERSION_NUMBER);
    const char *s = exmy_version_string();
    ck_assert_ptr_nonnull(s);
    ck_assert_msg(strcmp(s, EXMY_VERSION) == 0, "exmy_version_string() is \"%s\", EXMY_VERSION \"%s\"",
                  s, EXMY_VERSION);
}
END_TEST

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s PROJECT_VERSION\n", argv[0]);
        return 2;
    }
    project_version = argv[1];
    Suite *s = suite_create("abi_version");
    TCase *tc = tcase_create("version");
    tcase_add_test(tc, test_macros_match_project_version);
    tcase_add_test(tc, test_runtime_matches_macros);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
