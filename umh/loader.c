// SPDX-License-Identifier: GPL-2.0
/*
 * Loading a compiled table: maps and programs through the bpf() syscall,
 * then the attach request to bpfilter.ko over generic netlink. The helper
 * is linked statically and needs nothing beyond libc: the few syscalls
 * are made here directly.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/btf.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "codegen.h"
#include "loader.h"
#include "log.h"

/* Verifier log kept when a program is refused, for its last line. */
#define VLOG_SIZE (4U << 20)

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Object names: "bf_<what>_<cookie>", cut to what the kernel keeps. */
static void obj_name(char *dst, const char *what, uint64_t cookie)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "bf_%s_%llu", what,
		 (unsigned long long)cookie);
	memset(dst, 0, BPF_OBJ_NAME_LEN);
	memcpy(dst, buf, strnlen(buf, BPF_OBJ_NAME_LEN - 1));
}

static int map_create_key(uint32_t type, uint32_t key_size,
			  uint32_t value_size, uint32_t n, uint32_t flags,
			  const char *what, uint64_t cookie)
{
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.map_type = type;
	a.map_flags = flags;
	a.key_size = key_size;
	a.value_size = value_size;
	a.max_entries = n;
	obj_name(a.map_name, what, cookie);
	fd = sys_bpf(BPF_MAP_CREATE, &a);
	if (fd < 0) {
		pr_err("netns %llu: cannot create map %s of %u entries: %s",
		       (unsigned long long)cookie, what, n, strerror(errno));
		return -errno;
	}
	return fd;
}

static int map_create(uint32_t type, uint32_t value_size, uint32_t n,
		      const char *what, uint64_t cookie)
{
	return map_create_key(type, sizeof(uint32_t), value_size, n, 0, what,
			      cookie);
}

static int map_update(int fd, uint32_t key, const void *value)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = (uintptr_t)&key;
	a.value = (uintptr_t)value;
	return sys_bpf(BPF_MAP_UPDATE_ELEM, &a) ? -errno : 0;
}

/*
 * Why the verifier refused a program: the last line of its log before the
 * statistics it ends with.
 */
static const char *vlog_reason(char *log)
{
	char *end = log + strlen(log), *line;

	for (;;) {
		while (end > log && (end[-1] == '\n' || end[-1] == ' '))
			*--end = '\0';
		line = strrchr(log, '\n');
		line = line ? line + 1 : log;
		if (line == log || (strncmp(line, "processed ", 10) &&
				    strncmp(line, "verification time", 17)))
			return line;
		end = line;
	}
}

static int prog_load_btf(const struct prog *p, const char *chain,
			 uint64_t cookie, int btf,
			 const struct bpf_func_info *info);

/*
 * BTF for @p's functions: each chain's function global, so that the
 * verifier checks it once, not once per way to reach it, and named for
 * bpftool. Types: 1 int, 2 int (int), then one FUNC per function.
 *
 * Return: the BTF's fd, or a negative errno; @info gets func_info.
 */
static int btf_load(const struct prog *p, struct bpf_func_info *info)
{
	size_t types = 16 + 20 + (size_t)p->nfuncs * 12, strs = 8, off;
	struct btf_header *h;
	union bpf_attr a;
	uint32_t *t;
	char *blob, *str;
	unsigned int i;
	int fd;

	for (i = 0; i < p->nfuncs; i++)
		strs += strlen(p->funcs[i].name) + 1;
	blob = calloc(1, sizeof(*h) + types + strs);
	if (!blob)
		return -ENOMEM;
	h = (void *)blob;
	h->magic = BTF_MAGIC;
	h->version = BTF_VERSION;
	h->hdr_len = sizeof(*h);
	h->type_len = (uint32_t)types;
	h->str_off = (uint32_t)types;
	h->str_len = (uint32_t)strs;
	t = (void *)(blob + sizeof(*h));
	str = blob + sizeof(*h) + types;
	/* strings: "", "int", "d", then the names */
	memcpy(str, "\0int\0d", 7);
	off = 7;
	/* [1] int */
	*t++ = 1;
	*t++ = BTF_KIND_INT << 24;
	*t++ = 4;
	*t++ = (BTF_INT_SIGNED << 24) | 32;
	/* [2] int (int d) */
	*t++ = 0;
	*t++ = (BTF_KIND_FUNC_PROTO << 24) | 1;
	*t++ = 1;
	*t++ = 5;
	*t++ = 1;
	for (i = 0; i < p->nfuncs; i++) {
		*t++ = (uint32_t)off;
		*t++ = (BTF_KIND_FUNC << 24) |
		       (i ? BTF_FUNC_GLOBAL : BTF_FUNC_STATIC);
		*t++ = 2;
		strcpy(str + off, p->funcs[i].name);
		off += strlen(p->funcs[i].name) + 1;
		info[i].insn_off = p->funcs[i].insn;
		info[i].type_id = 3 + i;
	}
	memset(&a, 0, sizeof(a));
	a.btf = (uintptr_t)blob;
	a.btf_size = (uint32_t)(sizeof(*h) + types + strs);
	fd = sys_bpf(BPF_BTF_LOAD, &a);
	free(blob);
	return fd < 0 ? -errno : fd;
}

