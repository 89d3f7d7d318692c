/*
 * ptybench: a console program's latency as its user sees it, on a pseudo-terminal.
 *
 *   ptybench [-s COLSxROWS] [-q SETTLE_MS] [-t TIMEOUT_MS] [-b BYTES] -- PROGRAM ARGS... < SCRIPT
 *
 * Starts PROGRAM on a fresh pty (forkpty, TERM=xterm-256color, ESCDELAY=25) and
 * reads its output. A burst of output ends when the terminal has been quiet for
 * SETTLE_MS (default 60). The first frame is the time from fork to the last byte
 * of the first burst that brings the output to BYTES (default 1000: a screen of
 * text; the terminal set-up a program writes before it loads its data is less). Then each SCRIPT line "LABEL<TAB>KEYS" writes KEYS (C
 * escapes: \e \r \n \t \xHH, and \\) and times the answer: first output byte after
 * the write, last byte of the burst, bytes written. LABEL "-" is sent but not
 * reported (setting up a measurement). After the script the program gets "q"
 * (unless the script quit it) and its peak RSS is read with wait4.
 *
 * Output, one tab-separated line per sample (times in microseconds):
 *   frame  FIRST_BYTE_US  LAST_BYTE_US  BYTES  CPU_US
 *   LABEL  FIRST_BYTE_US  LAST_BYTE_US  BYTES  CPU_US
 * CPU_US is the CPU time the program used meanwhile (/proc/PID/schedstat, else
 * -1): on a machine shared with other work, wall time is mostly waiting for a core.
 *   rss    KB
 * A key that gets no output within TIMEOUT_MS (default 20000) reports -1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int settle_ms = 60, timeout_ms = 20000, frame_bytes = 1000;

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/*
 * Read one burst: wait (up to the timeout) for a first byte, then read until
 * quiet for settle_ms. Times are from t0. Returns bytes read, -1 on EOF first.
 */
static long burst(int fd, long long t0, long long *first, long long *last)
{
	char buf[65536];
	long total = 0;
	*first = *last = -1;
	long long deadline = now_us() + (long long)timeout_ms * 1000;
	while (1) {
		int wait_ms;
		if (total == 0) {
			long long left = deadline - now_us();
			if (left <= 0)
				return 0;
			wait_ms = (int)(left / 1000) + 1;
		} else {
			wait_ms = settle_ms;
		}
		struct pollfd p = {fd, POLLIN, 0};
		int r = poll(&p, 1, wait_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return total;  /* quiet: the burst is over (or nothing came) */
		ssize_t n = read(fd, buf, sizeof buf);
		if (n <= 0)
			return total ? total : -1;  /* the program closed the terminal */
		long long t = now_us() - t0;
		if (total == 0)
			*first = t;
		*last = t;
		total += n;
	}
}

/* CPU time the process has used so far, in microseconds (-1 if unknown). */
static long long cpu_us(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
	FILE *f = fopen(path, "r");
	unsigned long long ns = 0;
	int ok = f && fscanf(f, "%llu", &ns) == 1;
	if (f)
		fclose(f);
	return ok ? (long long)(ns / 1000) : -1;
}

/* Decode C escapes in place; returns the length. */
static size_t unescape(char *s)
{
	char *w = s;
	for (char *p = s; *p; p++) {
		if (*p != '\\' || !p[1]) {
			*w++ = *p;
			continue;
		}
		p++;
		switch (*p) {
		case 'e': *w++ = 27; break;
		case 'r': *w++ = '\r'; break;
		case 'n': *w++ = '\n'; break;
		case 't': *w++ = '\t'; break;
		case 'x': {
			unsigned v = 0;
			int k = 0;
			while (k < 2 && ((p[1] >= '0' && p[1] <= '9') || (p[1] >= 'a' && p[1] <= 'f') ||
					 (p[1] >= 'A' && p[1] <= 'F'))) {
				char c = *++p;
				v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
				k++;
			}
			*w++ = (char)v;
			break;
		}
		default: *w++ = *p;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

int main(int argc, char **argv)
{
	int cols = 80, rows = 24, opt;
	while ((opt = getopt(argc, argv, "s:q:t:b:")) != -1) {
		if (opt == 's' && sscanf(optarg, "%dx%d", &cols, &rows) == 2)
			continue;
		if (opt == 'q')
			settle_ms = atoi(optarg);
		else if (opt == 't')
			timeout_ms = atoi(optarg);
		else if (opt == 'b')
			frame_bytes = atoi(optarg);
		else {
			fprintf(stderr, "usage: ptybench [-s COLSxROWS] [-q SETTLE_MS] [-t TIMEOUT_MS] "
				"[-b BYTES] -- PROGRAM ARGS... < SCRIPT\n");
			return 2;
		}
	}
	if (optind >= argc)
		return 2;
	struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
	int fd;
	long long t0 = now_us();
	pid_t pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0) {
		perror("forkpty");
		return 1;
	}
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("ESCDELAY", "25", 1);
		execvp(argv[optind], argv + optind);
		_exit(127);
	}
	long long first = -1, last = -1, f, l;
	long n = 0, b;
	/* Bursts until a screenful has come (or the program ends, or one times out). */
	while (n < frame_bytes && (b = burst(fd, t0, &f, &l)) > 0) {
		if (first < 0)
			first = f;
		last = l;
		n += b;
	}
	if (n < frame_bytes)
		first = last = -1;
	printf("frame\t%lld\t%lld\t%ld\t%lld\n", first, last, n, cpu_us(pid));
	fflush(stdout);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int quit = 0;
	while (n >= 0 && (len = getline(&line, &cap, stdin)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab || line[0] == '#')
			continue;
		*tab = '\0';
		size_t k = unescape(tab + 1);
		long long c0 = cpu_us(pid), t = now_us();
		if (write(fd, tab + 1, k) != (ssize_t)k)
			break;
		n = burst(fd, t, &first, &last);
		long long c1 = cpu_us(pid);
		if (strcmp(line, "-") != 0)
			printf("%s\t%lld\t%lld\t%ld\t%lld\n", line, first, last, n < 0 ? 0 : n,
			       c0 < 0 || c1 < 0 ? -1 : c1 - c0);
		fflush(stdout);
		if (k == 1 && tab[1] == 'q' && n < 0)
			quit = 1;
	}
	free(line);
	if (!quit && n >= 0) {
		if (write(fd, "q", 1) != 1)
			kill(pid, SIGTERM);
	}
	/* Drain until the program closes the terminal, so it never blocks on a full pty. */
	char buf[4096];
	struct pollfd p = {fd, POLLIN, 0};
	long long end = now_us() + (long long)timeout_ms * 1000;
	while (now_us() < end && poll(&p, 1, 100) >= 0) {
		if (p.revents & (POLLIN | POLLHUP)) {
			if (read(fd, buf, sizeof buf) <= 0)
				break;
		} else if (waitpid(pid, NULL, WNOHANG) == pid) {
			pid = -1;
			break;
		}
	}
	int status;
	struct rusage ru;
	if (pid > 0) {
		/* Closed its terminal: give it a moment to exit, then ask harder. */
		int tries = 0;
		while (wait4(pid, &status, WNOHANG, &ru) == 0) {
			if (++tries == 300) {
				kill(pid, SIGTERM);
				wait4(pid, &status, 0, &ru);
				break;
			}
			usleep(10000);
		}
	} else {
		getrusage(RUSAGE_CHILDREN, &ru);
	}
	printf("rss\t%ld\n", ru.ru_maxrss);
	close(fd);
	return 0;
}
