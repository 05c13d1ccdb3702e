# The helper's object files besides main.o. UMH_OBJS is its core, shared
# by the kbuild part of the top Makefile and by the host tests in
# tests/unit and tests/fuzz; UMH_KOBJS talk to the kernel (bpf() and
# bpfilter.ko), and the host tests replace them with a fake.
UMH_OBJS := log.o callmem.o ext.o netns.o persist.o sockopt.o table.o \
	translate.o prog.o dump.o codegen.o match.o sets.o
UMH_KOBJS := loader.o
