#ifndef ACERVO_COPENSSL_SHIM_H
#define ACERVO_COPENSSL_SHIM_H
// OpenSSL's libcrypto: PKCS#12, X.509 and CMS, for signing digitized documents.
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#endif
