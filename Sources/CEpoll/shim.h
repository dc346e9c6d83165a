// Linux epoll and eventfd for the HTTPServer event loops: Swift's Glibc module leaves <sys/epoll.h> and
// <sys/eventfd.h> out (and pthread_setname_np, a GNU extension). Part of libc, so there is nothing to link.
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

/// Names a thread (at most 15 bytes show in top -H, perf and /proc/self/task/N/comm).
static inline int cepoll_name_thread(pthread_t thread, const char *name) {
    extern int pthread_setname_np(pthread_t thread, const char *name);
    return pthread_setname_np(thread, name);
}

#include <sys/socket.h>

/// accept4(2) with SOCK_CLOEXEC | SOCK_NONBLOCK: the client's socket is close-on-exec from the moment it
/// exists, so a child another thread spawns (a pre-render) can never inherit it (a GNU extension too).
static inline int cepoll_accept(int fd, struct sockaddr *address, socklen_t *length) {
    extern int accept4(int, struct sockaddr *, socklen_t *, int);
    return accept4(fd, address, length, SOCK_CLOEXEC | SOCK_NONBLOCK);
}
