#ifndef ACERVO_CQRENCODE_SHIM_H
#define ACERVO_CQRENCODE_SHIM_H
// libqrencode: the QR code printed on the station's cover sheets.
#include <qrencode.h>
#endif
