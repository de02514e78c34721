#ifndef ACERVO_CQPDF_SHIM_H
#define ACERVO_CQPDF_SHIM_H
// qpdf's C API: the document, writing options and the object-handle functions (qpdf_oh_*).
#include <qpdf/qpdf-c.h>
#endif
