// SPDX-License-Identifier: GPL-2.0
/*
 * Runs of rules that become one map lookup.
 *
 * A run is a sequence of consecutive entries that are the same rule but
 * for their source and destination address (with prefix) and their single
 * TCP or UDP ports, and whose target ends the packet's walk (a verdict or
 * REJECT). A packet meets such a run as it meets one rule whose varying
 * fields are looked up in a hash map (exact values) or an LPM trie (one
 * field a prefix), whose value is the index of the rule that matched: the
 * rule counted. Only runs in which no packet can match two rules are made
 * (keys are unique, prefixes never nest), so the rule found is the first
 * that matches, as in ip_tables.
 *
 * Key layout: sport, dport (network order), then the exact address, then
 * the prefix address (network order), each present only when it varies;
 * an LPM trie's key starts with the prefix length in bits.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter/xt_tcpudp.h>

#include "cg.h"
#include "sets.h"

/* Shorter runs are cheaper as plain rules. */
#define SET_MIN_RULES 8

/* What one entry of a run contributes. */
struct member {
	uint32_t addr[2];	/* src, dst: network order */
	uint8_t plen[2];	/* their prefix lengths */
	uint16_t port[2];	/* sport, dport: host order; 0 with ANY */
	bool any_port[2];	/* the port is not tested */
};

static bool is_prefix(uint32_t mask_be, uint8_t *len)
{
	uint32_t m = ntohl(mask_be);
	uint8_t n = 0;

	while (n < 32 && (m & (0x80000000U >> n)))
		n++;
	*len = n;
	return (uint64_t)m == (n ? (0xffffffffULL << (32 - n)) & 0xffffffffU : 0);
}

/* The tcp or udp match of @e when it is its first match, else NULL. */
static const struct xt_entry_match *l4_match(const struct ipt_entry *e)
{
	const struct xt_entry_match *m = (const void *)e->elems;

	if (e->target_offset <= sizeof(*e))
		return NULL;
	if (!strcmp(m->u.user.name, "tcp") || !strcmp(m->u.user.name, "udp"))
		return m;
	return NULL;
}

/* Ports of the tcp/udp match: both xt_tcp and xt_udp start with them. */
struct ports {
	uint16_t spts[2];
	uint16_t dpts[2];
};

/* Whether @e has a match that keeps state per rule (limit's bucket). */
static bool has_state(const struct ipt_entry *e)
{
	const struct xt_entry_match *m;
	unsigned int off;

	for (off = sizeof(*e); off < e->target_offset;
	     off += m->u.match_size) {
		m = (const void *)((const char *)e + off);
		if (!strcmp(m->u.user.name, "limit"))
			return true;
	}
	return false;
}

/*
 * Can @e be in a run at all, and its varying fields. Its target must end
 * the walk: a standard verdict or REJECT. Its matches must keep no state
 * of their own: one lookup runs the first rule's matches for all.
 */
static bool member_of(const struct ipt_entry *e, struct member *mb)
{
	const struct xt_entry_target *t = (const void *)((const char *)e +
							 e->target_offset);
	const struct xt_entry_match *m = l4_match(e);
	unsigned int k;

	if (!strcmp(t->u.user.name, XT_STANDARD_TARGET)) {
		int v = ((const struct xt_standard_target *)t)->verdict;

		if (v >= 0 || v == XT_RETURN)
			return false;
	} else if (strcmp(t->u.user.name, "REJECT")) {
		return false;
	}
	if (e->ip.invflags & (IPT_INV_SRCIP | IPT_INV_DSTIP) || has_state(e))
		return false;
	if (!is_prefix(e->ip.smsk.s_addr, &mb->plen[0]) ||
	    !is_prefix(e->ip.dmsk.s_addr, &mb->plen[1]))
		return false;
	mb->addr[0] = e->ip.src.s_addr;
	mb->addr[1] = e->ip.dst.s_addr;
	memset(mb->port, 0, sizeof(mb->port));
	mb->any_port[0] = true;
	mb->any_port[1] = true;
	if (m) {
		const struct ports *p = (const void *)m->data;
		const uint8_t inv = m->data[sizeof(struct ports) +
					    (strcmp(m->u.user.name, "tcp") ?
					     0 : 3)];
		const uint16_t *r[2] = { p->spts, p->dpts };

		/* xt_udp: invflags after the ports; xt_tcp: after 3 bytes. */
		if (inv & (XT_TCP_INV_SRCPT | XT_TCP_INV_DSTPT))
			return false;
		for (k = 0; k < 2; k++) {
			if (r[k][0] == 0 && r[k][1] == 0xffff)
				continue;
			if (r[k][0] != r[k][1])
				return false;
			mb->any_port[k] = false;
			mb->port[k] = r[k][0];
		}
	}
	return true;
}

