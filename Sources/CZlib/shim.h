// zlib, for the CRC-32 of the open-data ZIP's entries (Debian: zlib1g-dev).
#include <zlib.h>