static int prog_load(const struct prog *p, const char *chain,
		     uint64_t cookie)
{
	struct bpf_func_info *info;
	int fd, btf;

	info = calloc(p->nfuncs + 1, sizeof(*info));
	btf = info && p->nfuncs ? btf_load(p, info) : -ENOMEM;
	if (btf < 0)
		pr_warn("netns %llu: chain %s: no BTF for its functions (%s): each is checked once per call",
			(unsigned long long)cookie, chain, strerror(-btf));
	fd = prog_load_btf(p, chain, cookie, btf, info);
	if (btf >= 0)
		close(btf);
	free(info);
	return fd;
}

static int prog_load_btf(const struct prog *p, const char *chain,
			 uint64_t cookie, int btf,
			 const struct bpf_func_info *info)
{
	union bpf_attr a;
	char *log;
	int fd, err;

	memset(&a, 0, sizeof(a));
	if (btf >= 0) {
		a.prog_btf_fd = (uint32_t)btf;
		a.func_info = (uintptr_t)info;
		a.func_info_rec_size = sizeof(*info);
		a.func_info_cnt = p->nfuncs;
	}
	a.prog_type = BPF_PROG_TYPE_CGROUP_SKB;
	a.expected_attach_type = BPF_CGROUP_INET_INGRESS;
	a.insns = (uintptr_t)p->insns;
	a.insn_cnt = p->len;
	a.license = (uintptr_t)"GPL";
	obj_name(a.prog_name, chain, cookie);
	fd = sys_bpf(BPF_PROG_LOAD, &a);
	if (fd >= 0)
		return fd;
	err = errno;

	/* Again with the verifier's log, to say why. */
	log = calloc(1, VLOG_SIZE);
	if (log) {
		a.log_level = 1;
		a.log_buf = (uintptr_t)log;
		a.log_size = VLOG_SIZE;
		fd = sys_bpf(BPF_PROG_LOAD, &a);
		if (fd >= 0) {
			/* Loaded after all: a transient failure. */
			free(log);
			return fd;
		}
	}
	pr_err("netns %llu: chain %s: the kernel refused its program of %u instructions: %s: %s",
	       (unsigned long long)cookie, chain, p->len, strerror(err),
	       log ? vlog_reason(log) : "");
	free(log);
	return err == ENOMEM ? -ENOMEM : -EOPNOTSUPP;
}

/* Generic netlink: one request, its answer and acknowledgment. */
struct nlbuf {
	char data[65536];
	unsigned int len;
};

static void nl_put(struct nlbuf *b, uint16_t type, const void *v,
		   uint16_t len)
{
	struct nlattr *na = (void *)(b->data + b->len);

	na->nla_type = type;
	na->nla_len = NLA_HDRLEN + len;
	memcpy((char *)na + NLA_HDRLEN, v, len);
	b->len += NLA_ALIGN(na->nla_len);
}

static void nl_put_u32(struct nlbuf *b, uint16_t type, uint32_t v)
{
	nl_put(b, type, &v, sizeof(v));
}

