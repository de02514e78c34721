#ifndef ACERVO_CLCMS_SHIM_H
#define ACERVO_CLCMS_SHIM_H
/* Little CMS 2: colour management, for CMYK photos and scans converted to sRGB. */
#include <lcms2.h>
#endif
