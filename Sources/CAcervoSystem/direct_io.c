/* O_DIRECT is a GNU extension: <fcntl.h> shows it only under _GNU_SOURCE. */
#define _GNU_SOURCE
#include "CAcervoSystem.h"

#include <errno.h>
#include <fcntl.h>

int CAcervoSystem_set_direct_io(int fd, int on) {
#if defined(__linux__) && defined(O_DIRECT)
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) return -1;
    flags = on ? (flags | O_DIRECT) : (flags & ~O_DIRECT);
    return fcntl(fd, F_SETFL, flags);
#else
    (void)fd;
    (void)on;
    errno = ENOTSUP;
    return -1;
#endif
}
