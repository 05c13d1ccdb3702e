// SPDX-License-Identifier: GPL-2.0
/*
 * pkt: the packet tool of the differential verdict tests (verdict.sh).
 *
 *   pkt [-w MS] FILE.pkts
 *
 * It reads the probes of FILE (the format is in verdict/README.md), builds
 * each probe's bytes itself and sends it into the topology verdict.sh
 * builds: from cli or srv below IP, through AF_PACKET with an Ethernet
 * header of its own, so that any byte layout reaches fw unchanged; from fw
 * through a raw IP_HDRINCL socket. One process holds sockets in all three
 * namespaces: each is opened after setns() into its namespace.
 *
 * It watches every place a packet can show up:
 *   fw  raw IP sockets in fw, one per protocol: what passed INPUT
 *   c0  AF_PACKET on cli's link: what fw sent or forwarded to cli
 *   s0  AF_PACKET on srv's link: what fw sent or forwarded to srv
 * A probe carries a marker (its line and repetition) at a known place in
 * its payload, and its IP id: a capture that has both is the probe itself;
 * any other packet is described, without what is random (IP ids,
 * checksums, a kernel's initial sequence numbers, timestamps).
 *
 * A probe is over when nothing new has been seen for -w MS milliseconds
 * (default 5; a probe's packets are handled in softirq context before
 * the sending call returns, so the window only has to cover scheduling;
 * -w 0 takes only what is there once the send returns, which saves a
 * timer tick per probe).
 * Output: one line per probe, "LINE: PROBE => OUTCOME", then the kernel
 * log lines LOG wrote meanwhile, as "log: <PRI>MESSAGE" (no timestamps).
 *
 * So that every reply is sent, once, and at once, pkt turns off ICMP rate
 * limiting (icmp_ratemask) and SYN-ACK retransmission (tcp_synack_retries)
 * in the three namespaces.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_ITEMS	4096
#define MAX_EVENTS	32
#define MAX_PKT		65536
#define MAX_COUNT	10000
#define MARKER_LEN	8
#define ECHO_ID		0x7664

enum { CLI, FW, SRV, NHOSTS };

static const char * const host_names[NHOSTS] = { "cli", "fw", "srv" };

enum { C0, R1, R2, S0, NLINKS };

struct link {
	const char *name;
	int host;
	int ifindex;
	unsigned char mac[6];
};

static struct link links[NLINKS] = {
	[C0] = { "c0", CLI }, [R1] = { "r1", FW },
	[R2] = { "r2", FW }, [S0] = { "s0", SRV },
};

/* One probe, or a listen directive. */
struct item {
	int line;
	char text[512];
	bool listen;
	int host;		/* from=, or listen= */
	uint32_t src, dst;	/* host order */
	bool src_set;
	int proto;
	unsigned int sport, dport, port;
	unsigned int flags, win;
	uint32_t seq, ack;
	int doff;
	unsigned char tcpopt[40];
	int tcpoptlen;
	int type, code;
	int quote, quotelen;	/* the item an ICMP error quotes; bytes */
	int ttl, tos, id;
	bool df, mf;
	int fragoff;
	unsigned char ipopt[40];
	int ipoptlen;
	int len, truncate, totlen;
	bool bad_ipsum, bad_l4sum;
	bool mark_set;
	uint32_t mark;
	int count;
};

/* A socket that sees packets: a raw socket in fw, or AF_PACKET on c0/s0. */
struct watch {
	int fd;
	const char *point;
	bool packet;
};

struct event {
	int watch;
	int seq;
	char text[240];
};

struct outcome {
	int err;
	int nevents;
	bool overflow;
	struct event events[MAX_EVENTS];
};

static const char *file;
static struct item *items;
static int nitems;
static int nsfd[NHOSTS];
static struct watch watches[260];
static int nwatches;
static int fw_tx;
static int tx[NHOSTS];
static int window_ms = 5;
static int kmsg = -1;
static int event_seq;

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "pkt: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (errno)
		fprintf(stderr, ": %s", strerror(errno));
	fputc('\n', stderr);
	exit(2);
}

