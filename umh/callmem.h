/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BPFILTER_UMH_CALLMEM_H
#define _BPFILTER_UMH_CALLMEM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * The caller of a sockopt sleeps in the syscall while we serve it; its
 * optval lives in its address space, reached with process_vm_readv/writev.
 */
struct caller {
	pid_t pid;	/* thread id, in our (the initial) pid namespace */
};

/**
 * caller_read() - copy @len bytes at the caller's @addr into @buf.
 *
 * Return: 0, or -EFAULT when any byte could not be read (as copy_from_user
 * fails for ip_tables).
 */
int caller_read(const struct caller *c, uint64_t addr, void *buf, size_t len);

/**
 * caller_write() - copy @len bytes from @buf to the caller's @addr.
 *
 * Return: 0, or -EFAULT when any byte could not be written.
 */
int caller_write(const struct caller *c, uint64_t addr, const void *buf,
		 size_t len);

/**
 * caller_probe() - tell whether @len bytes at @addr can be read, without
 * keeping them (a bounded buffer is reused).
 *
 * Return: 0 or -EFAULT.
 */
int caller_probe(const struct caller *c, uint64_t addr, uint64_t len);

#endif /* _BPFILTER_UMH_CALLMEM_H */
