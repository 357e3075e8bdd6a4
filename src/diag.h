/* SPDX-License-Identifier: GPL-3.0-or-later */
/* diag.h: the original input, its line map, and the diagnostics of one letter. */
#ifndef IMRC_DIAG_H
#define IMRC_DIAG_H

#include <stdarg.h>
#include <stddef.h>

#include "util.h"

/* The character encodings imrc reads; ENCODING_AUTO: UTF-8, or Windows-1252 (with a warning) when the input is
 * not valid UTF-8, or UTF-16 when it begins with a UTF-16 byte order mark. */
enum encoding { ENCODING_AUTO, ENCODING_UTF8, ENCODING_CP1252, ENCODING_LATIN1, ENCODING_UTF16 };

/* The input as read, with the offsets where its lines start (built once, used for messages). A UTF-16 input is
 * held decoded into UTF-8 (source_open in input.h): its lines and columns are those of the input as read. */
struct source {
	const char *name;          /* as given on the command line, "<stdin>" for standard input */
	const unsigned char *bytes; /* the text that offsets and positions count in */
	size_t size;
	const unsigned char *raw;  /* the input exactly as read (hashed): bytes, but for a UTF-16 input */
	size_t raw_size;
	size_t utf16_replaced;     /* unpaired UTF-16 surrogates decoded as U+FFFD, and the offset of the first */
	size_t first_utf16_replaced;
	size_t *line_starts;       /* byte offset of each line; \n, \r\n and a lone \r end a line */
	size_t line_count;
	int has_bom;               /* a leading UTF-8 byte order mark, not counted as a column */
	enum encoding encoding;    /* what it was read as (set by the input layer); columns count its characters */
};

/* Builds src->line_starts (freed by source_free_lines); needed before any position is asked for. */
void source_index_lines(struct source *src);
void source_free_lines(struct source *src);
/* The 1-based line of a byte offset of the original input. */
size_t source_line(const struct source *src, size_t offset);
/* Converts a byte offset of the original input to a 1-based line and a 1-based column in characters. */
void source_position(const struct source *src, size_t offset, size_t *line, size_t *col);

enum severity { SEVERITY_WARNING, SEVERITY_ERROR };

/* Warnings shown per letter; more are counted, and said in one line at the end (diag_finish). */
#define DIAG_MAX_WARNINGS 100

/* The messages of one letter, kept until the letter is done so that a batch prints them together. */
struct diagnostics {
	const struct source *src;
	struct buffer text;
	int errors, warnings;
	int quiet;                 /* drop warnings (they are still counted) */
	int strict;                /* --strict: warnings print as errors ("error: ... [--strict]"), even when quiet */
};

/* Adds "FILE:LINE:COL: error: MESSAGE" (or warning) for an offset of the original input. */
void diag_at(struct diagnostics *d, enum severity sev, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_vat(struct diagnostics *d, enum severity sev, size_t offset, const char *fmt, va_list ap);
/* Appends a file name as messages print it: control characters (C0, DEL, C1) and bytes that are not UTF-8 as
 * \xNN, so that no name can move a terminal's cursor or change its state. */
void diag_add_name(struct buffer *b, const char *name);
/* The same as a new string (caller frees). */
char *diag_name(const char *name);

/* Where the messages stand, and dropping the errors added since then (only errors may have been added). */
struct diag_mark {
	size_t len;
	int errors;
};
struct diag_mark diag_mark(const struct diagnostics *d);
void diag_drop_errors_since(struct diagnostics *d, struct diag_mark mark);

/* Says how many warnings were not shown, if any. */
void diag_finish(struct diagnostics *d);

#endif
