/* Line plots for the CLI (PLplot with its cairo driver): curves over a log2
 * x-axis, as `exmy snr --plot` draws them. Built without PLplot, plot_write
 * fails with a message that says how to get plots. */
#ifndef EXMY_PLOT_H
#define EXMY_PLOT_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

typedef struct plot_series {
    const char *label;
    const double *x; /* log2 of the scale */
    const double *y;
    size_t n;
    double marks[3]; /* x positions of vertical marker lines (NaN: none) */
} plot_series;

typedef struct plot_spec {
    FILE *fp;            /* where the plot goes (a cli_out stream: a temporary file, a
                          * FIFO, stdout); PLplot writes to a duplicate and closes it */
    const char *device;  /* "pngcairo", "svgcairo" or "pdfcairo" */
    const char *title;
    const char *xlabel;
    const char *ylabel;
    const char *note;    /* one line under the plot, or NULL */
    bool ylog;           /* y values are log10 of the quantity: 10^k labels */
    bool markers;        /* draw each series' marks */
    double vline;        /* x of the reference line (sigma = 1: 0), NaN for none */
    const plot_series *series;
    size_t nseries;
} plot_spec;

/* Was the tool built with PLplot? */
bool plot_available(void);

/* The device for a file name by its extension (.png, .svg, .pdf; any case),
 * or NULL. */
const char *plot_device_for(const char *path);

/* Draw the plot. Returns 0, or -1 with a one-line reason in why. */
int plot_write(const plot_spec *spec, char *why, size_t whylen);

#endif
