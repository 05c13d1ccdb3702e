// SPDX-License-Identifier: GPL-2.0
/*
 * The small programs make bench needs in the VM (see vm/bench.sh):
 *
 *   benchtool floor accept|drop   load the floor's program (r0 = 1 or 0;
 *                                 exit) and give it to bench_floor.ko
 *                                 through /proc/net/bench_floor
 *   benchtool sink PORT           bind a UDP socket to PORT that is never
 *                                 read, and wait to be killed
 *   benchtool progs PREFIX        one line per loaded BPF program whose
 *                                 name starts with PREFIX: id, name,
 *                                 xlated and jited bytes, instructions the
 *                                 verifier processed
 *
 * and one for the host:
 *
 *   benchtool cpu PID FILE        every 5 ms, write to FILE the CPU time
 *                                 in ns that process PID's threads have
 *                                 had so far (threads that ended keep what
 *                                 they had at the last sample), until PID
 *                                 ends. The record is the number twice,
 *                                 fixed width, so that a reader can tell a
 *                                 torn read.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int cmd_floor(const char *verdict)
{
	struct bpf_insn insns[] = {
		/* r0 = verdict */
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr a;
	char buf[32];
	int fd, proc, n;

	insns[0].imm = !strcmp(verdict, "accept");
	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_CGROUP_SKB;
	a.expected_attach_type = BPF_CGROUP_INET_INGRESS;
	a.insns = (unsigned long)insns;
	a.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	a.license = (unsigned long)"GPL";
	strcpy(a.prog_name, "bench_floor");
	fd = sys_bpf(BPF_PROG_LOAD, &a);
	if (fd < 0) {
		perror("BPF_PROG_LOAD");
		return 1;
	}
	proc = open("/proc/net/bench_floor", O_WRONLY);
	if (proc < 0) {
		perror("/proc/net/bench_floor");
		return 1;
	}
	n = snprintf(buf, sizeof(buf), "%d\n", fd);
	if (write(proc, buf, n) != n) {
		perror("writing /proc/net/bench_floor");
		return 1;
	}
	close(proc);
	close(fd);
	return 0;
}

static int cmd_sink(const char *port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int fd, small = 1;

	sin.sin_port = htons(atoi(port));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small,
				 sizeof(small)) ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		perror("sink");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}

static int cmd_progs(const char *prefix)
{
	struct bpf_prog_info info;
	union bpf_attr a;
	__u32 id = 0;
	int fd;

	for (;;) {
		memset(&a, 0, sizeof(a));
		a.start_id = id;
		if (sys_bpf(BPF_PROG_GET_NEXT_ID, &a))
			return errno == ENOENT ? 0 : 1;
		id = a.next_id;
		memset(&a, 0, sizeof(a));
		a.prog_id = id;
		fd = sys_bpf(BPF_PROG_GET_FD_BY_ID, &a);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		memset(&a, 0, sizeof(a));
		a.info.bpf_fd = fd;
		a.info.info_len = sizeof(info);
		a.info.info = (unsigned long)&info;
		if (!sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a) &&
		    !strncmp(info.name, prefix, strlen(prefix)))
			printf("%u %s %u %u %u\n", id, info.name,
			       info.xlated_prog_len, info.jited_prog_len,
			       info.verified_insns);
		close(fd);
	}
}

#define CPU_MAX_THREADS 256

struct cpu_thread {
	int tid;
	unsigned long long ns;
};

/* The CPU time of thread @tid of @pid from its schedstat, or 0. */
static unsigned long long thread_ns(int pid, int tid)
{
	unsigned long long ns = 0;
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/schedstat", pid, tid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (fscanf(f, "%llu", &ns) != 1)
		ns = 0;
	fclose(f);
	return ns;
}

static int cmd_cpu(const char *pidstr, const char *file)
{
	static struct cpu_thread seen[CPU_MAX_THREADS];
	struct timespec next, period = { 0, 5000000 };
	unsigned long long total = 0, ns;
	unsigned int nseen = 0, i;
	int pid = atoi(pidstr), fd, tid, n;
	char path[64], rec[64];
	struct dirent *de;
	DIR *d;

	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		perror(file);
		return 1;
	}
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (;;) {
		d = opendir(path);
		if (!d)
			break;
		while ((de = readdir(d))) {
			tid = atoi(de->d_name);
			if (tid <= 0)
				continue;
			ns = thread_ns(pid, tid);
			for (i = 0; i < nseen && seen[i].tid != tid; i++)
				;
			if (i == nseen) {
				if (nseen == CPU_MAX_THREADS)
					continue;
				seen[nseen].tid = tid;
				seen[nseen++].ns = 0;
			}
			if (ns > seen[i].ns) {
				total += ns - seen[i].ns;
				seen[i].ns = ns;
			}
		}
		closedir(d);
		n = snprintf(rec, sizeof(rec), "%020llu %020llu\n", total,
			     total);
		if (pwrite(fd, rec, n, 0) != n) {
			perror(file);
			return 1;
		}
		next.tv_nsec += period.tv_nsec;
		if (next.tv_nsec >= 1000000000) {
			next.tv_nsec -= 1000000000;
			next.tv_sec++;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "floor"))
		return cmd_floor(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "sink"))
		return cmd_sink(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "progs"))
		return cmd_progs(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "cpu"))
		return cmd_cpu(argv[2], argv[3]);
	fprintf(stderr,
		"usage: %s floor accept|drop | sink PORT | progs PREFIX | cpu PID FILE\n",
		argv[0]);
	return 2;
}
