# SPDX-License-Identifier: GPL-2.0
#
# Two makefiles in one: the kbuild part builds bpfilter.ko with its helper
# (in a kernel tree's net/bpfilter/ or as an external module); the plain
# part drives the reference kernel, the tests and the demo.

ifneq ($(KERNELRELEASE),)

ifneq ($(KBUILD_EXTMOD),)
obj-m += bpfilter.o
else
obj-$(CONFIG_BPFILTER_UMH) += bpfilter.o
endif
bpfilter-objs := bpfilter_kern.o bpfilter_hook.o bpfilter_umh_blob.o

include $(src)/umh/objs.mk
userprogs := bpfilter_umh
bpfilter_umh-objs := main.o $(addprefix umh/,$(UMH_OBJS) $(UMH_KOBJS))
userccflags += -I$(src) -std=gnu11 -D_GNU_SOURCE
userldflags += -static

AFLAGS_bpfilter_umh_blob.o := -DBPFILTER_UMH_PATH=\"$(obj)/bpfilter_umh\"
$(obj)/bpfilter_umh_blob.o: $(obj)/bpfilter_umh

else

# KDIR: a configured and built kernel tree. By default, the reference
# kernel that vm/kernel.sh builds and caches.
KDIR ?= $(shell vm/kernel.sh)/src

.PHONY: all module check check-host demo dump bench clean

all: module

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

check:
	vm/check.sh

check-host:
	$(MAKE) -C tests/unit run

demo:
	vm/demo.sh

bench:
	vm/bench.sh

# The programs bpfilter generates for an iptables-save file: make dump RULES=f
dump:
	vm/dump.sh "$(RULES)"

DUMP_SRCS := tools/dump.c $(addprefix umh/,log.c ext.c table.c translate.c \
	prog.c dump.c codegen.c match.c sets.c)
tools/bpfilter-dump: $(DUMP_SRCS) $(wildcard umh/*.h) msgfmt.h
	$(CC) -std=gnu11 -D_GNU_SOURCE -O2 -Wall -I. -o $@ $(DUMP_SRCS)

clean:
	rm -f *.o *.ko *.mod *.mod.c *.mod.o .*.cmd .*.d modules.order \
		Module.symvers bpfilter_umh umh/*.o umh/.*.cmd umh/.*.d \
		tools/bpfilter-dump
	rm -f tests/sockopt tests/blobs tests/getinfo32 tests/udpflood tests/pkt tests/counters
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tests/fuzz clean
	$(MAKE) -C tests/bench clean

endif
