#ifndef ACERVO_CARCHIVE_SHIM_H
#define ACERVO_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>
#endif
