/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BPFILTER_UMH_CODEGEN_H
#define _BPFILTER_UMH_CODEGEN_H

#include "msgfmt.h"
#include "prog.h"
#include "table.h"

/* Compile runs of similar rules to set lookups (sets.c); default true. */
extern bool cg_sets;

/* Accumulate every rule's tests, whatever the table's size (for tests). */
extern bool cg_acc_always;

/* The filter table's hooks, in the order of cg_out.progs. */
#define CG_NPROGS 3
extern const unsigned int cg_hooks[CG_NPROGS];
extern const char *const cg_chains[CG_NPROGS];

/* The maps the programs use, as file descriptors. */
struct cg_maps {
	int counters;	/* per-CPU array: struct xt_counters per entry */
	int scratch;	/* per-CPU array: one struct bpfilter_scratch */
	int limits;	/* array: struct cg_limit_state per limit match */
	const int *sets;	/* per set: its map, then its probe map */
};

/* The fields a set's rules differ in. */
#define SET_SADDR	(1U << 0)
#define SET_DADDR	(1U << 1)
#define SET_SPORT	(1U << 2)
#define SET_DPORT	(1U << 3)

/*
 * A run of rules compiled as one lookup (see sets.c): entries [first,
 * first + count), whose keys map to their entry index. When ports and
 * addresses both vary, the probe keys (addresses only) say whether any
 * rule's addresses match a packet too short to have ports.
 */
struct cg_set {
	unsigned int first, count;
	uint8_t fields;			/* SET_* that vary */
	uint8_t probe_fields;		/* SET_*ADDR, or 0: no probe */
	uint8_t prefix;			/* 1 saddr, 2 daddr is a prefix; 0 */
	bool lpm;			/* an LPM trie, else a hash map */
	unsigned int key_size, probe_key_size;
	uint8_t *keys;			/* count keys of key_size bytes */
	uint8_t *probe_keys;		/* count keys of probe_key_size */
};

/* The token bucket of one limit match (xt_limit's private state). */
struct cg_limit_state {
	uint64_t prev;		/* jiffies at the last update; 0: never */
	uint32_t credit;
	uint32_t pad;
};

/* What compiling a table gives. */
struct cg_out {
	struct prog progs[CG_NPROGS];
	uint32_t needs;				/* BPFILTER_NEED_* */
	struct bpfilter_log_info *logs;		/* one per LOG rule */
	unsigned int nlogs;
	struct cg_limit_state *limits;		/* initial bucket states */
	unsigned int nlimits;
	/* Where the table's LOG and limit matches are; see cg_scan(). */
	unsigned int *log_entry;		/* entry index of each log */
	unsigned int *limit_off;		/* blob offset of each limit */
	bool tcpopts;				/* some rule uses --tcp-option */
	bool marks;				/* some rule sets the mark */
	struct cg_set *sets;
	unsigned int nsets;
	int *set_at;				/* set starting at entry; -1 */
	const char **chain;			/* each entry's chain */
	unsigned int *rule;			/* and rule number in it */
};

/**
 * cg_scan() - first pass over a validated table: numbers its LOG rules and
 * limit matches, and finds what the module must provide to the programs.
 * Enough to create the maps.
 *
 * Return: 0 or -ENOMEM.
 */
int cg_scan(const struct table *t, struct cg_out *out);

/**
 * cg_compile() - compile @t, scanned into @out, to one program per hook.
 *
 * Return: 0, -ENOMEM, or -EOPNOTSUPP when a program would not fit the
 * limits of BPF (logged).
 */
int cg_compile(const struct table *t, const struct cg_maps *maps,
	       struct cg_out *out);

/**
 * cg_release() - free everything in @out.
 */
void cg_release(struct cg_out *out);

#endif /* _BPFILTER_UMH_CODEGEN_H */