/* @e with what may vary cleared, to compare rules by the rest. */
static void *shape_of(const struct ipt_entry *e)
{
	struct ipt_entry *c = malloc(e->next_offset);
	const struct xt_entry_match *m = l4_match(e);

	if (!c)
		return NULL;
	memcpy(c, e, e->next_offset);
	memset(&c->ip.src, 0, sizeof(c->ip.src));
	memset(&c->ip.dst, 0, sizeof(c->ip.dst));
	memset(&c->ip.smsk, 0, sizeof(c->ip.smsk));
	memset(&c->ip.dmsk, 0, sizeof(c->ip.dmsk));
	memset(&c->counters, 0, sizeof(c->counters));
	c->comefrom = 0;
	if (m)
		memset((char *)c + ((const char *)m->data - (const char *)e), 0,
		       sizeof(struct ports));
	return c;
}

static bool same_shape(const void *a, const struct ipt_entry *e)
{
	void *b;
	bool same;

	if (((const struct ipt_entry *)a)->next_offset != e->next_offset)
		return false;
	b = shape_of(e);
	same = b && !memcmp(a, b, e->next_offset);
	free(b);
	return same;
}

/* Which fields vary in members [0, n). */
static uint8_t varying(const struct member *mb, unsigned int n)
{
	uint8_t f = 0;
	unsigned int i;

	for (i = 1; i < n; i++) {
		if (mb[i].addr[0] != mb[0].addr[0] ||
		    mb[i].plen[0] != mb[0].plen[0])
			f |= SET_SADDR;
		if (mb[i].addr[1] != mb[0].addr[1] ||
		    mb[i].plen[1] != mb[0].plen[1])
			f |= SET_DADDR;
		if (mb[i].port[0] != mb[0].port[0] ||
		    mb[i].any_port[0] != mb[0].any_port[0])
			f |= SET_SPORT;
		if (mb[i].port[1] != mb[0].port[1] ||
		    mb[i].any_port[1] != mb[0].any_port[1])
			f |= SET_DPORT;
	}
	return f;
}

/*
 * The key of member @mb under @s's layout, into @key (s->key_size bytes).
 * Fields: @fields, a subset of s->fields (the probe key has addresses
 * only).
 */
static void key_of(const struct cg_set *s, uint8_t fields,
		   const struct member *mb, uint8_t *key)
{
	unsigned int off = s->lpm ? 4 : 0, bits = 0, k;
	uint16_t port;

	for (k = 0; k < 2; k++) {
		if (!(fields & (k ? SET_DPORT : SET_SPORT)))
			continue;
		port = htons(mb->port[k]);
		memcpy(key + off, &port, 2);
		off += 2;
		bits += 16;
	}
	for (k = 0; k < 2; k++) {
		if (!(fields & (k ? SET_DADDR : SET_SADDR)) || s->prefix == k + 1)
			continue;
		memcpy(key + off, &mb->addr[k], 4);
		off += 4;
		bits += 32;
	}
	if (s->prefix && (fields & (s->prefix == 1 ? SET_SADDR : SET_DADDR))) {
		memcpy(key + off, &mb->addr[s->prefix - 1], 4);
		bits += mb->plen[s->prefix - 1];
	}
	if (s->lpm)
		memcpy(key, &bits, 4);
}

/* Data bytes of a key with @fields (ports 2 each, addresses 4 each). */
static unsigned int key_bytes(uint8_t fields)
{
	return 2 * !!(fields & SET_SPORT) + 2 * !!(fields & SET_DPORT) +
	       4 * !!(fields & SET_SADDR) + 4 * !!(fields & SET_DADDR);
}

/*
 * A hash set of fixed-size byte strings (open addressing), to find
 * duplicate keys and nested prefixes as a run grows.
 */
struct bytes_set {
	uint8_t *slots;		/* cap * (1 + size): used flag, bytes */
	unsigned int size, cap, n;
};

static uint64_t hash_bytes(const uint8_t *b, unsigned int n)
{
	uint64_t h = 1469598103934665603ULL;

	while (n--)
		h = (h ^ *b++) * 1099511628211ULL;
	return h;
}