static void nl_start(struct nlbuf *b, uint16_t family, uint8_t cmd)
{
	struct nlmsghdr *h = (void *)b->data;
	struct genlmsghdr *g = NLMSG_DATA(h);

	memset(b->data, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	h->nlmsg_type = family;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	g->cmd = cmd;
	g->version = BPFILTER_GENL_VERSION;
	b->len = NLMSG_HDRLEN + GENL_HDRLEN;
}

/* Copy the payload of attribute @want of genetlink message @h to @found. */
static void nl_find(const struct nlmsghdr *h, uint16_t want, void *found,
		    size_t found_len)
{
	const char *at = (const char *)NLMSG_DATA(h) + GENL_HDRLEN;
	int left = (int)h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	const struct nlattr *na;
	size_t len;

	while (left >= NLA_HDRLEN) {
		na = (const void *)at;
		if (na->nla_len < NLA_HDRLEN || na->nla_len > left)
			return;
		len = na->nla_len - NLA_HDRLEN;
		if ((na->nla_type & NLA_TYPE_MASK) == want)
			memcpy(found, at + NLA_HDRLEN,
			       len < found_len ? len : found_len);
		left -= NLA_ALIGN(na->nla_len);
		at += NLA_ALIGN(na->nla_len);
	}
}

/*
 * Send @b and read the answers until the acknowledgment. @found gets
 * the payload of attribute @want when a message carries it.
 *
 * Return: 0 or the negative errno of the acknowledgment.
 */
static int nl_call(int sock, struct nlbuf *b, uint16_t want, void *found,
		   size_t found_len)
{
	struct nlmsghdr *h = (void *)b->data;
	static char in[16384];
	ssize_t n;

	h->nlmsg_len = b->len;
	if (send(sock, b->data, b->len, 0) < 0)
		return -errno;
	for (;;) {
		n = recv(sock, in, sizeof(in), 0);
		if (n < 0)
			return -errno;
		for (h = (void *)in; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
			if (found)
				nl_find(h, want, found, found_len);
		}
	}
}

/* A socket to the module's family; its id in @family. */
static int genl_open(uint16_t *family)
{
	struct nlbuf b;
	int sock, err;

	sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (sock < 0)
		return -errno;
	nl_start(&b, GENL_ID_CTRL, CTRL_CMD_GETFAMILY);
	nl_put(&b, CTRL_ATTR_FAMILY_NAME, BPFILTER_GENL_NAME,
	       sizeof(BPFILTER_GENL_NAME));
	*family = 0;
	err = nl_call(sock, &b, CTRL_ATTR_FAMILY_ID, family, sizeof(*family));
	if (!err && !*family)
		err = -ENOENT;
	if (err) {
		pr_err("generic netlink family %s: %s", BPFILTER_GENL_NAME,
		       strerror(-err));
		close(sock);
		return err;
	}
	return sock;
}

static int attach(uint64_t cookie, const int *progs, int scratch,
		  int counters, const struct cg_out *out)
{
	static const uint16_t prog_attr[CG_NPROGS] = {
		BPFILTER_A_PROG_IN, BPFILTER_A_PROG_FWD, BPFILTER_A_PROG_OUT,
	};
	size_t logs = out->nlogs * sizeof(*out->logs);
	struct nlbuf *b;
	uint16_t family;
	unsigned int h;
	int sock, err;

	/* LOG descriptions are 32 bytes each, in one attribute of a message. */
	if (logs > 65000) {
		pr_err("netns %llu: %u LOG rules, more than bpfilter handles",
		       (unsigned long long)cookie, out->nlogs);
		return -EOPNOTSUPP;
	}
	b = malloc(sizeof(*b));
	if (!b)
		return -ENOMEM;
	sock = genl_open(&family);
	if (sock < 0) {
		free(b);
		return sock;
	}
	nl_start(b, family, BPFILTER_CMD_ATTACH);
	nl_put(b, BPFILTER_A_NETNS, &cookie, sizeof(cookie));
	for (h = 0; h < CG_NPROGS; h++)
		nl_put_u32(b, prog_attr[h], (uint32_t)progs[h]);
	nl_put_u32(b, BPFILTER_A_SCRATCH_FD, (uint32_t)scratch);
	nl_put_u32(b, BPFILTER_A_COUNTERS_FD, (uint32_t)counters);
	nl_put_u32(b, BPFILTER_A_NEEDS, out->needs);
	if (logs)
		nl_put(b, BPFILTER_A_LOGS, out->logs, (uint16_t)logs);
	err = nl_call(sock, b, 0, NULL, 0);
	if (err)
		pr_err("netns %llu: the module refused the programs: %s",
		       (unsigned long long)cookie, strerror(-err));
	close(sock);
	free(b);
	return err;
}

int loader_find(uint64_t cookie, struct loaded *out)
{
	struct nlbuf b;
	union bpf_attr a;
	struct bpf_map_info info;
	uint32_t id = 0;
	uint16_t family;
	int sock, err, fd;

	out->counters_fd = -1;
	sock = genl_open(&family);
	if (sock < 0)
		return sock;
	nl_start(&b, family, BPFILTER_CMD_GET);
	nl_put(&b, BPFILTER_A_NETNS, &cookie, sizeof(cookie));
	err = nl_call(sock, &b, BPFILTER_A_COUNTERS_ID, &id, sizeof(id));
	close(sock);
	if (err)
		return err;
	if (!id)
		return -ENOENT;

	memset(&a, 0, sizeof(a));
	a.map_id = id;
	fd = sys_bpf(BPF_MAP_GET_FD_BY_ID, &a);
	if (fd < 0)
		return -errno;
	memset(&info, 0, sizeof(info));
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = fd;
	a.info.info_len = sizeof(info);
	a.info.info = (uintptr_t)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a)) {
		err = -errno;
		close(fd);
		return err;
	}
	out->counters_fd = fd;
	out->counters_n = info.max_entries;
	return 0;
}

