/*
 * OSC 52: the terminal itself puts the text on the clipboard of the machine
 * the operator sits at, which is what makes `y` work over SSH.
 *
 * The sequence is ESC ] 52 ; c ; BASE64 BEL. We write it to /dev/tty
 * ourselves, after curses has flushed the screen, so it is not mixed into
 * curses' buffered output and curses never counts it as drawn characters.
 *
 * tmux: with `set -g set-clipboard on` tmux reads the plain sequence, keeps
 * the text as a paste buffer and passes it on to the outer terminal; that is
 * what we send by default. With set-clipboard off/external, tmux ignores it;
 * then SOPDECK_OSC52=tmux wraps it in tmux's DCS passthrough
 * (ESC P tmux; ESC <sequence with every ESC doubled> ESC \), which needs
 * `set -g allow-passthrough on` (tmux 3.3+). We do not guess tmux's settings.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "osc52.h"
#include "text.h"
#include "util.h"

/* Characters (code points) in a UTF-8 string, for "copied N characters". */
static long osc52_chars(const char *s)
{
	long n = 0;
	size_t len = strlen(s), i = 0;
	while (i < len) {
		unsigned cp;
		i += utf8_decode(s + i, len - i, &cp);
		n++;
	}
	return n;
}

char *osc52_sequence(const char *text)
{
	char *b64 = text_base64(text, strlen(text));
	char *seq;
	const char *mode = getenv("SOPDECK_OSC52");
	if (mode && strcmp(mode, "tmux") == 0 && getenv("TMUX"))
		seq = xasprintf("\033Ptmux;\033\033]52;c;%s\a\033\\", b64);
	else
		seq = xasprintf("\033]52;c;%s\a", b64);
	free(b64);
	return seq;
}

/* Write all of s to fd, retrying on EINTR and short writes. */
static int osc52_write_all(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, s, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		len -= (size_t)w;
	}
	return 0;
}

long osc52_copy(const char *text, char **cause)
{
	size_t len = strlen(text);
	if (len > OSC52_MAX_BYTES)
		return set_cause(cause, _("text too long to copy (%zu bytes, at most %u)"), len,
				 (unsigned)OSC52_MAX_BYTES);
	char *seq = osc52_sequence(text);
	int fd = open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC);
	bool own = fd >= 0;
	if (!own)
		fd = STDOUT_FILENO;
	int rc = osc52_write_all(fd, seq, strlen(seq));
	int err = errno;
	if (own)
		close(fd);
	free(seq);
	if (rc < 0)
		return set_cause(cause, _("cannot write to the terminal: %s"), error_text(err));
	return osc52_chars(text);
}
