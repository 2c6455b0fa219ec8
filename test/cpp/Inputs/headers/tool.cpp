// A second translation unit that includes the same header: its functions are kept once.
#include "kernels.h"

double run_tool(long n) { return kernels::sharpen(n); }
