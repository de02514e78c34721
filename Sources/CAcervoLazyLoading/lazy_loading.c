#include "CAcervoLazyLoading.h"

#include <dlfcn.h>
#include <stdio.h>

void *CAcervoLazyLoading_open(const char *library, const char *const *files, char *failure, size_t failure_len) {
    /* dlerror's text lasts only until the next dlopen: the first one is copied at once. */
    char why[384] = "";
    for (size_t i = 0; files[i] != NULL; i++) {
        /* RTLD_NOW: a missing symbol shows here, once, not in the middle of the work. RTLD_LOCAL: the
         * library's symbols never interpose on anything else in the process. */
        void *handle = dlopen(files[i], RTLD_NOW | RTLD_LOCAL);
        if (handle != NULL) return handle;
        const char *error = dlerror();
        if (why[0] == '\0' && error != NULL) snprintf(why, sizeof why, "%s", error);
    }
    snprintf(failure, failure_len, "%s cannot be opened: %s", library, why[0] != '\0' ? why : "not found");
    return NULL;
}

int CAcervoLazyLoading_bind(void *handle, const char *library, const char *symbol, void **slot, char *failure,
                            size_t failure_len) {
    *slot = dlsym(handle, symbol);
    if (*slot != NULL) return 0;
    snprintf(failure, failure_len, "%s lacks %s", library, symbol);
    return -1;
}
