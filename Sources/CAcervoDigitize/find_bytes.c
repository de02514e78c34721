/* memmem is a GNU and BSD extension: ask glibc's string.h for it. */
#define _GNU_SOURCE
#include "CAcervoDigitize.h"

#include <string.h>

const void *CAcervoDigitize_find_bytes(const void *haystack, size_t haystack_len, const void *needle,
                                       size_t needle_len) {
    if (needle_len == 0 || haystack_len < needle_len) return NULL;
    return memmem(haystack, haystack_len, needle, needle_len);
}
