/* SPDX-License-Identifier: GPL-3.0-or-later */
/* requests.h: what a request asks for (SPEC section 7): its category and, for a drug, its subcategory, read
 * from the part that was decided, and a `drug` mark with its generic name over each drug product it names.
 * The words live in grammar/drugs.vocab and grammar/services.vocab. */
#ifndef IMRC_REQUESTS_H
#define IMRC_REQUESTS_H

#include <stddef.h>

#include "ast.h"
#include "marks.h"

/* The vocabularies, read and hashed once per thread (inline_rules_new). */
struct request_rules;
struct request_rules *request_rules_new(void);
void request_rules_free(struct request_rules *rules);

/* The memory request_classify reuses from one request to the next: one per thread. */
struct request_scratch;
struct request_scratch *request_scratch_new(void);
void request_scratch_free(struct request_scratch *scratch);

/* Classifies the request node whose joined text is text[0, len) (NUL-terminated): adds a "drug" mark (@generic)
 * over each drug product to marks and sets request/@category and, for pharmaceuticals, @subcategory (strings
 * in arena). The decided part is the mark that carries reviewed="true", else the "remaining" mark, else the
 * whole text: marks must already hold the parts of a modified request. */
void request_classify(const struct request_rules *rules, struct request_scratch *scratch, struct node *request,
		      const char *text, size_t len, struct marks *marks, struct arena *arena);

#endif
