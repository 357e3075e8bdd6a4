/* SPDX-License-Identifier: GPL-3.0-or-later */
/* citation.h: the scanner of a guideline's text (see the grammar in citation.c). */
#ifndef IMRC_CITATION_H
#define IMRC_CITATION_H

#include <stddef.h>

#include "marks.h"

/* The titles and section names of grammar/citations.vocab, embedded in the binary; loaded once per process. */
struct vocabulary;
struct vocabulary *vocabulary_load(void);
void vocabulary_free(struct vocabulary *vocab);

/* Marks the citations in a guideline's text (citation marks with source, title, year, chapter, pages, total,
 * and section marks inside them). Returns the guideline's basis when an opening sentence gives it
 * ("no-evidence", "outside-mtus", "not-mtus"), else NULL. */
const char *find_citations(const char *text, size_t len, const struct vocabulary *vocab, struct marks *marks);

/* Marks the references to guidelines in a paragraph of a decision rationale (SPEC section 6): "MTUS/ACOEM",
 * "CA MTUS ACOEM" and "MTUS Guideline in ACOEM Chapter N" one MTUS citation, "MTUS and ACOEM" two, "ACOEM
 * Guidelines" ACOEM, "ODG Low Back chapter" ODG with its chapter; with what each names after it (year, MTUS
 * title, chapter, "9792.20(e)" or "Table 13-3" as sections, pages). Text in quotation marks is quoted guideline
 * text: nothing in it is marked; a bare "guidelines" is no reference. */
void find_references(const char *text, size_t len, const struct vocabulary *vocab, struct marks *marks);

#endif
