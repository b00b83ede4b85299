/* README's "Using the library" example as a whole program: what a project
 * outside exmy compiles against the installed library (pkg-config) or a meson
 * subproject (.ci/run builds it both ways). It checks the answers the README
 * states, so a consumer that links but computes garbage fails too. */
#include <exmy.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
    exmy_catalogue *cat;
    if (exmy_catalogue_builtin(&cat) != EXMY_OK)
        return 1;
    exmy_format f;
    char why[200];
    if (exmy_format_parse(cat, "e4m3fn", &f, why, sizeof why) != EXMY_OK) {
        fprintf(stderr, "example: %s\n", why);
        return 1;
    }
    exmy_opts o = {EXMY_RNE, EXMY_SATFINITE, 0};
    uint32_t code;
    unsigned flags;
    exmy_status st = exmy_from_f32(&f, 300.0f, &o, 0, &code, &flags); /* code 0x79 (288), inexact */
    double v = exmy_to_f64(&f, code);
    exmy_catalogue_free(cat);

    printf("exmy %s (headers %s): 300 -> e4m3fn 0x%02x = %g, flags %u\n", exmy_version_string(),
           EXMY_VERSION, (unsigned)code, v, flags);
    if (st != EXMY_OK || code != 0x79 || v != 288.0 || flags != EXMY_FLAG_INEXACT) {
        fprintf(stderr, "example: expected status 0, code 0x79, value 288, flags inexact; got %s\n",
                exmy_strerror(st));
        return 1;
    }
    if (exmy_version() != EXMY_VERSION_NUMBER || strcmp(exmy_version_string(), EXMY_VERSION) != 0) {
        fprintf(stderr, "example: runs with exmy %s, built against %s\n", exmy_version_string(),
                EXMY_VERSION);
        return 1;
    }
    return 0;
}