static void __attribute__((noreturn, format(printf, 2, 3)))
syntax(int line, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void enter(int host)
{
	if (setns(nsfd[host], CLONE_NEWNET))
		die("setns %s", host_names[host]);
}

static void put16(unsigned char *p, unsigned int v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

static unsigned int get16(const unsigned char *p)
{
	return p[0] << 8 | p[1];
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

/* The one's complement sum of RFC 1071, not yet folded. */
static uint32_t sum16(const unsigned char *p, size_t len, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	if (len & 1)
		sum += p[len - 1] << 8;
	return sum;
}

static unsigned int fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static const char *addr_str(uint32_t a, char *buf)
{
	snprintf(buf, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255,
		 (a >> 8) & 255, a & 255);
	return buf;
}

/* ---- parsing ---- */

static unsigned long parse_num(int line, const char *key, const char *s,
			       unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || v > max)
		syntax(line, "%s=%s: not an integer up to %lu", key, s, max);
	return v;
}

static uint32_t parse_addr(int line, const char *key, const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		syntax(line, "%s=%s: not IPv4", key, s);
	return ntohl(a.s_addr);
}

static int host_of(int line, const char *s)
{
	int h;

	for (h = 0; h < NHOSTS; h++)
		if (!strcmp(s, host_names[h]))
			return h;
	syntax(line, "%s: not cli, fw or srv", s);
}

static int protocol(int line, const char *s)
{
	if (!strcmp(s, "tcp"))
		return IPPROTO_TCP;
	if (!strcmp(s, "udp"))
		return IPPROTO_UDP;
	if (!strcmp(s, "icmp"))
		return IPPROTO_ICMP;
	return parse_num(line, "proto", s, 255);
}

static unsigned int tcp_flags(int line, const char *s)
{
	static const char letters[] = "FSRPAUEC";
	unsigned int flags = 0;
	const char *c;

	if (!strcmp(s, "none"))
		return 0;
	for (; *s; s++) {
		c = strchr(letters, *s);
		if (!c)
			syntax(line, "flags: '%c' is none of %s", *s, letters);
		flags |= 1 << (c - letters);
	}
	return flags;
}

/* The default length of a TCP option kind, and its first value bytes. */
static void tcp_option(unsigned char *o, int kind, int len)
{
	memset(o, 0, len);
	o[0] = kind;
	if (len < 2)
		return;
	o[1] = len;
	if (kind == 2 && len >= 4)
		put16(o + 2, 1460);
	else if (kind == 3 && len >= 3)
		o[2] = 7;
	else if (kind == 8 && len >= 6)
		put32(o + 2, 1);
}

static int tcp_option_len(int kind)
{
	switch (kind) {
	case 0:
	case 1:
		return 1;
	case 2:
		return 4;
	case 3:
		return 3;
	case 5:
	case 8:
		return 10;
	default:
		return 2;
	}
}

static void parse_tcpopt(struct item *it, char *s)
{
	char *tok, *save, *colon;
	int kind, len;

	for (tok = strtok_r(s, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		colon = strchr(tok, ':');
		if (colon)
			*colon++ = 0;
		kind = parse_num(it->line, "tcpopt", tok, 255);
		len = colon ? (int)parse_num(it->line, "tcpopt", colon, 40) :
			      tcp_option_len(kind);
		if (kind < 2 && !colon)
			len = 1;
		if (it->tcpoptlen + len > 40)
			syntax(it->line, "tcpopt: more than 40 bytes");
		tcp_option(it->tcpopt + it->tcpoptlen, kind, len);
		it->tcpoptlen += len;
	}
	while (it->tcpoptlen % 4)
		it->tcpopt[it->tcpoptlen++] = 0;
}

static int hex_digit(int line, char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	syntax(line, "ipopt: '%c' is not a hex digit", c);
}

static void ipopt_add(struct item *it, const unsigned char *o, int len)
{
	if (it->ipoptlen + len > 40)
		syntax(it->line, "ipopt: more than 40 bytes");
	memcpy(it->ipopt + it->ipoptlen, o, len);
	it->ipoptlen += len;
}

static void parse_ipopt(struct item *it, char *s)
{
	/* record route and timestamps with two free slots, router alert */
	static const unsigned char nop[] = { 1 },
		rr[11] = { 7, 11, 4 }, ts[12] = { 68, 12, 5 },
		ra[4] = { 148, 4 };
	unsigned char o[40];
	char *tok, *save;
	int n;

	for (tok = strtok_r(s, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		memset(o, 0, sizeof(o));
		if (!strcmp(tok, "nop")) {
			ipopt_add(it, nop, sizeof(nop));
		} else if (!strcmp(tok, "rr")) {
			ipopt_add(it, rr, sizeof(rr));
		} else if (!strcmp(tok, "ts")) {
			ipopt_add(it, ts, sizeof(ts));
		} else if (!strcmp(tok, "ra")) {
			ipopt_add(it, ra, sizeof(ra));
		} else if (!strncmp(tok, "lsrr:", 5)) {
			o[0] = 131;
			o[1] = 7;
			o[2] = 4;
			put32(o + 3, parse_addr(it->line, "lsrr", tok + 5));
			ipopt_add(it, o, 7);
		} else if (!strncmp(tok, "hex:", 4)) {
			tok += 4;
			for (n = 0; tok[0] && tok[1] && n < 40; tok += 2)
				o[n++] = hex_digit(it->line, tok[0]) << 4 |
					 hex_digit(it->line, tok[1]);
			if (*tok)
				syntax(it->line, "ipopt: odd or long hex");
			ipopt_add(it, o, n);
		} else {
			syntax(it->line, "ipopt: unknown option %s", tok);
		}
	}
	while (it->ipoptlen % 4)
		it->ipopt[it->ipoptlen++] = 0;
}

/*
 * The ICMP payload starts with the IP header and 8 bytes of the probe on
 * LINE, as an ICMP error quotes the packet it answers.
 */
static void set_quote(struct item *it, int line)
{
	int i;

	for (i = 0; i < nitems; i++) {
		if (items[i].line != line || items[i].listen)
			continue;
		it->quote = i;
		it->quotelen = 20 + items[i].ipoptlen + 8;
		return;
	}
	syntax(it->line, "quote=%d: no probe on that line before", line);
}

static void defaults(struct item *it, int line)
{
	memset(it, 0, sizeof(*it));
	it->line = line;
	it->host = -1;
	it->proto = IPPROTO_TCP;
	it->sport = 40000;
	it->dport = 80;
	it->flags = 2;	/* S */
	it->seq = 1000;
	it->win = 8192;
	it->doff = -1;
	it->type = 8;
	it->quote = -1;
	it->ttl = 64;
	it->id = line;
	it->len = 16;
	it->truncate = -1;
	it->totlen = -1;
	it->count = 1;
}

static void parse_token(struct item *it, char *key, char *val)
{
	int l = it->line;

	it->listen |= !strcmp(key, "listen");
	it->src_set |= !strcmp(key, "src");
	it->mark_set |= !strcmp(key, "mark");
	if (!strcmp(key, "from") || !strcmp(key, "listen"))
		it->host = host_of(l, val);
	else if (!strcmp(key, "port"))
		it->port = parse_num(l, key, val, 65535);
	else if (!strcmp(key, "to"))
		it->dst = parse_addr(l, key, val);
	else if (!strcmp(key, "src"))
		it->src = parse_addr(l, key, val);
	else if (!strcmp(key, "proto"))
		it->proto = protocol(l, val);
	else if (!strcmp(key, "sport"))
		it->sport = parse_num(l, key, val, 65535);
	else if (!strcmp(key, "dport"))
		it->dport = parse_num(l, key, val, 65535);
	else if (!strcmp(key, "flags"))
		it->flags = tcp_flags(l, val);
	else if (!strcmp(key, "seq"))
		it->seq = parse_num(l, key, val, UINT32_MAX);
	else if (!strcmp(key, "ack"))
		it->ack = parse_num(l, key, val, UINT32_MAX);
	else if (!strcmp(key, "win"))
		it->win = parse_num(l, key, val, 65535);
	else if (!strcmp(key, "tcpopt"))
		parse_tcpopt(it, val);
	else if (!strcmp(key, "doff"))
		it->doff = parse_num(l, key, val, 15);
	else if (!strcmp(key, "quote"))
		set_quote(it, parse_num(l, key, val, it->line));
	else if (!strcmp(key, "type"))
		it->type = parse_num(l, key, val, 255);
	else if (!strcmp(key, "code"))
		it->code = parse_num(l, key, val, 255);
	else if (!strcmp(key, "ttl"))
		it->ttl = parse_num(l, key, val, 255);
	else if (!strcmp(key, "tos"))
		it->tos = parse_num(l, key, val, 255);
	else if (!strcmp(key, "id"))
		it->id = parse_num(l, key, val, 65535);
	else if (!strcmp(key, "df"))
		it->df = parse_num(l, key, val, 1);
	else if (!strcmp(key, "mf"))
		it->mf = parse_num(l, key, val, 1);
	else if (!strcmp(key, "fragoff"))
		it->fragoff = parse_num(l, key, val, 8191);
	else if (!strcmp(key, "ipopt"))
		parse_ipopt(it, val);
	else if (!strcmp(key, "len"))
		it->len = parse_num(l, key, val, 65000);
	else if (!strcmp(key, "truncate"))
		it->truncate = parse_num(l, key, val, 65535);
	else if (!strcmp(key, "totlen"))
		it->totlen = parse_num(l, key, val, 65535);
	else if (!strcmp(key, "badsum") && !strcmp(val, "ip"))
		it->bad_ipsum = true;
	else if (!strcmp(key, "badsum") && !strcmp(val, "l4"))
		it->bad_l4sum = true;
	else if (!strcmp(key, "mark"))
		it->mark = parse_num(l, key, val, UINT32_MAX);
	else if (!strcmp(key, "count"))
		it->count = parse_num(l, key, val, MAX_COUNT);
	else
		syntax(l, "unknown key or value: %s=%s", key, val);
}

static void check_item(struct item *it)
{
	int l = it->line;

	if (it->listen) {
		if (it->proto != IPPROTO_TCP && it->proto != IPPROTO_UDP)
			syntax(l, "listen: proto must be tcp or udp");
		if (!it->port)
			syntax(l, "listen: port= is required");
		return;
	}
	if (it->host < 0)
		syntax(l, "from= is required");
	if (!it->dst)
		syntax(l, "to= is required");
	if (it->quote >= 0 && (it->proto != IPPROTO_ICMP || it->fragoff))
		syntax(l, "quote= is only for ICMP");
	if (it->mark_set && it->host != FW)
		syntax(l, "mark= is only for from=fw");
	if (it->count < 1)
		syntax(l, "count must be at least 1");
	if (it->src_set)
		return;
	if (it->host == CLI)
		it->src = 0x0a000102;
	else if (it->host == SRV)
		it->src = 0x0a000202;
	else if ((it->dst >> 8) == 0x0a0002)
		it->src = 0x0a000201;
	else if ((it->dst >> 24) == 127)
		it->src = 0x7f000001;
	else
		it->src = 0x0a000101;
}

static void parse_line(char *buf, int line)
{
	struct item *it;
	char *tok, *save, *eq, *hash;
	size_t n = 0;

	hash = strchr(buf, '#');
	if (hash)
		*hash = 0;
	it = &items[nitems];
	defaults(it, line);
	for (tok = strtok_r(buf, " \t\r\n", &save); tok;
	     tok = strtok_r(NULL, " \t\r\n", &save)) {
		n += snprintf(it->text + n, sizeof(it->text) - n, "%s%s",
			      n ? " " : "", tok);
		if (n >= sizeof(it->text))
			syntax(line, "line too long");
		eq = strchr(tok, '=');
		if (!eq)
			syntax(line, "%s: not key=value", tok);
		*eq = 0;
		parse_token(it, tok, eq + 1);
	}
	if (!n)
		return;
	check_item(it);
	if (++nitems == MAX_ITEMS)
		syntax(line, "more than %d probes", MAX_ITEMS - 1);
}

static void parse_file(void)
{
	char buf[1024];
	FILE *f;
	int line = 0;

	f = fopen(file, "r");
	if (!f)
		die("%s", file);
	items = calloc(MAX_ITEMS, sizeof(*items));
	if (!items)
		die("calloc");
	while (fgets(buf, sizeof(buf), f)) {
		line++;
		parse_line(buf, line);
	}
	fclose(f);
}

/* ---- packets ---- */

static void marker(unsigned char *m, int line, int rep)
{
	m[0] = 0xb5;
	m[1] = 'V';
	put16(m + 2, line);
	put16(m + 4, rep);
	m[6] = 'D';
	m[7] = 0xf1;
}

/* Bytes of L4 header a probe has before its payload. */
static int l4_header_len(const struct item *it)
{
	if (it->fragoff)
		return 0;
	switch (it->proto) {
	case IPPROTO_TCP:
		return 20 + it->tcpoptlen;
	case IPPROTO_UDP:
		return 8;
	case IPPROTO_ICMP:
		return 8 + it->quotelen;
	default:
		return 0;
	}
}

/* Where the marker sits in the IP payload (after a reassembly too). */
static int marker_offset(const struct item *it)
{
	return it->fragoff * 8 + l4_header_len(it);
}

static bool icmp_has_id(int type)
{
	return type == 0 || type == 8 || (type >= 13 && type <= 18);
}

static void l4_checksum(const struct item *it, unsigned char *l4, int len,
			int csum_at)
{
	uint32_t sum = 0;
	unsigned int c;

	if (it->proto != IPPROTO_ICMP) {
		sum = (it->src >> 16) + (it->src & 0xffff) +
		      (it->dst >> 16) + (it->dst & 0xffff) + it->proto + len;
	}
	c = fold(sum16(l4, len, sum));
	if (it->proto == IPPROTO_UDP && !c)
		c = 0xffff;
	if (it->bad_l4sum)
		c ^= 0x0101;
	put16(l4 + csum_at, c);
}

/* Build the IP packet of repetition REP of IT into P; its length. */
static int build(const struct item *it, int rep, unsigned char *p)
{
	int ihl = 20 + it->ipoptlen, hdr = l4_header_len(it);
	unsigned char *l4 = p + ihl, *payload = l4 + hdr;
	int l4len = hdr + it->len, i, total;
	unsigned char m[MARKER_LEN], quoted[MAX_PKT];

	memset(p, 0, ihl + hdr);
	marker(m, it->line, rep);
	for (i = 0; i < it->len; i++)
		payload[i] = i < MARKER_LEN ? m[i] : 'a' + i % 26;
	if (hdr && it->proto == IPPROTO_TCP) {
		put16(l4, it->sport);
		put16(l4 + 2, it->dport);
		put32(l4 + 4, it->seq);
		put32(l4 + 8, it->ack);
		l4[12] = (it->doff >= 0 ? it->doff : hdr / 4) << 4;
		l4[13] = it->flags;
		put16(l4 + 14, it->win);
		memcpy(l4 + 20, it->tcpopt, it->tcpoptlen);
		l4_checksum(it, l4, l4len, 16);
	} else if (hdr && it->proto == IPPROTO_UDP) {
		put16(l4, it->sport);
		put16(l4 + 2, it->dport);
		put16(l4 + 4, l4len);
		l4_checksum(it, l4, l4len, 6);
	} else if (hdr && it->proto == IPPROTO_ICMP) {
		if (it->quote >= 0) {
			build(&items[it->quote], 1, quoted);
			memcpy(l4 + 8, quoted, it->quotelen);
		}
		l4[0] = it->type;
		l4[1] = it->code;
		if (icmp_has_id(it->type)) {
			put16(l4 + 4, ECHO_ID);
			put16(l4 + 6, it->line);
		}
		l4_checksum(it, l4, l4len, 2);
	}
	total = ihl + l4len;
	p[0] = 0x40 | ihl / 4;
	p[1] = it->tos;
	put16(p + 2, it->totlen >= 0 ? it->totlen : total);
	put16(p + 4, it->id);
	put16(p + 6, (it->df ? 0x4000 : 0) | (it->mf ? 0x2000 : 0) |
		     it->fragoff);
	p[8] = it->ttl;
	p[9] = it->proto;
	put32(p + 12, it->src);
	put32(p + 16, it->dst);
	memcpy(p + 20, it->ipopt, it->ipoptlen);
	put16(p + 10, fold(sum16(p, ihl, 0)) ^ (it->bad_ipsum ? 0x0101 : 0));
	if (it->truncate >= 0 && it->truncate < total)
		total = it->truncate;
	return total;
}

/* Is the captured packet P repetition REP of probe IT? */
static bool is_probe(const struct item *it, int rep, const unsigned char *p,
		     int len)
{
	unsigned char m[MARKER_LEN];
	int ihl, off, sent;

	if (len < 20 || get16(p + 4) != (unsigned int)it->id ||
	    p[9] != it->proto)
		return false;
	ihl = (p[0] & 15) * 4;
	/* The packet may be one fragment of the probe, or a reassembly. */
	off = marker_offset(it) - (get16(p + 6) & 0x1fff) * 8;
	/* What is left of the probe once cut short, by pkt or by tot_len */
	sent = 20 + it->ipoptlen + l4_header_len(it) + it->len;
	if (it->truncate >= 0 && it->truncate < sent)
		sent = it->truncate;
	if (it->totlen >= 0 && it->totlen < sent)
		sent = it->totlen;
	if (it->len >= MARKER_LEN &&
	    sent >= 20 + it->ipoptlen + l4_header_len(it) + MARKER_LEN) {
		marker(m, it->line, rep);
		return off >= 0 && len >= ihl + off + MARKER_LEN &&
		       !memcmp(p + ihl + off, m, MARKER_LEN);
	}
	return get32(p + 12) == it->src && get32(p + 16) == it->dst;
}

static int put(char *buf, int size, int n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int put(char *buf, int size, int n, const char *fmt, ...)
{
	va_list ap;

	if (n >= size)
		return n;
	va_start(ap, fmt);
	n += vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
	return n;
}

static int describe_flags(char *buf, int size, int n, unsigned int flags)
{
	static const char letters[] = "FSRPAUEC";
	int i;

	if (!flags)
		return put(buf, size, n, "-");
	for (i = 0; i < 8; i++)
		if (flags & 1 << i)
			n = put(buf, size, n, "%c", letters[i]);
	return n;
}

/*
 * Ports, or (for ICMP) type and code, of the L4 header at L of LEN bytes;
 * RANDOM: the packet is a kernel's, whose SYN carries a random sequence.
 */
static int describe_l4(char *buf, int size, int n, int proto, uint32_t src,
		       uint32_t dst, const unsigned char *l, int len)
{
	char a[16], b[16];

	addr_str(src, a);
	addr_str(dst, b);
	if (proto == IPPROTO_TCP && len >= 14) {
		n = put(buf, size, n, "tcp %s:%u>%s:%u ", a, get16(l), b,
			get16(l + 2));
		n = describe_flags(buf, size, n, l[13]);
		if (l[13] & 2)
			n = put(buf, size, n, " seq=?");
		else
			n = put(buf, size, n, " seq=%u", get32(l + 4));
		return put(buf, size, n, " ack=%u", get32(l + 8));
	}
	if ((proto == IPPROTO_TCP || proto == IPPROTO_UDP) && len >= 4)
		return put(buf, size, n, "%s %s:%u>%s:%u",
			   proto == IPPROTO_TCP ? "tcp" : "udp", a, get16(l),
			   b, get16(l + 2));
	if (proto == IPPROTO_ICMP && len >= 2)
		return put(buf, size, n, "icmp %s>%s %u/%u", a, b, l[0], l[1]);
	return put(buf, size, n, "proto %d %s>%s", proto, a, b);
}

/*
 * An ICMP error quotes the packet it answers: name the probe when the
 * quote holds a marker (a kernel's own packets have random IP ids).
 */
static int describe_quote(char *buf, int size, int n, const unsigned char *q,
			  int len)
{
	int i;

	for (i = 0; i + MARKER_LEN <= len; i++)
		if (q[i] == 0xb5 && q[i + 1] == 'V' && q[i + 6] == 'D' &&
		    q[i + 7] == 0xf1)
			return put(buf, size, n, " probe=%u.%u", get16(q + i + 2),
				   get16(q + i + 4));
	return n;
}

static bool icmp_is_error(int type)
{
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/* A packet that is not the probe, without what is random in it. */
static void describe(char *buf, int size, const unsigned char *p, int len)
{
	int n = 0, ihl, off, tot, ilen, iihl;
	const unsigned char *l, *in;

	if (len < 20) {
		put(buf, size, 0, "short len=%d", len);
		return;
	}
	ihl = (p[0] & 15) * 4;
	off = get16(p + 6);
	tot = get16(p + 2);
	l = p + ihl;
	ilen = len - ihl;
	if (off & 0x1fff)
		n = describe_l4(buf, size, n, p[9], get32(p + 12),
				get32(p + 16), l, 0);
	else
		n = describe_l4(buf, size, n, p[9], get32(p + 12),
				get32(p + 16), l, ilen);
	if (p[9] == IPPROTO_ICMP && !(off & 0x1fff) && ilen >= 8) {
		if (icmp_has_id(l[0]))
			n = put(buf, size, n, " id=%u seq=%u", get16(l + 4),
				get16(l + 6));
		in = l + 8;
		if (icmp_is_error(l[0]) && ilen >= 8 + 20) {
			iihl = (in[0] & 15) * 4;
			n = put(buf, size, n, " [");
			n = describe_l4(buf, size, n, in[9], get32(in + 12),
					get32(in + 16), in + iihl,
					ilen - 8 - iihl >= 4 ? 4 : 0);
			n = describe_quote(buf, size, n, in + iihl,
					   ilen - 8 - iihl);
			n = put(buf, size, n, "]");
		}
	}
	n = put(buf, size, n, " ttl=%u len=%d", p[8], tot);
	if (p[1])
		n = put(buf, size, n, " tos=0x%02x", p[1]);
	if (ihl > 20)
		n = put(buf, size, n, " ihl=%d", ihl);
	if (off & 0x4000)
		n = put(buf, size, n, " df");
	if (off & 0x3fff)
		put(buf, size, n, " frag=%d%s", off & 0x1fff,
		    off & 0x2000 ? "+" : "");
}

/* ---- topology and sockets ---- */

static void sysctl(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		die("%s", path);
	close(fd);
}

/* Wait until each link of HOST is up and running (its qdisc attached). */
static void wait_links(int host, int fd)
{
	struct ifreq ifr;
	int i, tries;

	for (i = 0; i < NLINKS; i++) {
		if (links[i].host != host)
			continue;
		memset(&ifr, 0, sizeof(ifr));
		strcpy(ifr.ifr_name, links[i].name);
		for (tries = 0; tries < 500; tries++) {
			if (ioctl(fd, SIOCGIFFLAGS, &ifr))
				die("%s in %s", links[i].name,
				    host_names[host]);
			if ((ifr.ifr_flags & (IFF_UP | IFF_RUNNING)) ==
			    (IFF_UP | IFF_RUNNING))
				break;
			usleep(10000);
		}
		if (tries == 500)
			die("%s in %s is not running", links[i].name,
			    host_names[host]);
		if (ioctl(fd, SIOCGIFHWADDR, &ifr))
			die("%s: SIOCGIFHWADDR", links[i].name);
		memcpy(links[i].mac, ifr.ifr_hwaddr.sa_data, 6);
		links[i].ifindex = if_nametoindex(links[i].name);
	}
}

static void add_watch(int fd, const char *point, bool packet)
{
	if (fcntl(fd, F_SETFL, O_NONBLOCK))
		die("O_NONBLOCK");
	watches[nwatches].fd = fd;
	watches[nwatches].point = point;
	watches[nwatches].packet = packet;
	nwatches++;
}

/* AF_PACKET on LINK: tx sends frames built here; the other sees IPv4. */
static void open_link(int link, const char *point)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_IP),
		.sll_ifindex = links[link].ifindex,
	};
	int fd;

	fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	if (fd < 0 || bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		die("AF_PACKET on %s", links[link].name);
	add_watch(fd, point, true);
	tx[links[link].host] = socket(AF_PACKET, SOCK_RAW, 0);
	if (tx[links[link].host] < 0)
		die("AF_PACKET");
}

static void open_sockets(void)
{
	bool used[256] = { false };
	int h, i, fd, one = 1;

	used[IPPROTO_ICMP] = true;
	used[IPPROTO_TCP] = true;
	used[IPPROTO_UDP] = true;
	for (i = 0; i < nitems; i++)
		if (!items[i].listen)
			used[items[i].proto] = true;
	for (h = 0; h < NHOSTS; h++) {
		enter(h);
		sysctl("/proc/sys/net/ipv4/icmp_ratemask", "0");
		sysctl("/proc/sys/net/ipv4/tcp_synack_retries", "0");
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		if (fd < 0)
			die("socket");
		wait_links(h, fd);
		close(fd);
	}
	enter(FW);
	for (i = 0; i < 255; i++) {
		if (!used[i])
			continue;
		fd = socket(AF_INET, SOCK_RAW, i);
		if (fd < 0)
			die("raw socket for protocol %d", i);
		add_watch(fd, "fw", false);
	}
	fw_tx = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fw_tx < 0 ||
	    setsockopt(fw_tx, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)))
		die("raw socket in fw");
	enter(CLI);
	open_link(C0, "c0");
	enter(SRV);
	open_link(S0, "s0");
}

/* The kernel log from now on: LOG's lines are printed at the end. */
static void open_kmsg(void)
{
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kmsg < 0 || lseek(kmsg, 0, SEEK_END) < 0)
		die("/dev/kmsg");
}

/* "<PRI>MESSAGE" for each record that LOG wrote since open_kmsg(). */
static void print_log(void)
{
	char rec[8192], *semi, *nl;
	ssize_t n;

	for (;;) {
		n = read(kmsg, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;
		if (n <= 0)
			break;
		rec[n] = 0;
		semi = strchr(rec, ';');
		if (!semi)
			continue;
		nl = strchr(semi, '\n');
		if (nl)
			*nl = 0;
		if (!strstr(semi, "IN=") || !strstr(semi, " OUT="))
			continue;
		printf("log: <%d>%s\n", atoi(rec), semi + 1);
	}
}

static void do_listen(const struct item *it)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(it->port),
	};
	bool tcp = it->proto == IPPROTO_TCP;
	int fd, one = 1;

	enter(it->host);
	fd = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    (tcp && listen(fd, 64)))
		printf("%d: %s => %s\n", it->line, it->text, strerror(errno));
	else
		printf("%d: %s => ok\n", it->line, it->text);
}

