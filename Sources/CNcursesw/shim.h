#ifndef CABILDO_CNCURSESW_SHIM_H
#define CABILDO_CNCURSESW_SHIM_H

// Wide-character ncurses: get_wch/wget_wch, cchar_t, setcchar.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>

// What Swift cannot import: function-like macros and the stdscr global
// (a mutable C global that Swift 6 rejects as not concurrency-safe).
static inline WINDOW *cabildo_stdscr(void) { return stdscr; }
static inline int cabildo_colors(void) { return COLORS; }
static inline void cabildo_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }
static inline attr_t cabildo_a_normal(void) { return A_NORMAL; }
static inline attr_t cabildo_a_bold(void) { return A_BOLD; }
static inline attr_t cabildo_a_reverse(void) { return A_REVERSE; }
static inline attr_t cabildo_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cabildo_a_dim(void) { return A_DIM; }
static inline attr_t cabildo_a_standout(void) { return A_STANDOUT; }
static inline int cabildo_key_resize(void) { return KEY_RESIZE; }
// initscr exits the program on an unknown TERM; newterm returns NULL instead.
static inline SCREEN *cabildo_newterm(void) { return newterm(NULL, stdout, stdin); }

// Asks the scheduler to run the calling thread in slices of at most `ns`
// nanoseconds (Linux 6.12+ takes sched_runtime as a fair task's slice; older
// kernels refuse or ignore it). syscall() is variadic: Swift cannot call it.
static inline int cabildo_request_slice(uint64_t ns) {
#ifdef SYS_sched_setattr
    struct { uint32_t size, policy; uint64_t flags; int32_t nice; uint32_t priority;
             uint64_t runtime, deadline, period; } attr = {0};
    attr.size = sizeof attr;
    attr.policy = 0;    /* SCHED_OTHER */
    attr.nice = getpriority(PRIO_PROCESS, 0);
    attr.runtime = ns;
    return (int)syscall(SYS_sched_setattr, 0, &attr, 0);
#else
    return -1;
#endif
}

#endif
