#include "CAcervoStation.h"
#include <sys/vfs.h>

int CAcervoStation_fs_magic(const char *path, unsigned long long *magic) {
    struct statfs info;
    if (statfs(path, &info) != 0) return -1;
    *magic = (unsigned long long)(unsigned long)info.f_type;
    return 0;
}
