/* SPDX-License-Identifier: GPL-3.0-or-later */
/* diagnoses.h: the patient's diagnoses as a clinical case summary states them (SPEC section 7), by the words of
 * grammar/diagnoses.vocab. */
#ifndef IMRC_DIAGNOSES_H
#define IMRC_DIAGNOSES_H

#include <stddef.h>

#include "util.h"

/* The data file, read once per thread. */
struct diagnosis_rules;
struct diagnosis_rules *diagnosis_rules_new(void);
void diagnosis_rules_free(struct diagnosis_rules *rules);

/* Appends to *list (*count entries, both in arena) each diagnosis that text (a summary's paragraphs joined by
 * spaces) states: the words after each intro up to its sentence's end, split between self-standing diagnoses,
 * each as written but for a leading article; an exact repeat is left out. */
void diagnoses_read(const struct diagnosis_rules *rules, const char *text, struct arena *arena, const char ***list,
		    size_t *count);

#endif
