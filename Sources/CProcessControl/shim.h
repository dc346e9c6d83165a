// Linux process controls the render child applies to itself. prctl(2) is variadic, which Swift cannot
// call, so it is wrapped here; posix_spawn_file_actions_addclosefrom_np is a GNU extension (glibc 2.34).
// Part of libc, so there is nothing to link.
#include <sys/prctl.h>
#include <signal.h>
#include <spawn.h>

/// Delivers `signal` to the calling process when its parent dies (PR_SET_PDEATHSIG).
static inline int process_control_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0UL, 0UL, 0UL);
}
