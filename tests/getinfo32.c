// SPDX-License-Identifier: GPL-2.0
/*
 * Built with -m32 by the selftests: asks for the info of a table the way a
 * 32-bit iptables does on a 64-bit kernel, and prints the errno ("0" on
 * success).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/netfilter_ipv4/ip_tables.h>

int main(int argc, char **argv)
{
	struct ipt_getinfo info;
	socklen_t len = sizeof(info);
	int fd;

	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0) {
		perror("socket");
		return 2;
	}
	memset(&info, 0, sizeof(info));
	strncpy(info.name, argc > 1 ? argv[1] : "filter", sizeof(info.name) - 1);
	if (getsockopt(fd, SOL_IP, IPT_SO_GET_INFO, &info, &len) < 0)
		printf("%s\n", strerrorname_np(errno));
	else
		printf("0 %u\n", info.num_entries);
	return 0;
}
