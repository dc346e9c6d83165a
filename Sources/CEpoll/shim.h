// Linux epoll for the HTTPServer event loops: Swift's Glibc module leaves <sys/epoll.h> out.
// Part of libc, so there is nothing to link.
#include <sys/epoll.h>
