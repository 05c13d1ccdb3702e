// SPDX-License-Identifier: GPL-2.0
/* Saving tables across helper restarts: see persist.h. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "persist.h"
#include "translate.h"

#define PERSIST_MAGIC 0x6270666c74723031ULL	/* "bpfltr01" */
#define PERSIST_PREFIX "netns-"

struct persist_header {
	uint64_t magic;
	uint64_t cookie;
	struct ipt_replace repl;	/* counters pointer unused */
};

static void file_name(char *buf, size_t len, uint64_t cookie)
{
	snprintf(buf, len, PERSIST_PREFIX "%" PRIu64, cookie);
}

/* All @len bytes to or from @fd, through short transfers and EINTR. */
static int transfer_all(int fd, void *buf, size_t len, bool out)
{
	ssize_t n;

	while (len) {
		n = out ? write(fd, buf, len) : read(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf = (char *)buf + n;
		len -= n;
	}
	return 0;
}

static int write_all(int fd, const void *buf, size_t len)
{
	return transfer_all(fd, (void *)buf, len, true);
}

static int read_all(int fd, void *buf, size_t len)
{
	return transfer_all(fd, buf, len, false);
}

int persist_save(const struct netns *ns)
{
	const struct table *t = ns->filter;
	struct persist_header h = {
		.magic = PERSIST_MAGIC,
		.cookie = ns->cookie,
	};
	char name[64], tmp[80];
	int fd, err = 0;

	memcpy(h.repl.name, t->name, sizeof(h.repl.name));
	h.repl.valid_hooks = t->valid_hooks;
	h.repl.num_entries = t->num_entries;
	h.repl.size = t->size;
	memcpy(h.repl.hook_entry, t->hook_entry, sizeof(h.repl.hook_entry));
	memcpy(h.repl.underflow, t->underflow, sizeof(h.repl.underflow));
	h.repl.num_counters = t->num_entries;

	file_name(name, sizeof(name), ns->cookie);
	snprintf(tmp, sizeof(tmp), "%s.new", name);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 ||
	    write_all(fd, &h, sizeof(h)) ||
	    write_all(fd, t->entries, t->size) ||
	    write_all(fd, t->counters, t->num_entries * sizeof(*t->counters)))
		err = -errno;
	if (fd >= 0 && close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, name))
		err = -errno;
	if (err) {
		unlink(tmp);
		pr_err("netns %" PRIu64 ": cannot save the filter table: %s",
		       ns->cookie, strerror(-err));
	}
	return err;
}

void persist_drop(uint64_t cookie)
{
	char name[64];

	file_name(name, sizeof(name), cookie);
	unlink(name);
}

/* Read one saved table; it goes through translate() again. */
static int load_one(const char *name, struct table **out)
{
	struct persist_header h;
	struct table *t = NULL;
	void *entries = NULL;
	size_t nc;
	int fd, err = -EINVAL;

	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (read_all(fd, &h, sizeof(h)) || h.magic != PERSIST_MAGIC)
		goto out;
	entries = malloc(h.repl.size + 1);
	if (!entries || read_all(fd, entries, h.repl.size))
		goto out;
	err = translate(&h.repl, entries, &t);
	if (err)
		goto out;
	entries = NULL;
	nc = (size_t)t->num_entries * sizeof(*t->counters);
	err = -EINVAL;
	if (read_all(fd, t->counters, nc))
		goto out;
	*out = t;
	t = NULL;
	err = 0;
out:
	close(fd);
	free(entries);
	table_free(t);
	return err;
}

struct table *persist_restore(uint64_t cookie)
{
	struct table *t = NULL;
	char name[64];
	int err;

	file_name(name, sizeof(name), cookie);
	err = load_one(name, &t);
	if (err == -ENOENT)
		return NULL;
	if (err) {
		pr_err("netns %" PRIu64 ": cannot restore the saved filter table: %s",
		       cookie, strerror(-err));
		return NULL;
	}
	pr_info("netns %" PRIu64 ": restored the saved filter table", cookie);
	return t;
}
