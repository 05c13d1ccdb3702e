// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the blob parser and the code generator: the input
 * is an ipt_replace header followed by entries, as IPT_SO_SET_REPLACE
 * carries them. The header's size is forced to the bytes that follow, as
 * the sockopt layer only hands translate() blobs it could read in full.
 * Every table translate() accepts is compiled, and its programs' control
 * flow checked (see tests/unit/fake_loader.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "umh/loader.h"
#include "umh/log.h"
#include "umh/translate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct ipt_replace repl;
	struct table *t = NULL;
	void *entries;

	if (len < sizeof(repl))
		return 0;
	log_init(1);
	memcpy(&repl, data, sizeof(repl));
	repl.size = len - sizeof(repl);
	entries = malloc(repl.size + 1);
	if (!entries)
		return 0;
	memcpy(entries, data + sizeof(repl), repl.size);
	if (translate(&repl, entries, &t)) {
		free(entries);
	} else {
		struct loaded l;

		loader_install(t, 1, &l);
		table_free(t);
	}
	return 0;
}
