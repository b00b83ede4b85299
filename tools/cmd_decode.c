/* exmy decode: codes of a format (or of a profile's format) to their class
 * and exact value. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: exmy decode FORMAT|PROFILE CODE...\n"
    "\n"
    "Decode each CODE of FORMAT (hex with 0x, e.g. 0x7e, or decimal, e.g. 126;\n"
    "0 <= CODE < 2^bits). A PROFILE (see 'exmy profiles') decodes codes of its\n"
    "format. One line per code:\n"
    "  code  class  exact-decimal-value  hex-float-value\n"
    "where class is zero, subnormal, normal, inf or nan.\n"
    "\n"
    "Examples:\n"
    "  exmy decode e4m3fn 0x7e 0x7f 0x01\n"
    "  exmy decode cuda-e4m3-satfinite 0x7e\n";

enum { NCOL = 4, W = 1200 };

static int run(cli_ctx *ctx, int argc, char **argv)
{
    const char *spec = NULL;
    const char **codes = calloc((size_t)argc + 1, sizeof *codes);
    if (!codes) {
        cli_error(ctx, NULL, "out of memory");
        return CLI_EXIT_FAIL;
    }
    size_t nc = 0;
    cli_args a;
    cli_args_init(&a, argc, argv);
    const char *v;
    for (int id; (id = cli_next(ctx, &a, NULL, &v)) != CLI_END;) {
        if (id == CLI_STOP) {
            free(codes);
            return a.exit;
        }
        if (!spec)
            spec = v;
        else
            codes[nc++] = v;
    }
    int rc = CLI_EXIT_OK;
    const char **cells = NULL;
    char *store = NULL;
    cli_target t;
    exmy_format f;
    if (!spec || nc == 0) {
        rc = cli_usage(ctx, NULL, spec ? "expected at least one CODE after FORMAT"
                                       : "expected FORMAT CODE...");
        goto out;
    }
    if ((rc = cli_target_resolve(ctx, spec, &t)) != CLI_EXIT_OK)
        goto out;
    f = t.f;
    cells = calloc(nc * NCOL, sizeof *cells);
    store = malloc(nc * NCOL * W);
    if (!cells || !store) {
        cli_error(ctx, NULL, "out of memory");
        rc = CLI_EXIT_FAIL;
        goto out;
    }
    uint64_t max = (UINT64_C(1) << f.bits) - 1;
    for (size_t i = 0; i < nc; i++) {
        uint64_t code;
        if (!cli_parse_u64(codes[i], max, &code)) {
            char hi[16];
            cli_code_hex(&f, (uint32_t)max, hi, sizeof hi);
            cli_error(ctx, codes[i], "expected a code of %s: 0..%s (0x hex or decimal)", spec, hi);
            rc = CLI_EXIT_FAIL;
            goto out;
        }
        char *c[NCOL];
        for (size_t k = 0; k < NCOL; k++)
            cells[i * NCOL + k] = c[k] = store + (i * NCOL + k) * W;
        uint32_t k = (uint32_t)code;
        cli_code_hex(&f, k, c[0], W);
        snprintf(c[1], W, "%s", exmy_class_name(exmy_classify(&f, k)));
        cli_code_value(&f, k, c[2], W, c[3], W);
    }
    cli_table(stdout, cells, nc, NCOL, NULL);
out:
    free(store);
    free(cells);
    free(codes);
    return rc;
}

const cli_command cmd_decode = {"decode", "decode codes of a format or profile: class and exact value", help,
                                run, NULL, CLI_BITS_NONE, false};
