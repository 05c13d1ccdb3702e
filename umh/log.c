// SPDX-License-Identifier: GPL-2.0
/* The helper's log: one line per event, in the kernel log. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "log.h"

#define LOG_PREFIX "bpfilter_umh: "

static int log_fd = -1;
static int log_quiet;

void log_init(int quiet)
{
	log_quiet = quiet;
	if (log_fd < 0)
		log_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
}

void ulog(int level, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	if (level == LOG_DEBUG && log_quiet)
		return;
	n = snprintf(line, sizeof(line), "<%d>" LOG_PREFIX, level);
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';

	if (log_fd >= 0 && write(log_fd, line, n) == n)
		return;
	/* No kernel log (a host test): stderr, without the level. */
	if (write(STDERR_FILENO, line + 3, n - 3) < 0)
		return;
}
