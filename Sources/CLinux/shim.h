// Linux calls Swift's Glibc module does not declare (glibc hides them behind _GNU_SOURCE, or in malloc.h).
// Part of libc, so there is nothing to link.
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <unistd.h>

/// Atomically exchanges two paths (renameat2 with RENAME_EXCHANGE, Linux 3.15+). -1 with errno ENOSYS
/// or EINVAL where the kernel or the file system cannot.
static inline int clinux_rename_exchange(const char *from, const char *to) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 2 /* RENAME_EXCHANGE */);
#else
    errno = ENOSYS;
    return -1;
#endif
}
