/* SPDX-License-Identifier: GPL-3.0-or-later */
/* compile.h: one letter through every phase: decode and normalise, parse, read the fields, render. */
#ifndef IMRC_COMPILE_H
#define IMRC_COMPILE_H

#include "ast.h"
#include "diag.h"
#include "fields.h"
#include "input.h"
#include "util.h"

#define IMRC_VERSION "0.1.0"
#define IMRC_SCHEMA_VERSION "1.3"

enum format { FORMAT_XML, FORMAT_JSON, FORMAT_JSONL, FORMAT_CSV, FORMAT_TEXT, FORMAT_TREE };

/* Whether every letter's output goes to one table or stream (-o FILE or stdout) when there is no -d: -t csv and
 * -t jsonl (SPEC section 3). */
static inline int format_joins(enum format format)
{
	return format == FORMAT_CSV || format == FORMAT_JSONL;
}
/* The tables of FORMAT_CSV (--table): a row per item, per citation, per letter (see csv.c). */
enum csv_table { TABLE_ITEMS, TABLE_CITATIONS, TABLE_LETTERS };

/* What does not change from one letter to the next: set up once per process. */
struct compiler {
	enum format format;
	enum csv_table table;      /* of FORMAT_CSV; TABLE_ITEMS unless the caller sets another after compiler_init */
	enum encoding encoding;    /* of the inputs: ENCODING_AUTO unless --input-encoding forces one */
	int validate;              /* validate every XML tree against the embedded schema */
	struct xml_schema *schema; /* compiled once, when validate and format is XML */
	struct json_shape *json;   /* the JSON types read off the schema, when format is JSON or JSONL */
	int this_year;             /* resolves two-digit years in letters without a decision date */
};

/* What one thread needs of its own: a validation context, a digest context, and compiled patterns (glibc's
 * regexec locks a pattern while it runs, so threads sharing one would wait on each other). */
struct compile_thread {
	struct xml_validator *validator;   /* NULL without validation */
	struct evp_md_ctx_st *sha256;      /* libcrypto's EVP_MD_CTX, set up for SHA-256 once */
	struct inline_rules *inline_rules;
	struct field_rules *field_rules;
};

/* A letter on its way through the phases; everything but src is owned here and freed by compile. */
struct letter {
	const struct source *src;
	struct text text;
	struct node *root;
	struct fields fields;
	char sha256[65];               /* of the input's bytes (a PDF's, not its text's) */
	const char *encoding;          /* NULL for a PDF */
	int page_count;                /* a PDF's pages; 0 for text */
	struct arena arena;
};

/* Exit statuses of SPEC section 3, also the result of compiling one letter. */
enum status { STATUS_OK = 0, STATUS_REJECTED = 1, STATUS_USAGE = 2, STATUS_IO = 3, STATUS_INTERNAL = 4 };

/* Sets up the compiler (compiles the schema when needed), for the items table when format is FORMAT_CSV.
 * Returns 0, or -1 after printing why. */
int compiler_init(struct compiler *c, enum format format, enum encoding encoding, int validate);
void compiler_free(struct compiler *c);

/* Sets up and frees one thread's part. */
void compile_thread_init(struct compile_thread *t, const struct compiler *c);
void compile_thread_free(struct compile_thread *t);

/* Compiles src, appending the result to out; *items (may be NULL) gets the number of items. Diagnostics go to d. Returns STATUS_OK, STATUS_REJECTED (errors in the
 * letter: nothing is appended) or STATUS_INTERNAL (our own output failed the schema). Sets src->encoding. A PDF
 * (pdf.h) is read as the text poppler gives, which diagnostics point into and -t text writes as it is. */
enum status compile_letter(const struct compiler *c, struct compile_thread *t, struct source *src,
			   struct buffer *out, struct diagnostics *d, int *items);

#endif
