/* SPDX-License-Identifier: GPL-3.0-or-later */
/* batch.h: compiling many letters in one process: output names, the checks made before anything is written,
 * worker threads, diagnostics in input order, progress, the report and the summary. */
#ifndef IMRC_BATCH_H
#define IMRC_BATCH_H

#include <stddef.h>

#include "compile.h"

/* Standard input as read before the batch (with no FILE given, to tell an empty one): what input_read gave. */
struct read_ahead {
	unsigned char *bytes;
	size_t size;
	int err;
};

struct batch {
	const char *const *inputs; /* paths as given; "-" is standard input */
	const size_t *kept_from;   /* per input, where the part of its path kept under -d begins (or NULL: 0) */
	size_t input_count;
	const char *stdin_name;    /* --source-name: standard input's name in messages and source/@name, and its
	                              path under -d; or NULL ("<stdin>", and DIR/stdin.EXT) */
	const struct read_ahead *stdin_ahead; /* or NULL: standard input is read at its turn */
	const char *output;        /* -o: one output for the one input ("-" = stdout), or NULL */
	const char *output_dir;    /* -d, or NULL: then the one result goes to stdout */
	const char *report;        /* --report: a CSV line per letter, or NULL */
	size_t max_size;
	int threads;               /* 1 or more */
	int strict, quiet, update, durable;
};

/* Compiles every input with c and writes its output. Returns the exit status of SPEC section 3. */
int batch_run(const struct compiler *c, const struct batch *b);

#endif
