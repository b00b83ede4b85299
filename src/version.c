/* The run-time version: the macros of the exmy_version.h this library was
 * compiled with, so a program can tell the library it runs with from the
 * headers it was built against. */
#include "exmy.h"

unsigned exmy_version(void)
{
    return EXMY_VERSION_NUMBER;
}

const char *exmy_version_string(void)
{
    return EXMY_VERSION;
}