/* ---- probes ---- */

static const char *errno_name(int err)
{
	static char buf[32];

	switch (err) {
	case EPERM:
		return "EPERM";
	case EACCES:
		return "EACCES";
	case EINVAL:
		return "EINVAL";
	case EMSGSIZE:
		return "EMSGSIZE";
	case ENETUNREACH:
		return "ENETUNREACH";
	case EHOSTUNREACH:
		return "EHOSTUNREACH";
	case ENOBUFS:
		return "ENOBUFS";
	case ECONNREFUSED:
		return "ECONNREFUSED";
	default:
		snprintf(buf, sizeof(buf), "errno%d", err);
		return buf;
	}
}

static int send_probe(const struct item *it, int rep)
{
	static unsigned char frame[14 + MAX_PKT];
	unsigned char *ip = frame + 14;
	const struct link *me, *peer;
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	struct sockaddr_in sin = { .sin_family = AF_INET };
	uint32_t bcast;
	int len;

	len = build(it, rep, ip);
	if (it->host == FW) {
		sin.sin_addr.s_addr = htonl(it->dst);
		if (setsockopt(fw_tx, SOL_SOCKET, SO_MARK, &it->mark,
			       sizeof(it->mark)))
			die("SO_MARK");
		if (sendto(fw_tx, ip, len, 0, (struct sockaddr *)&sin,
			   sizeof(sin)) < 0)
			return errno;
		return 0;
	}
	me = &links[it->host == CLI ? C0 : S0];
	peer = &links[it->host == CLI ? R1 : R2];
	bcast = it->host == CLI ? 0x0a0001ff : 0x0a0002ff;
	if (it->dst == 0xffffffff || it->dst == bcast) {
		memset(frame, 0xff, 6);
	} else if ((it->dst >> 28) == 14) {
		frame[0] = 0x01;
		frame[1] = 0x00;
		frame[2] = 0x5e;
		frame[3] = (it->dst >> 16) & 0x7f;
		frame[4] = it->dst >> 8;
		frame[5] = it->dst;
	} else {
		memcpy(frame, peer->mac, 6);
	}
	memcpy(frame + 6, me->mac, 6);
	put16(frame + 12, ETH_P_IP);
	sll.sll_ifindex = me->ifindex;
	sll.sll_protocol = htons(ETH_P_IP);
	if (sendto(tx[it->host], frame, 14 + len, 0, (struct sockaddr *)&sll,
		   sizeof(sll)) < 0)
		die("line %d: send on %s", it->line, me->name);
	return 0;
}

