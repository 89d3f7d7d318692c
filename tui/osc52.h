/* Copying text to the operator's own clipboard with the OSC 52 escape sequence. */
#ifndef SOPDECK_TUI_OSC52_H
#define SOPDECK_TUI_OSC52_H

#include <stddef.h>

/* Longest text we send: terminals drop longer sequences (xterm's default limit is near this). */
#define OSC52_MAX_BYTES 74994

/*
 * Send text to the terminal's clipboard: ESC ] 52 ; c ; BASE64 BEL, written
 * straight to /dev/tty (call after the screen was refreshed). Returns the
 * number of characters copied, or -1 with *cause set.
 */
long osc52_copy(const char *text, char **cause);

/* The bytes osc52_copy writes for text (for tests and the curious); new string. */
char *osc52_sequence(const char *text);

#endif
