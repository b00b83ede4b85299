/* The portable level: the shared kernel bodies on one-lane plain C. */
#include "ops_portable.h"
#include "kern_body.h"