static void record(struct outcome *o, int w, const struct item *it, int rep,
		   const unsigned char *p, int len, bool late)
{
	struct event *e;
	int n;

	if (o->nevents == MAX_EVENTS) {
		o->overflow = true;
		return;
	}
	e = &o->events[o->nevents++];
	e->watch = w;
	e->seq = event_seq++;
	n = put(e->text, sizeof(e->text), 0, "%s%s", late ? "late:" : "",
		watches[w].point);
	if (!is_probe(it, rep, p, len)) {
		n = put(e->text, sizeof(e->text), n, ":");
		describe(e->text + n, sizeof(e->text) - n, p, len);
	}
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read what the watches see until they are quiet for TIMEOUT ms. */
static void collect(struct outcome *o, const struct item *it, int rep,
		    int timeout, bool late)
{
	static unsigned char buf[MAX_PKT];
	struct pollfd pfd[sizeof(watches) / sizeof(watches[0])];
	struct sockaddr_ll sll;
	socklen_t sl;
	long start = now_ms();
	int i, n;
	ssize_t len;

	for (i = 0; i < nwatches; i++) {
		pfd[i].fd = watches[i].fd;
		pfd[i].events = POLLIN;
	}
	while (now_ms() - start < 2000) {
		n = poll(pfd, nwatches, timeout);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (i = 0; i < nwatches; i++) {
			if (!(pfd[i].revents & POLLIN))
				continue;
			for (;;) {
				sl = sizeof(sll);
				len = recvfrom(pfd[i].fd, buf, sizeof(buf), 0,
					       (struct sockaddr *)&sll, &sl);
				if (len < 0)
					break;
				if (watches[i].packet &&
				    sll.sll_pkttype == PACKET_OUTGOING)
					continue;
				record(o, i, it, rep, buf, len, late);
			}
		}
	}
}

static int cmp_events(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->watch != y->watch)
		return x->watch - y->watch;
	return x->seq - y->seq;
}

