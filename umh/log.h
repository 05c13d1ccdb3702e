/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BPFILTER_UMH_LOG_H
#define _BPFILTER_UMH_LOG_H

#include <syslog.h>

/**
 * log_init() - send log lines to /dev/kmsg, or to stderr when it is absent.
 * @quiet: when true, drop LOG_DEBUG lines.
 */
void log_init(int quiet);

/**
 * ulog() - write one line to the kernel log as "bpfilter_umh: ...".
 * @level: a syslog level, LOG_ERR to LOG_DEBUG.
 * @fmt: printf format, without a trailing newline.
 */
void ulog(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define pr_err(...) ulog(LOG_ERR, __VA_ARGS__)
#define pr_warn(...) ulog(LOG_WARNING, __VA_ARGS__)
#define pr_info(...) ulog(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) ulog(LOG_DEBUG, __VA_ARGS__)

#endif /* _BPFILTER_UMH_LOG_H */
