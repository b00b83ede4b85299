/* Line plots through PLplot's cairo driver (pngcairo, svgcairo, pdfcairo):
 * white background, grid, labelled log2 x-axis (2^k), one coloured curve
 * per series with a legend, a dashed reference line, optional dotted marker
 * lines. See plot.h. */
#include "plot.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifdef EXMY_HAVE_PLPLOT
#include <plplot.h>
#endif

const char *plot_device_for(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot)
        return NULL;
    char ext[8];
    size_t n = strlen(dot + 1);
    if (n == 0 || n >= sizeof ext)
        return NULL;
    for (size_t i = 0; i <= n; i++)
        ext[i] = (char)tolower((unsigned char)dot[1 + i]);
    if (strcmp(ext, "png") == 0)
        return "pngcairo";
    if (strcmp(ext, "svg") == 0)
        return "svgcairo";
    if (strcmp(ext, "pdf") == 0)
        return "pdfcairo";
    return NULL;
}

#ifndef EXMY_HAVE_PLPLOT

bool plot_available(void)
{
    return false;
}

int plot_write(const plot_spec *spec, char *why, size_t whylen)
{
    (void)spec;
    snprintf(why, whylen,
             "this exmy was built without PLplot, so it cannot draw plots (the CSV output "
             "works); install libplplot-dev and plplot-driver-cairo, then rebuild "
             "(meson setup --reconfigure BUILD -Dplplot=enabled)");
    return -1;
}

#else

bool plot_available(void)
{
    return true;
}

/* Colour map 0: background, foreground, grid, then the curves (the
 * colour-blind-safe "tableau 10" order). */
static const int palette[][3] = {
    {255, 255, 255}, {0, 0, 0}, {215, 215, 215},
    {31, 119, 180},  {255, 127, 14}, {44, 160, 44},  {214, 39, 40},  {148, 103, 189},
    {140, 86, 75},   {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207},
};
enum { COL_BG = 0, COL_FG = 1, COL_GRID = 2, COL_SERIES = 3, N_SERIES_COLS = 10 };

/* PLplot reports fatal errors by calling exit(); all we can do is name the
 * file and let it go. Non-fatal messages are kept for our own error line. */
static char abort_msg[256];

static void on_abort(const char *msg)
{
    snprintf(abort_msg, sizeof abort_msg, "%s", msg ? msg : "PLplot error");
}

static int on_exit_handler(const char *msg)
{
    fprintf(stderr, "exmy: plot: PLplot failed: %s\n", msg ? msg : "unknown error");
    return 1;
}

/* x-axis labels 2^k (PLplot text escapes #u/#d: superscript). */
static void label_log2(PLINT axis, PLFLT value, char *label, PLINT length, PLPointer data)
{
    (void)data;
    if (axis == PL_X_AXIS) {
        if (value == 0)
            snprintf(label, (size_t)length, "1");
        else
            snprintf(label, (size_t)length, "2#u%g#d", value);
    } else {
        snprintf(label, (size_t)length, "%g", value);
    }
}

static bool have_device(const char *dev)
{
    const char *menu[128], *names[128];
    const char **mp = menu, **np = names;
    int n = 128;
    plgDevs(&mp, &np, &n);
    for (int i = 0; i < n; i++)
        if (names[i] && strcmp(names[i], dev) == 0)
            return true;
    return false;
}

/* A round tick spacing giving about 8 to 12 intervals over `span`. */
static double nice_step(double span, bool integer)
{
    static const double steps[] = {0.1, 0.2, 0.25, 0.5, 1, 2, 4, 5, 8, 10, 16, 20, 25, 32, 50, 64, 100};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if ((!integer || steps[i] >= 1) && span / steps[i] <= 12)
            return steps[i];
    return pow(10, ceil(log10(span / 10)));
}

