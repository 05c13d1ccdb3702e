// SPDX-License-Identifier: GPL-2.0
/*
 * The x_tables extensions bpfilter understands, each with the size, hook,
 * protocol and table constraints and the checks of its Linux 6.1 module,
 * so that a rule is refused with the errno ip_tables would give.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <linux/netfilter/xt_addrtype.h>
#include <linux/netfilter/xt_comment.h>
#include <linux/netfilter/xt_conntrack.h>
#include <linux/netfilter/xt_iprange.h>
#include <linux/netfilter/xt_length.h>
#include <linux/netfilter/xt_limit.h>
#include <linux/netfilter/xt_LOG.h>
#include <linux/netfilter/xt_mark.h>
#include <linux/netfilter/xt_multiport.h>
#include <linux/netfilter/xt_pkttype.h>
#include <linux/netfilter/xt_state.h>
#include <linux/netfilter/xt_tcpudp.h>
#include <linux/netfilter_ipv4/ipt_REJECT.h>
#include <linux/netfilter_ipv4/ipt_ttl.h>

#include "ext.h"

#define HOOK(h) (1U << NF_INET_##h)

unsigned int ext_hz = 250;

static int icmp_check(const struct ext_ctx *ctx, void *data)
{
	const struct ipt_icmp *info = data;

	return (info->invflags & ~IPT_ICMP_INV) ? -EINVAL : 0;
}

static int tcp_check(const struct ext_ctx *ctx, void *data)
{
	const struct xt_tcp *info = data;

	return (info->invflags & ~XT_TCP_INV_MASK) ? -EINVAL : 0;
}

static int udp_check(const struct ext_ctx *ctx, void *data)
{
	const struct xt_udp *info = data;

	return (info->invflags & ~XT_UDP_INV_MASK) ? -EINVAL : 0;
}

/* multiport checks the rule's protocol itself, and its port ranges. */
static int multiport_check(const struct ext_ctx *ctx, void *data)
{
	const struct xt_multiport_v1 *info = data;
	uint8_t proto = ctx->ip->proto;
	unsigned int i;

	if (proto != IPPROTO_TCP && proto != IPPROTO_UDP &&
	    proto != IPPROTO_UDPLITE && proto != IPPROTO_SCTP &&
	    proto != IPPROTO_DCCP)
		return -EINVAL;
	if ((ctx->ip->invflags & IPT_INV_PROTO) ||
	    info->flags > XT_MULTIPORT_EITHER || info->count > XT_MULTI_PORTS)
		return -EINVAL;
	for (i = 0; i < info->count; i++) {
		if (!info->pflags[i])
			continue;
		if (i + 1 >= info->count || info->pflags[i + 1] ||
		    info->ports[i] > info->ports[i + 1])
			return -EINVAL;
		i++;
	}
	return 0;
}

/* An input-interface limit makes no sense where there is none, and so on. */
static int addrtype1_check(const struct ext_ctx *ctx, void *data)
{
	const struct xt_addrtype_info_v1 *info = data;
	const unsigned int in = XT_ADDRTYPE_LIMIT_IFACE_IN;
	const unsigned int out = XT_ADDRTYPE_LIMIT_IFACE_OUT;

	if ((info->flags & in) && (info->flags & out))
		return -EINVAL;
	if ((ctx->hook_mask & (HOOK(PRE_ROUTING) | HOOK(LOCAL_IN))) &&
	    (info->flags & out))
		return -EINVAL;
	if ((ctx->hook_mask & (HOOK(POST_ROUTING) | HOOK(LOCAL_OUT))) &&
	    (info->flags & in))
		return -EINVAL;
	return 0;
}

/* xt_limit's credits: CPJ is the largest power of two <= 2^32 / (HZ * day). */
uint32_t ext_limit_cpj(void)
{
	uint32_t max = 0xFFFFFFFFU / (ext_hz * 24 * 60 * 60), cpj = 1;

	while (cpj * 2 <= max)
		cpj *= 2;
	return cpj;
}

uint32_t ext_limit_credits(uint32_t user)
{
	uint32_t scale = ext_hz * ext_limit_cpj();

	if (user > 0xFFFFFFFFU / scale)
		return (user / XT_LIMIT_SCALE) * scale;
	return (user * scale) / XT_LIMIT_SCALE;
}

static int limit_check(const struct ext_ctx *ctx, void *data)
{
	const struct xt_rateinfo *r = data;

	if (r->burst == 0 ||
	    ext_limit_credits(r->avg * r->burst) < ext_limit_credits(r->avg))
		return -ERANGE;
	return 0;
}

static int ttl_check(const struct ext_ctx *ctx, void *data)
{
	const struct ipt_ttl_info *info = data;

	return info->mode > IPT_TTL_GT ? -EINVAL : 0;
}

static int reject_check(const struct ext_ctx *ctx, void *data)
{
	const struct ipt_reject_info *info = data;

	if (info->with == IPT_ICMP_ECHOREPLY)
		return -EINVAL;
	if (info->with == IPT_TCP_RESET &&
	    (ctx->ip->proto != IPPROTO_TCP ||
	     (ctx->ip->invflags & IPT_INV_PROTO)))
		return -EINVAL;
	return 0;
}

static int log_check(const struct ext_ctx *ctx, void *data)
{
	const struct xt_log_info *info = data;

	if (info->level >= 8)
		return -EINVAL;
	if (info->prefix[sizeof(info->prefix) - 1] != '\0')
		return -EINVAL;
	return 0;
}

#define MATCH(n, rev, type, ...) \
	{ .name = n, .revision = rev, .size = sizeof(type), __VA_ARGS__ }
