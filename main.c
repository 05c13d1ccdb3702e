// SPDX-License-Identifier: GPL-2.0
/*
 * The bpfilter helper: bpfilter.ko writes one struct mbox_request to our
 * stdin per relayed iptables sockopt and reads one struct mbox_reply from
 * our stdout. Anything other than a whole request or a whole reply means
 * the module is gone or confused: we log it and exit, and the module starts
 * a new helper on its next request.
 *
 * SIGUSR1 logs the request counters.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msgfmt.h"
#include "umh/codegen.h"
#include "umh/ext.h"
#include "umh/log.h"
#include "umh/netns.h"
#include "umh/persist.h"
#include "umh/sockopt.h"

struct umh_stats {
	unsigned long requests;
	unsigned long declined;	/* left to x_tables */
	unsigned long failed;	/* answered with an error */
};

static volatile sig_atomic_t stats_wanted;

static void on_sigusr1(int sig)
{
	(void)sig;
	stats_wanted = 1;
}

static void log_stats(const struct umh_stats *st)
{
	pr_info("stats: requests=%lu declined=%lu failed=%lu netns=%u",
		st->requests, st->declined, st->failed, netns_count());
}

/*
 * Read exactly @len bytes. Returns @len, 0 at end of file before the first
 * byte, or -1 with errno set (EPROTO for a short message).
 */
static ssize_t read_full(int fd, void *buf, size_t len,
			 const struct umh_stats *st)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = read(fd, (char *)buf + done, len - done);
		if (n < 0 && errno == EINTR) {
			if (stats_wanted) {
				stats_wanted = 0;
				log_stats(st);
			}
			continue;
		}
		if (n < 0)
			return -1;
		if (n == 0) {
			if (done == 0)
				return 0;
			errno = EPROTO;
			return -1;
		}
		done += n;
	}
	return done;
}

static int write_full(int fd, const void *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = write(fd, (const char *)buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += n;
	}
	return 0;
}

static int handle_hello(const struct mbox_request *req)
{
	if (req->addr)
		ext_hz = req->addr;
	cg_sets = !(req->flags & BPFILTER_HELLO_NO_SETS);
	cg_acc_always = req->flags & BPFILTER_HELLO_ACC;
	switch (req->len) {
	case BPFILTER_FAULT_HANG:
		pr_warn("fault injection: not answering the health check");
		for (;;)
			pause();
	case BPFILTER_FAULT_EXIT:
		pr_warn("fault injection: exiting at the health check");
		exit(EXIT_FAILURE);
	case BPFILTER_FAULT_REFUSE:
		pr_warn("fault injection: refusing the health check");
		return -EPROTO;
	}
	return 0;
}

static int handle_request(const struct mbox_request *req,
			  struct mbox_reply *reply, struct umh_stats *st)
{
	int status;

	if (req->cmd == BPFILTER_CMD_HELLO && !req->is_set)
		return handle_hello(req);
	if (req->cmd == BPFILTER_CMD_NETNS_EXIT && !req->is_set) {
		netns_drop(req->netns);
		persist_drop(req->netns);
		return 0;
	}

	st->requests++;
	status = sockopt_handle(req, &reply->flags);
	pr_debug("request %lu: %s cmd %u len %u pid %u netns %llu: %d",
		 st->requests, req->is_set ? "set" : "get", req->cmd, req->len,
		 req->pid, (unsigned long long)req->netns, status);
	if (status == -ENOPROTOOPT)
		st->declined++;
	else if (status < 0)
		st->failed++;
	else if (req->is_set)
		persist_save(netns_get(req->netns));
	return status;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_sigusr1 };
	struct umh_stats st = { 0 };
	struct mbox_request req;
	struct mbox_reply reply;
	ssize_t n;

	log_init(0);
	signal(SIGPIPE, SIG_IGN);
	sigaction(SIGUSR1, &sa, NULL);
	pr_info("started, pid %d", (int)getpid());

	for (;;) {
		n = read_full(STDIN_FILENO, &req, sizeof(req), &st);
		if (n == 0) {
			pr_info("module closed the request pipe, exiting");
			return EXIT_SUCCESS;
		}
		if (n < 0) {
			pr_err("reading a request: %s, exiting",
			       strerror(errno));
			return EXIT_FAILURE;
		}
		memset(&reply, 0, sizeof(reply));
		reply.status = (__u32)handle_request(&req, &reply, &st);
		if (write_full(STDOUT_FILENO, &reply, sizeof(reply))) {
			pr_err("writing a reply: %s, exiting", strerror(errno));
			return EXIT_FAILURE;
		}
	}
}