static char *outcome_str(struct outcome *o)
{
	static char buf[MAX_EVENTS * 256];
	int i, n = 0;

	qsort(o->events, o->nevents, sizeof(o->events[0]), cmp_events);
	if (o->err)
		n = put(buf, sizeof(buf), n, "err=%s", errno_name(o->err));
	for (i = 0; i < o->nevents; i++)
		n = put(buf, sizeof(buf), n, "%s%s", n ? " " : "",
			o->events[i].text);
	if (o->overflow)
		n = put(buf, sizeof(buf), n, " ...");
	if (!n)
		put(buf, sizeof(buf), n, "-");
	return buf;
}

/* Run each repetition; equal outcomes of consecutive ones are merged. */
static void run_probe(const struct item *it)
{
	static struct outcome o;
	char *prev = NULL, *cur;
	int rep, first = 1;

	printf("%d: %s =>", it->line, it->text);
	for (rep = 1; rep <= it->count; rep++) {
		memset(&o, 0, sizeof(o));
		collect(&o, it, rep, 0, true);
		o.err = send_probe(it, rep);
		collect(&o, it, rep, window_ms, false);
		cur = strdup(outcome_str(&o));
		if (!cur)
			die("strdup");
		if (prev && strcmp(prev, cur)) {
			printf(" [%d-%d] %s;", first, rep - 1, prev);
			first = rep;
		}
		free(prev);
		prev = cur;
	}
	if (first == 1)
		printf(" %s\n", prev);
	else
		printf(" [%d-%d] %s\n", first, it->count, prev);
	free(prev);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	int opt, h, i;
	char path[64];

	while ((opt = getopt(argc, argv, "w:")) != -1) {
		if (opt != 'w')
			goto usage;
		window_ms = atoi(optarg);
	}
	if (optind != argc - 1 || window_ms < 0)
		goto usage;
	file = argv[optind];
	parse_file();
	for (h = 0; h < NHOSTS; h++) {
		snprintf(path, sizeof(path), "/run/netns/%s", host_names[h]);
		nsfd[h] = open(path, O_RDONLY);
		if (nsfd[h] < 0)
			die("%s", path);
	}
	open_sockets();
	open_kmsg();
	for (i = 0; i < nitems; i++) {
		if (items[i].listen)
			do_listen(&items[i]);
		else
			run_probe(&items[i]);
	}
	print_log();
	return 0;
usage:
	fprintf(stderr, "usage: pkt [-w MS] FILE.pkts\n");
	return 2;
}