#define TARGET(n, rev, sz, ...) \
	{ .name = n, .revision = rev, .target = true, .size = sz, __VA_ARGS__ }

static const struct ext exts[] = {
	TARGET(XT_STANDARD_TARGET, 0, sizeof(int)),
	TARGET(XT_ERROR_TARGET, 0, XT_FUNCTION_MAXNAMELEN),
	TARGET("REJECT", 0, sizeof(struct ipt_reject_info),
	       .only_table = "filter", .check = reject_check,
	       .hooks = HOOK(LOCAL_IN) | HOOK(FORWARD) | HOOK(LOCAL_OUT)),
	TARGET("LOG", 0, sizeof(struct xt_log_info), .check = log_check),
	TARGET("MARK", 2, sizeof(struct xt_mark_tginfo2)),

	MATCH("icmp", 0, struct ipt_icmp, .proto = IPPROTO_ICMP,
	      .check = icmp_check),
	MATCH("tcp", 0, struct xt_tcp, .proto = IPPROTO_TCP,
	      .check = tcp_check),
	MATCH("udp", 0, struct xt_udp, .proto = IPPROTO_UDP,
	      .check = udp_check),
	MATCH("multiport", 1, struct xt_multiport_v1,
	      .check = multiport_check),
	MATCH("iprange", 1, struct xt_iprange_mtinfo),
	MATCH("mark", 1, struct xt_mark_mtinfo1, .unspec = true),
	MATCH("comment", 0, struct xt_comment_info, .unspec = true),
	MATCH("conntrack", 1, struct xt_conntrack_mtinfo1, .unspec = true,
	      .conntrack = true),
	MATCH("conntrack", 2, struct xt_conntrack_mtinfo2, .unspec = true,
	      .conntrack = true),
	MATCH("conntrack", 3, struct xt_conntrack_mtinfo3, .unspec = true,
	      .conntrack = true),
	MATCH("state", 0, struct xt_state_info, .unspec = true,
	      .conntrack = true),
	MATCH("addrtype", 0, struct xt_addrtype_info),
	MATCH("addrtype", 1, struct xt_addrtype_info_v1,
	      .check = addrtype1_check),
	/* Only avg and burst are the user's; the rest is kernel state. */
	MATCH("limit", 0, struct xt_rateinfo, .unspec = true,
	      .usersize = offsetof(struct xt_rateinfo, prev),
	      .check = limit_check),
	MATCH("pkttype", 0, struct xt_pkttype_info, .unspec = true),
	MATCH("length", 0, struct xt_length_info),
	MATCH("ttl", 0, struct ipt_ttl_info, .check = ttl_check),
};

#define NUM_EXTS (sizeof(exts) / sizeof(exts[0]))

/*
 * Extensions Linux 6.1 has for IPv4 that bpfilter does not compile: a rule
 * using one is refused with -EOPNOTSUPP. Any other name does not exist, and
 * ip_tables refuses it with -ENOENT.
 */
static const char *const linux_matches[] = {
	"ah", "bpf", "cgroup", "cluster", "connbytes", "connlabel",
	"connlimit", "connmark", "cpu", "dccp", "devgroup", "dscp", "ecn",
	"esp", "hashlimit", "helper", "ipcomp", "ipvs", "l2tp", "mac", "nfacct",
	"osf", "owner", "physdev", "policy", "quota", "rateest", "realm",
	"recent", "rpfilter", "sctp", "set", "socket", "statistic", "string",
	"tcpmss", "time", "tos", "u32", "udplite",
};

static const char *const linux_targets[] = {
	"AUDIT", "CHECKSUM", "CLASSIFY", "CLUSTERIP", "CONNMARK",
	"CONNSECMARK", "CT", "DNAT", "DSCP", "ECN", "HMARK", "IDLETIMER",
	"LED", "MASQUERADE", "NETMAP", "NFLOG", "NFQUEUE", "NOTRACK",
	"RATEEST", "REDIRECT", "SECMARK", "SET", "SNAT", "SYNPROXY", "TCPMSS",
	"TCPOPTSTRIP", "TEE", "TOS", "TPROXY", "TRACE", "TTL",
};

static bool linux_has(const char *name, bool target)
{
	const char *const *names = target ? linux_targets : linux_matches;
	size_t i, n = target ? sizeof(linux_targets) / sizeof(*names) :
			       sizeof(linux_matches) / sizeof(*names);

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

const struct ext *ext_find(const char *name, uint8_t revision, bool target,
			   int *err)
{
	unsigned int i;
	bool known = false;

	for (i = 0; i < NUM_EXTS; i++) {
		if (exts[i].target != target || strcmp(exts[i].name, name))
			continue;
		if (exts[i].revision == revision)
			return &exts[i];
		/*
		 * x_tables looks in the IPv4 list, then in the family-neutral
		 * one, and reports what the second search found.
		 */
		*err = exts[i].unspec ? -EPROTOTYPE : -ENOENT;
		known = true;
	}
	/* Only now: every rule of a large table passes through here. */
	if (!known)
		*err = linux_has(name, target) ? -EOPNOTSUPP : -ENOENT;
	return NULL;
}

int ext_revision(const char *name, uint8_t revision, bool target)
{
	bool known = false;
	unsigned int i;

	for (i = 0; i < NUM_EXTS; i++) {
		if (exts[i].target != target || strcmp(exts[i].name, name))
			continue;
		if (exts[i].revision == revision)
			return 0;
		known = true;
	}
	return known ? -EPROTONOSUPPORT : -ENOENT;
}
