#ifndef ACERVO_CJPEG_SHIM_H
#define ACERVO_CJPEG_SHIM_H
/* jpeglib.h needs size_t and FILE declared before it. */
#include <stddef.h>
#include <stdio.h>
#include <jpeglib.h>
#include <jerror.h>
#endif
