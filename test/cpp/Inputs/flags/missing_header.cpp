// Does not compile: the header is missing.
#include "no_such_header.h"
int use() { return NO_SUCH_VALUE; }
