/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BPFILTER_UMH_SOCKOPT_H
#define _BPFILTER_UMH_SOCKOPT_H

#include <stdint.h>

#include "msgfmt.h"

/**
 * sockopt_handle() - serve one relayed iptables sockopt as ip_tables would.
 * @flags: set to the BPFILTER_REPLY_* flags for the module.
 *
 * Return: the status for the caller: 0, a revision number for the revision
 * queries, a negative errno, or -ENOPROTOOPT for what x_tables should serve
 * (tables other than filter, extensions bpfilter does not know).
 */
int sockopt_handle(const struct mbox_request *req, uint32_t *flags);

#endif /* _BPFILTER_UMH_SOCKOPT_H */
