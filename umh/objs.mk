# The helper's object files besides main.o, shared by the kbuild part of
# the top Makefile and by the host tests in tests/unit.
UMH_OBJS := log.o callmem.o ext.o netns.o persist.o sockopt.o table.o \
	translate.o