/* The CPUs a per-CPU map has a value for. */
static unsigned int possible_cpus(void)
{
	static unsigned int n;
	unsigned int lo, hi;
	char buf[256], *s, *end;
	FILE *f;

	if (n)
		return n;
	/* A list of ranges: "0-3" or "0,2-5". */
	f = fopen("/sys/devices/system/cpu/possible", "re");
	if (f) {
		if (fgets(buf, sizeof(buf), f)) {
			for (s = strtok(buf, ","); s; s = strtok(NULL, ",")) {
				lo = strtoul(s, &end, 10);
				hi = *end == '-' ? strtoul(end + 1, NULL, 10) : lo;
				n += hi >= lo ? hi - lo + 1 : 0;
			}
		}
		fclose(f);
	}
	if (!n)
		n = (unsigned int)sysconf(_SC_NPROCESSORS_CONF);
	return n ? n : 1;
}

int loader_counters_add(const struct loaded *l, struct xt_counters *counters)
{
	unsigned int ncpu = possible_cpus(), done = 0, i, c;
	struct xt_counters *vals;
	uint32_t *keys, batch = 0;
	union bpf_attr a;
	int err = 0;

	if (l->counters_fd < 0 || !l->counters_n)
		return 0;
	keys = calloc(l->counters_n, sizeof(*keys));
	vals = calloc((size_t)l->counters_n * ncpu, sizeof(*vals));
	if (!keys || !vals) {
		err = -ENOMEM;
		goto out;
	}
	while (done < l->counters_n) {
		memset(&a, 0, sizeof(a));
		a.batch.in_batch = done ? (uintptr_t)&batch : 0;
		a.batch.out_batch = (uintptr_t)&batch;
		a.batch.keys = (uintptr_t)(keys + done);
		a.batch.values = (uintptr_t)(vals + (size_t)done * ncpu);
		a.batch.count = l->counters_n - done;
		a.batch.map_fd = l->counters_fd;
		if (sys_bpf(BPF_MAP_LOOKUP_BATCH, &a) && errno != ENOENT) {
			err = -errno;
			goto out;
		}
		if (!a.batch.count)
			break;
		done += a.batch.count;
	}
	for (i = 0; i < done; i++) {
		if (keys[i] >= l->counters_n)
			continue;
		for (c = 0; c < ncpu; c++) {
			counters[keys[i]].pcnt += vals[(size_t)i * ncpu + c].pcnt;
			counters[keys[i]].bcnt += vals[(size_t)i * ncpu + c].bcnt;
		}
	}
out:
	if (err)
		pr_err("reading %u counters: %s", l->counters_n,
		       strerror(-err));
	free(keys);
	free(vals);
	return err;
}

void loader_release(struct loaded *l)
{
	close_fd(&l->counters_fd);
	l->counters_n = 0;
}

