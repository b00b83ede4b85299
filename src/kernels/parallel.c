/* Splitting an array call over threads. Every part is converted exactly as
 * one thread would convert it (random bits are a function of the global
 * element index), so the thread count never changes a result. */
#include "kernel.h"

#if defined(EXMY_HAVE_PTHREADS)
#include <pthread.h>
#endif

typedef struct part {
    exmy__range_fn body;
    void *ctx;
    size_t lo, hi;
    unsigned worker;
} part;

#if defined(EXMY_HAVE_PTHREADS)
static void *run_part(void *arg)
{
    part *p = arg;
    p->body(p->ctx, p->lo, p->hi, p->worker);
    return NULL;
}
#endif

unsigned exmy__parallel(unsigned workers, size_t n, size_t align, exmy__range_fn body, void *ctx)
{
#if defined(EXMY_HAVE_PTHREADS)
    if (workers > EXMY__MAX_THREADS)
        workers = EXMY__MAX_THREADS;
    if (workers > 1 && align > 0) {
        size_t per = (n + workers - 1) / workers;
        per = (per + align - 1) / align * align;
        unsigned used = (unsigned)((n + per - 1) / per);
        if (used > 1) {
            part parts[EXMY__MAX_THREADS];
            pthread_t tid[EXMY__MAX_THREADS];
            bool started[EXMY__MAX_THREADS];
            for (unsigned w = 0; w < used; w++) {
                size_t lo = (size_t)w * per, hi = lo + per < n ? lo + per : n;
                parts[w] = (part){body, ctx, lo, hi, w};
                started[w] = w > 0 && pthread_create(&tid[w], NULL, run_part, &parts[w]) == 0;
            }
            body(ctx, parts[0].lo, parts[0].hi, 0);
            for (unsigned w = 1; w < used; w++) {
                if (started[w])
                    pthread_join(tid[w], NULL);
                else /* no thread to be had: do the part here */
                    body(ctx, parts[w].lo, parts[w].hi, w);
            }
            return used;
        }
    }
#else
    (void)workers;
    (void)align;
#endif
    body(ctx, 0, n, 0);
    return 1;
}
