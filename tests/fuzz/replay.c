/* A main for the fuzz targets without libFuzzer: runs the target once on
 * every file named on the command line or found in a directory named there
 * (not recursively). The normal build links each target with this and runs
 * it over the seed corpus and the saved findings (regressions/TARGET), so
 * the invariants are checked by `meson test`, with gcc as well as clang, and
 * under the sanitizers in CI. A broken invariant aborts. */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

static int run_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return 1;
    }
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (!buf)
            abort();
        n += fread(buf + n, 1, cap - n, fp);
        if (n < cap)
            break;
        cap *= 2;
        buf = realloc(buf, cap);
    }
    int err = ferror(fp);
    fclose(fp);
    if (err) {
        fprintf(stderr, "replay: %s: read error\n", path);
        free(buf);
        return 1;
    }
    /* An exact-size copy, as libFuzzer gives, so ASan sees overreads. */
    uint8_t *data = malloc(n ? n : 1);
    if (!data)
        abort();
    memcpy(data, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(data, n);
    free(data);
    return 0;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    int bad = 0;
    unsigned runs = 0;
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            bad = 1;
            continue;
        }
        if (!S_ISDIR(sb.st_mode)) {
            bad |= run_file(argv[i]);
            runs++;
            continue;
        }
        DIR *d = opendir(argv[i]);
        if (!d) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            bad = 1;
            continue;
        }
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;
            char *path = malloc(len);
            if (!path)
                abort();
            snprintf(path, len, "%s/%s", argv[i], e->d_name);
            bad |= run_file(path);
            runs++;
            free(path);
        }
        closedir(d);
    }
    printf("replay: %u inputs\n", runs);
    return bad || runs == 0;
}
