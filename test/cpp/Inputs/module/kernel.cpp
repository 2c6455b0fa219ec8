#include <unistd.h>

int pause_briefly() { return int(sleep(1)); }
