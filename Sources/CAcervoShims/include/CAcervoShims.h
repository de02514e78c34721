#ifndef ACERVO_SHIMS_H
#define ACERVO_SHIMS_H
#endif
