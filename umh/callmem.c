// SPDX-License-Identifier: GPL-2.0
/* Reading and writing the sockopt caller's memory. */
#include <errno.h>
#include <sys/uio.h>

#include "callmem.h"

/*
 * process_vm_readv/writev stop at the first page they cannot reach and
 * report a partial transfer; any shortfall is -EFAULT for the caller.
 * Transfers are split so that a single call never exceeds what the
 * syscall's ssize_t result can express.
 */
#define CALLMEM_CHUNK (1UL << 30)

static int transfer(const struct caller *c, uint64_t addr, void *buf,
		    size_t len, int write)
{
	struct iovec local, remote;
	ssize_t n;

	while (len) {
		size_t chunk = len < CALLMEM_CHUNK ? len : CALLMEM_CHUNK;

		if (addr + chunk < addr)
			return -EFAULT;
		local.iov_base = buf;
		local.iov_len = chunk;
		remote.iov_base = (void *)(uintptr_t)addr;
		remote.iov_len = chunk;
		if (write)
			n = process_vm_writev(c->pid, &local, 1, &remote, 1, 0);
		else
			n = process_vm_readv(c->pid, &local, 1, &remote, 1, 0);
		if (n != (ssize_t)chunk)
			return -EFAULT;
		buf = (char *)buf + chunk;
		addr += chunk;
		len -= chunk;
	}
	return 0;
}

int caller_read(const struct caller *c, uint64_t addr, void *buf, size_t len)
{
	return transfer(c, addr, buf, len, 0);
}

int caller_write(const struct caller *c, uint64_t addr, const void *buf,
		 size_t len)
{
	return transfer(c, addr, (void *)buf, len, 1);
}

int caller_probe(const struct caller *c, uint64_t addr, uint64_t len)
{
	static char scratch[65536];
	int err;

	while (len) {
		size_t chunk = len < sizeof(scratch) ? len : sizeof(scratch);

		err = transfer(c, addr, scratch, chunk, 0);
		if (err)
			return err;
		addr += chunk;
		len -= chunk;
	}
	return 0;
}
