/*
 * runcmd: a command's wall time and peak RSS over repeated runs, output discarded.
 *
 *   runcmd RUNS BUDGET_S LABEL -- PROGRAM ARGS...
 *
 * Runs PROGRAM up to RUNS times (at least 3, then stops once BUDGET_S seconds have
 * gone, so a slow command cannot hold the benchmark for minutes) and prints one
 * tab-separated line per run: LABEL, wall microseconds, peak RSS in KB, and CPU
 * microseconds (user + system, from wait4): on a machine shared with other work the
 * wall time is mostly waiting for a core, the CPU time is what the command cost.
 * A run that fails prints "LABEL<TAB>fail<TAB>STATUS" and stops the series.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	if (argc < 6 || strcmp(argv[4], "--") != 0) {
		fprintf(stderr, "usage: runcmd RUNS BUDGET_S LABEL -- PROGRAM ARGS...\n");
		return 2;
	}
	int runs = atoi(argv[1]);
	double budget = atof(argv[2]);
	const char *label = argv[3];
	long long start = now_us();
	for (int i = 0; i < runs; i++) {
		if (i >= 3 && (now_us() - start) / 1e6 > budget)
			break;
		long long t = now_us();
		pid_t pid = fork();
		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);
			dup2(null, 1);
			dup2(null, 2);
			execvp(argv[5], argv + 5);
			_exit(127);
		}
		int status;
		struct rusage ru;
		if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
			return 1;
		long long el = now_us() - t;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			printf("%s\tfail\t%d\n", label, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
			return 1;
		}
		long long cpu = (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 +
				ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
		printf("%s\t%lld\t%ld\t%lld\n", label, el, ru.ru_maxrss, cpu);
		fflush(stdout);
	}
	return 0;
}
