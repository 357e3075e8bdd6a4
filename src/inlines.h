/* SPDX-License-Identifier: GPL-3.0-or-later */
/* inlines.h: the inlines phase. Runs after the parse over the text of every paragraph, request and guideline,
 * and replaces each one's LINE children by TEXT and MARK nodes (marks.h): dates everywhere (whole, or a month or
 * a year), citations in guidelines and the references of rationales (citation.c), the markup of requests
 * (request_marks.c), and each request's drugs, category and subcategory (requests.c). The text itself is kept as
 * written: marks only wrap it. */
#ifndef IMRC_INLINES_H
#define IMRC_INLINES_H

#include <stddef.h>

#include "ast.h"

/* The phase's rules (the citation vocabulary, the request vocabularies) and the working memory it reuses from one
 * letter to the next: one per thread (compile_thread_init). */
struct inline_rules;
struct inline_rules *inline_rules_new(void);
void inline_rules_free(struct inline_rules *rules);

/* Runs the phase over the letter. reference_year resolves two-digit years: the latest year not after it. */
void inlines_parse(struct node *letter, struct inline_rules *rules, int reference_year, struct arena *arena);

#endif
