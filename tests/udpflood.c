// SPDX-License-Identifier: GPL-2.0
/*
 * UDP traffic between two network namespaces, counted per port.
 *
 *   udpflood FROM TO ADDR PORT...
 *
 * Sends datagrams from namespace FROM (a name in /run/netns) to ADDR in
 * namespace TO, to each PORT in turn, and receives them there, until
 * SIGTERM or SIGINT; then prints "PORT sent received" per port. The
 * sockets are opened in their namespaces, so one process does both ends.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_PORTS 16

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static void enter(const char *ns)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY);
	if (fd < 0 || setns(fd, CLONE_NEWNET)) {
		perror(path);
		exit(2);
	}
	close(fd);
}

int main(int argc, char **argv)
{
	unsigned long sent[MAX_PORTS] = { 0 }, got[MAX_PORTS] = { 0 };
	int rx[MAX_PORTS], tx, nports = argc - 4, i, k = 0;
	struct sockaddr_in to = { .sin_family = AF_INET };
	char buf[64];

	if (nports < 1 || nports > MAX_PORTS) {
		fprintf(stderr, "usage: %s FROM TO ADDR PORT...\n", argv[0]);
		return 2;
	}
	if (inet_pton(AF_INET, argv[3], &to.sin_addr) != 1) {
		fprintf(stderr, "bad address %s\n", argv[3]);
		return 2;
	}
	enter(argv[2]);
	for (i = 0; i < nports; i++) {
		struct sockaddr_in at = { .sin_family = AF_INET };

		at.sin_port = htons(atoi(argv[4 + i]));
		rx[i] = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
		if (rx[i] < 0 || bind(rx[i], (void *)&at, sizeof(at))) {
			perror("bind");
			return 2;
		}
	}
	enter(argv[1]);
	tx = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (tx < 0) {
		perror("socket");
		return 2;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	printf("ready\n");
	fflush(stdout);

	while (!stop) {
		to.sin_port = htons(atoi(argv[4 + k]));
		if (sendto(tx, buf, sizeof(buf), 0, (void *)&to,
			   sizeof(to)) == sizeof(buf))
			sent[k]++;
		k = (k + 1) % nports;
		for (i = 0; i < nports; i++)
			while (recv(rx[i], buf, sizeof(buf), 0) > 0)
				got[i]++;
		if (k == 0)
			usleep(200);
	}
	usleep(100000);
	for (i = 0; i < nports; i++) {
		while (recv(rx[i], buf, sizeof(buf), 0) > 0)
			got[i]++;
		printf("%s %lu %lu\n", argv[4 + i], sent[i], got[i]);
	}
	return 0;
}
