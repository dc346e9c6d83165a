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
