#ifndef ACERVO_CDEFLATE_SHIM_H
#define ACERVO_CDEFLATE_SHIM_H
#include <libdeflate.h>
#endif