static uint8_t *slot(struct bytes_set *s, const uint8_t *b)
{
	unsigned int i = (unsigned int)(hash_bytes(b, s->size) & (s->cap - 1));
	uint8_t *at;

	for (;; i = (i + 1) & (s->cap - 1)) {
		at = s->slots + (size_t)i * (1 + s->size);
		if (!at[0] || !memcmp(at + 1, b, s->size))
			return at;
	}
}

static bool bs_has(struct bytes_set *s, const uint8_t *b)
{
	return s->cap && slot(s, b)[0];
}

static int bs_add(struct bytes_set *s, const uint8_t *b)
{
	uint8_t *at;

	if ((s->n + 1) * 2 > s->cap) {
		struct bytes_set g = { .size = s->size,
				       .cap = s->cap ? s->cap * 2 : 64 };
		unsigned int i;

		g.slots = calloc(g.cap, 1 + g.size);
		if (!g.slots)
			return -ENOMEM;
		for (i = 0; i < s->cap; i++) {
			uint8_t *o = s->slots + (size_t)i * (1 + s->size);

			if (o[0])
				memcpy(slot(&g, o + 1), o, 1 + s->size);
		}
		g.n = s->n;
		free(s->slots);
		*s = g;
	}
	at = slot(s, b);
	if (!at[0]) {
		at[0] = 1;
		memcpy(at + 1, b, s->size);
		s->n++;
	}
	return 0;
}

/*
 * Prefix bookkeeping of an LPM run: a key (exact part, prefix) is stored
 * as the exact part, the masked address and its length. A new prefix
 * nests with an old one when one of its shorter forms is a stored key, or
 * when it is a shorter form of a stored key ("covered" holds every
 * shorter form of every stored key).
 */
struct nesting {
	struct bytes_set keys, covered;
	unsigned int exact;	/* bytes of the exact part */
};

static void nest_form(const uint8_t *exact, unsigned int n, uint32_t addr,
		      unsigned int len, uint8_t *out)
{
	uint32_t mask = len ? htonl(0xffffffffU << (32 - len)) : 0;

	memcpy(out, exact, n);
	addr &= mask;
	memcpy(out + n, &addr, 4);
	out[n + 4] = (uint8_t)len;
}

/* Return: 1 when the prefix nests with one already there, else 0 (added). */
static int nest_add(struct nesting *ns, const uint8_t *exact, uint32_t addr,
		    unsigned int len)
{
	uint8_t form[16];
	unsigned int l;
	int err;

	nest_form(exact, ns->exact, addr, len, form);
	if (bs_has(&ns->covered, form))
		return 1;
	for (l = 0; l <= len; l++) {
		nest_form(exact, ns->exact, addr, l, form);
		if (bs_has(&ns->keys, form))
			return 1;
	}
	nest_form(exact, ns->exact, addr, len, form);
	err = bs_add(&ns->keys, form);
	for (l = 0; !err && l <= len; l++) {
		nest_form(exact, ns->exact, addr, l, form);
		err = bs_add(&ns->covered, form);
	}
	return err;
}

/* Lay out @s for @fields of members [0, n); false when it cannot be. */
static bool layout(struct cg_set *s, const struct member *mb, unsigned int n)
{
	unsigned int i, k;
	bool full[2] = { true, true };

	for (k = 0; k < 2; k++) {
		if (!(s->fields & (k ? SET_DPORT : SET_SPORT)))
			continue;
		for (i = 0; i < n; i++)
			if (mb[i].any_port[k])
				return false;
	}
	for (k = 0; k < 2; k++)
		for (i = 0; i < n; i++)
			full[k] &= mb[i].plen[k] == 32;
	s->prefix = 0;
	if ((s->fields & SET_SADDR) && !full[0])
		s->prefix = 1;
	if ((s->fields & SET_DADDR) && !full[1]) {
		if (s->prefix)
			return false;
		s->prefix = 2;
	}
	s->lpm = s->prefix != 0;
	s->key_size = (s->lpm ? 4 : 0) + key_bytes(s->fields);
	/* Ports and addresses vary: a probe finds out whether any rule's
	 * addresses match, which decides a short packet's fate.
	 */
	s->probe_fields = s->fields & (SET_SADDR | SET_DADDR);
	if (!(s->fields & (SET_SPORT | SET_DPORT)))
		s->probe_fields = 0;
	s->probe_key_size = s->probe_fields ?
			    (s->lpm ? 4 : 0) + key_bytes(s->probe_fields) : 0;
	return true;
}

