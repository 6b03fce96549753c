// ncurses with wide characters; the only C the dashboard's terminal uses.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift 6 cannot touch the C globals COLORS, LINES and COLS (they are mutable shared state);
// these read them.
static inline int ecomdash_colors(void) { return COLORS; }

// The mouse events the dashboard asks for: a left press or click (tabs) and the wheel
// (buttons 4 and 5). The masks are function-like macros, which Swift does not import.
static inline mmask_t ecomdash_mouse_mask(void) {
    return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}

// 1 for a left press or click, 4 for the wheel up, 5 for the wheel down, 0 for anything else.
static inline int ecomdash_mouse_button(mmask_t state) {
    if (state & BUTTON4_PRESSED) return 4;
    if (state & BUTTON5_PRESSED) return 5;
    if (state & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    return 0;
}

// Whether the terminal named by TERM is known to terminfo. initscr() prints "Error opening
// terminal" and exits the process when it is not, before the program can clean up; asking first
// lets the dashboard stop with a message and remove what it made. setupterm and cur_term are
// declared by term.h, which is not included here for the many macros it defines.
int setupterm(const char *term, int filedes, int *errret);
struct term;
int del_curterm(struct term *oterm);
extern struct term *cur_term;
static inline int ecomdash_terminal_known(void) {
    int err = 0;
    if (setupterm(NULL, 1, &err) != OK) return 0;
    struct term *probe = cur_term;
    del_curterm(probe);
    return 1;
}

