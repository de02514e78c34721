#ifndef CACERVO_SYSTEM_H
#define CACERVO_SYSTEM_H

/*
 * The system calls Swift cannot make directly: flags behind _GNU_SOURCE, glibc's mallopt. Reached
 * through the AcervoSystem module.
 */

/*
 * Keeps glibc's malloc from returning memory to the kernel between the files of a batch (a larger top
 * pad and trim threshold), so worker arenas do not shrink and regrow around every file, and serves
 * blocks up to 128 MB (a progressive photo's coefficient buffers) from the arenas instead of fresh
 * mappings, so the next photo reuses them. A no-op where malloc is not glibc's.
 */
void CAcervoSystem_tune_malloc_for_batches(void);

/*
 * Turns direct I/O on or off for an open file (O_DIRECT on Linux): writes then go from the caller's
 * buffer to the device without passing through the page cache. Writes under direct I/O must use
 * buffers, lengths and file offsets aligned to CAcervoSystem_direct_io_alignment. Returns 0, or -1
 * with errno set where the system or file system does not offer it.
 */
int CAcervoSystem_set_direct_io(int fd, int on);

/* The alignment asked of direct I/O buffers, lengths and offsets: a page, which covers every device. */
enum { CAcervoSystem_direct_io_alignment = 4096 };

#endif