/*
 * Grow a run from entry @first; the longest prefix of it whose keys do
 * not collide. Return: its length (0: none), or a negative errno.
 */
static int grow_run(const struct table *t, unsigned int first,
		    struct member *mb, struct cg_set *s)
{
	const struct ipt_entry *e0 = entry_at(t->entries, t->offsets[first]);
	struct nesting ns = { 0 };
	void *shape;
	unsigned int n = 0, i;
	uint8_t key[32], probe[32];
	int err = 0;

	if (!member_of(e0, &mb[0]))
		return 0;
	shape = shape_of(e0);
	if (!shape)
		return -ENOMEM;
	for (n = 1; first + n < t->num_entries; n++) {
		const struct ipt_entry *e = entry_at(t->entries,
						     t->offsets[first + n]);

		if (!same_shape(shape, e) || !member_of(e, &mb[n]))
			break;
	}
	free(shape);
	if (n < SET_MIN_RULES)
		return 0;
	s->fields = varying(mb, n);
	if (!s->fields || !layout(s, mb, n))
		return 0;

	/* Cut the run before the first key that would collide. */
	if (s->lpm) {
		ns.exact = key_bytes(s->fields) - 4;
		ns.keys.size = ns.exact + 5;
	} else {
		ns.keys.size = s->key_size;
	}
	ns.covered.size = ns.keys.size;
	for (i = 0; i < n && !err; i++) {
		key_of(s, s->fields, &mb[i], key);
		if (s->lpm) {
			err = nest_add(&ns, key + 4, s->prefix ?
				       mb[i].addr[s->prefix - 1] : 0,
				       s->prefix ? mb[i].plen[s->prefix - 1] :
				       0);
			if (err == 1) {
				err = 0;
				break;
			}
			continue;
		}
		if (bs_has(&ns.keys, key))
			break;
		err = bs_add(&ns.keys, key);
	}
	free(ns.keys.slots);
	free(ns.covered.slots);
	if (err)
		return err;
	n = i;
	if (n < SET_MIN_RULES)
		return 0;
	/* The fields that vary in what is left may be fewer. */
	s->fields = varying(mb, n);
	if (!s->fields || !layout(s, mb, n))
		return 0;

	s->first = first;
	s->count = n;
	s->keys = calloc(n, s->key_size);
	s->probe_keys = calloc(n, s->probe_key_size + 1);
	if (!s->keys || !s->probe_keys)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		key_of(s, s->fields, &mb[i], s->keys + (size_t)i * s->key_size);
		if (s->probe_fields) {
			key_of(s, s->probe_fields, &mb[i], probe);
			memcpy(s->probe_keys + (size_t)i * s->probe_key_size,
			       probe, s->probe_key_size);
		}
	}
	return (int)n;
}

int cg_find_sets(const struct table *t, struct cg_out *out)
{
	struct member *mb;
	unsigned int i, cap = 0;
	int n;

	out->set_at = malloc((t->num_entries + 1) * sizeof(*out->set_at));
	mb = calloc(t->num_entries + 1, sizeof(*mb));
	if (!out->set_at || !mb) {
		free(mb);
		return -ENOMEM;
	}
	for (i = 0; i < t->num_entries; i++)
		out->set_at[i] = -1;
	for (i = 0; cg_sets && i < t->num_entries;) {
		struct cg_set s = { 0 };

		n = grow_run(t, i, mb, &s);
		if (n < 0) {
			free(s.keys);
			free(s.probe_keys);
			free(mb);
			return n;
		}
		if (!n) {
			free(s.keys);
			free(s.probe_keys);
			i++;
			continue;
		}
		if (out->nsets == cap) {
			struct cg_set *g;

			cap = cap ? 2 * cap : 8;
			g = realloc(out->sets, cap * sizeof(*g));
			if (!g) {
				free(s.keys);
				free(s.probe_keys);
				free(mb);
				return -ENOMEM;
			}
			out->sets = g;
		}
		out->set_at[i] = (int)out->nsets;
		out->sets[out->nsets++] = s;
		i += (unsigned int)n;
	}
	free(mb);
	return 0;
}

void cg_free_sets(struct cg_out *out)
{
	unsigned int i;

	for (i = 0; i < out->nsets; i++) {
		free(out->sets[i].keys);
		free(out->sets[i].probe_keys);
	}
	free(out->sets);
	free(out->set_at);
	out->sets = NULL;
	out->set_at = NULL;
	out->nsets = 0;
}
