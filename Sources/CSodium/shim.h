#ifndef CABILDO_CSODIUM_SHIM_H
#define CABILDO_CSODIUM_SHIM_H
#include <sodium.h>
#endif