/* A set's map, or its probe map, filled. */
static int create_set(const struct cg_set *s, bool probe, uint64_t cookie)
{
	unsigned int size = probe ? s->probe_key_size : s->key_size, i;
	const uint8_t *keys = probe ? s->probe_keys : s->keys;
	uint32_t *values;
	union bpf_attr a;
	int fd, err = 0;

	fd = map_create_key(s->lpm ? BPF_MAP_TYPE_LPM_TRIE : BPF_MAP_TYPE_HASH,
			    size, sizeof(uint32_t), s->count,
			    s->lpm ? BPF_F_NO_PREALLOC : 0, "set", cookie);
	if (fd < 0)
		return fd;
	/* Each key's value is its entry: one syscall fills the map. */
	values = malloc(s->count * sizeof(*values));
	if (!values) {
		close(fd);
		return -ENOMEM;
	}
	for (i = 0; i < s->count; i++)
		values[i] = s->first + i;
	memset(&a, 0, sizeof(a));
	a.batch.map_fd = fd;
	a.batch.keys = (uintptr_t)keys;
	a.batch.values = (uintptr_t)values;
	a.batch.count = s->count;
	if (sys_bpf(BPF_MAP_UPDATE_BATCH, &a))
		err = -errno;
	free(values);
	if (err) {
		pr_err("netns %llu: filling a set of %u keys: %s",
		       (unsigned long long)cookie, s->count, strerror(-err));
		close(fd);
		return err;
	}
	return fd;
}

/* The maps of @t's programs; limits only when a rule needs them. */
static int create_maps(const struct table *t, uint64_t cookie,
		       const struct cg_out *out, struct cg_maps *m, int *sets)
{
	unsigned int i;
	int err;

	m->counters = map_create(BPF_MAP_TYPE_PERCPU_ARRAY,
				 sizeof(struct xt_counters), t->num_entries,
				 "cnt", cookie);
	if (m->counters < 0)
		return m->counters;
	for (i = 0; i < out->nsets; i++) {
		sets[2 * i] = create_set(&out->sets[i], false, cookie);
		if (sets[2 * i] < 0)
			return sets[2 * i];
		if (!out->sets[i].probe_fields)
			continue;
		sets[2 * i + 1] = create_set(&out->sets[i], true, cookie);
		if (sets[2 * i + 1] < 0)
			return sets[2 * i + 1];
	}
	m->scratch = map_create(BPF_MAP_TYPE_PERCPU_ARRAY,
				sizeof(struct bpfilter_scratch), 1, "pkt",
				cookie);
	if (m->scratch < 0)
		return m->scratch;
	if (!out->nlimits)
		return 0;
	m->limits = map_create(BPF_MAP_TYPE_ARRAY,
			       sizeof(struct cg_limit_state), out->nlimits,
			       "lim", cookie);
	if (m->limits < 0)
		return m->limits;
	for (i = 0; i < out->nlimits; i++) {
		err = map_update(m->limits, i, &out->limits[i]);
		if (err)
			return err;
	}
	return 0;
}

int loader_install(const struct table *t, uint64_t cookie,
		   struct loaded *l)
{
	struct cg_maps m = { -1, -1, -1, NULL };
	int progs[CG_NPROGS] = { -1, -1, -1 };
	struct cg_out out;
	unsigned int h, i;
	int *sets = NULL;
	int err;

	l->counters_fd = -1;
	err = cg_scan(t, &out);
	if (!err) {
		sets = malloc((2 * out.nsets + 1) * sizeof(*sets));
		err = sets ? 0 : -ENOMEM;
		for (i = 0; sets && i < 2 * out.nsets; i++)
			sets[i] = -1;
		m.sets = sets;
	}
	if (!err)
		err = create_maps(t, cookie, &out, &m, sets);
	if (!err)
		err = cg_compile(t, &m, &out);
	for (h = 0; !err && h < CG_NPROGS; h++) {
		progs[h] = prog_load(&out.progs[h], cg_chains[h], cookie);
		if (progs[h] < 0)
			err = progs[h];
	}
	if (!err)
		err = attach(cookie, progs, m.scratch, m.counters, &out);
	for (h = 0; h < CG_NPROGS; h++)
		close_fd(&progs[h]);
	close_fd(&m.scratch);
	close_fd(&m.limits);
	for (i = 0; sets && i < 2 * out.nsets; i++)
		close_fd(&sets[i]);
	free(sets);
	if (err) {
		close_fd(&m.counters);
	} else {
		l->counters_fd = m.counters;
		l->counters_n = t->num_entries;
	}
	cg_release(&out);
	return err;
}