int plot_write(const plot_spec *sp, char *why, size_t whylen)
{
    if (!have_device(sp->device)) {
        snprintf(why, whylen,
                 "PLplot has no '%s' device; install plplot-driver-cairo for PNG/SVG/PDF plots",
                 sp->device);
        return -1;
    }
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    for (size_t s = 0; s < sp->nseries; s++)
        for (size_t i = 0; i < sp->series[s].n; i++) {
            double x = sp->series[s].x[i], y = sp->series[s].y[i];
            if (!isfinite(x))
                continue;
            xmin = fmin(xmin, x);
            xmax = fmax(xmax, x);
            if (isfinite(y)) {
                ymin = fmin(ymin, y);
                ymax = fmax(ymax, y);
            }
        }
    if (!(xmax >= xmin)) {
        snprintf(why, whylen, "nothing to plot");
        return -1;
    }
    if (xmax == xmin) {
        xmin -= 1;
        xmax += 1;
    }
    if (!(ymax >= ymin)) {
        ymin = 0;
        ymax = 1;
    }
    /* Room above the highest curve; the baseline at 0 (dB or log10 ratio)
     * unless something goes below it. */
    ymin = fmin(ymin, 0.0);
    double yspan = ymax - ymin;
    if (yspan <= 0)
        yspan = 1;
    ymax += 0.08 * yspan;
    if (ymin < 0)
        ymin -= 0.04 * yspan;

    abort_msg[0] = '\0';
    plsabort(on_abort);
    plsexit(on_exit_handler);
    /* PLplot closes the stream it writes to (plend), so it gets a duplicate
     * of the caller's: the output may be a FIFO or stdout, which have no
     * name to reopen, and the caller still owns (and commits) its own. */
    int fd = fflush(sp->fp) == 0 ? dup(fileno(sp->fp)) : -1;
    FILE *pf = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!pf) {
        snprintf(why, whylen, "cannot hand the output to PLplot: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    plsdev(sp->device);
    plsfile(pf);
    bool png = strcmp(sp->device, "pngcairo") == 0;
    /* PNG in pixels; SVG/PDF in points (a 10 x 6.25 inch page). */
    plspage(0, 0, png ? 1200 : 720, png ? 750 : 450, 0, 0);
    for (int i = 0; i < (int)(sizeof palette / sizeof palette[0]); i++)
        plscol0(i, palette[i][0], palette[i][1], palette[i][2]);
    plscolbg(255, 255, 255);
    plinit();
    if (abort_msg[0]) {
        snprintf(why, whylen, "PLplot: %s", abort_msg);
        plend();
        return -1;
    }
    pladv(0);
    plschr(0, 1.0);
    /* Plot area; below it the x label, the legend and the note. */
    plvpor(0.095, 0.97, 0.24, 0.90);
    plwind(xmin, xmax, ymin, ymax);
    double xt = nice_step(xmax - xmin, true), yt = sp->ylog ? 1 : nice_step(ymax - ymin, false);

    /* Grid first (light), then the frame, ticks and labels over it. */
    plcol0(COL_GRID);
    plwidth(1);
    plslabelfunc(label_log2, NULL);
    plbox("g", xt, 0, "g", yt, 0);
    plcol0(COL_FG);
    plbox("bcnsto", xt, 0, sp->ylog ? "bcnstlv" : "bcnstv", yt, 0);
    plslabelfunc(NULL, NULL);
    plmtex("b", 3.0, 0.5, 0.5, sp->xlabel ? sp->xlabel : "");
    plmtex("l", sp->ylog ? 4.4 : 3.6, 0.5, 0.5, sp->ylabel ? sp->ylabel : "");
    plschr(0, 1.15);
    plmtex("t", 1.0, 0.5, 0.5, sp->title ? sp->title : "");
    plschr(0, 1.0);

    if (isfinite(sp->vline) && sp->vline >= xmin && sp->vline <= xmax) {
        plcol0(COL_FG);
        pllsty(2);
        plwidth(1.5);
        pljoin(sp->vline, ymin, sp->vline, ymax);
        pllsty(1);
    }
    for (size_t s = 0; s < sp->nseries; s++) {
        const plot_series *se = &sp->series[s];
        int col = COL_SERIES + (int)(s % N_SERIES_COLS);
        plcol0(col);
        if (sp->markers)
            for (int k = 0; k < 3; k++) {
                double m = se->marks[k];
                if (!isfinite(m) || m < xmin || m > xmax)
                    continue;
                pllsty(k == 2 ? 3 : 2);
                plwidth(1.2);
                pljoin(m, ymin, m, ymax);
            }
        pllsty(1);
        plwidth(2.5);
        /* Draw each run of finite points as one polyline. */
        size_t i = 0;
        while (i < se->n) {
            while (i < se->n && !(isfinite(se->x[i]) && isfinite(se->y[i])))
                i++;
            size_t j = i;
            while (j < se->n && isfinite(se->x[j]) && isfinite(se->y[j]))
                j++;
            if (j - i >= 2)
                plline((PLINT)(j - i), se->x + i, se->y + i);
            else if (j - i == 1)
                plpoin(1, se->x + i, se->y + i, 1);
            i = j;
        }
    }

    /* Legend under the x label, in up to three columns; then the note. */
    enum { MAXL = 16 };
    size_t nl = sp->nseries < MAXL ? sp->nseries : MAXL;
    PLINT opts[MAXL], tcol[MAXL], lcol[MAXL], lsty[MAXL];
    PLFLT lw[MAXL];
    const char *text[MAXL];
    for (size_t s = 0; s < nl; s++) {
        opts[s] = PL_LEGEND_LINE;
        tcol[s] = COL_FG;
        lcol[s] = COL_SERIES + (int)(s % N_SERIES_COLS);
        lsty[s] = 1;
        lw[s] = 2.5;
        text[s] = sp->series[s].label;
    }
    PLINT ncol = nl < 3 ? (PLINT)nl : 3, nrow = ((PLINT)nl + ncol - 1) / ncol;
    PLFLT lwidth, lheight;
    plwidth(1);
    plschr(0, 0.9);
    pllegend(&lwidth, &lheight, PL_LEGEND_BACKGROUND,
             PL_POSITION_BOTTOM | PL_POSITION_OUTSIDE | PL_POSITION_VIEWPORT, 0.0, 0.17, 0.06,
             COL_BG, COL_FG, 1, nrow, ncol, (PLINT)nl, opts, 0.8, 0.9, 1.6, 0.0, tcol, text,
             NULL, NULL, NULL, NULL, lcol, lsty, lw, NULL, NULL, NULL, NULL);
    if (sp->note) {
        plvpor(0, 1, 0, 1);
        plwind(0, 1, 0, 1);
        plschr(0, 0.7);
        plcol0(COL_FG);
        plptex(0.5, 0.025, 1, 0, 0.5, sp->note);
    }
    plend();
    if (abort_msg[0]) {
        snprintf(why, whylen, "PLplot: %s", abort_msg);
        return -1;
    }
    return 0;
}

#endif
