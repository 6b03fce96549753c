// ncurses with wide characters; the only C the dashboard's terminal uses.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift 6 cannot touch the C globals COLORS, LINES and COLS (they are mutable shared state);
// these read them.
static inline int ecomdash_colors(void) { return COLORS; }
