#ifndef CACERVOSTATION_H
#define CACERVOSTATION_H

/// The file system type (`statfs`'s `f_type`) of the file system holding `path`, in `*magic`.
/// Returns 0, or -1 with errno set. (`statfs` is in <sys/vfs.h>, which Swift's Glibc module does not export.)
int CAcervoStation_fs_magic(const char *path, unsigned long long *magic);

#endif
