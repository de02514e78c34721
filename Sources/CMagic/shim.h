#ifndef ACERVO_CMAGIC_SHIM_H
#define ACERVO_CMAGIC_SHIM_H
#include <magic.h>
#endif
