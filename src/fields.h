/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fields.h: the fields records systems index (SPEC section 4), read off a letter's tree. */
#ifndef IMRC_FIELDS_H
#define IMRC_FIELDS_H

#include "ast.h"
#include "diag.h"
#include "input.h"

struct licensure {
	const char *name;          /* as written */
	const char *state;         /* USPS code, or NULL when the name is not a US state */
};

struct fields {
	const char *case_number;   /* NULL when the letter has no case header */
	char assigned[11], decided[11], ur_denied[11], received[11], injured[11]; /* xs:date or "" */
	const char *priority;      /* "standard", "expedited" or NULL */
	const char **specialties;
	size_t specialty_count;
	const char **subspecialties;
	size_t subspecialty_count;
	int age;                   /* -1 when the letter does not say */
	const char *sex;           /* "male", "female" or NULL */
	struct licensure *licensures;
	size_t licensure_count;
	const char **diagnoses;    /* as the summary states them (SPEC section 7), in its order */
	size_t diagnosis_count;
};

/* Patterns compiled once per process. */
struct field_rules;
struct field_rules *field_rules_new(void);
void field_rules_free(struct field_rules *rules);

/* Fills *out with what the case header and the credentials block say; strings live in arena. Warns in d about
 * values it cannot use. Runs before the inlines phase (the decision date resolves two-digit years). */
void fields_header(const struct node *letter, const struct text *text, struct arena *arena,
		   struct fields *out, struct diagnostics *d);

/* Adds what the running text says, after the inlines phase: the credential sentence of 2014 letters, the
 * patient's age, sex, diagnoses and (without a header) date of injury, and each rationale's conclusion (an attribute of
 * the RATIONALE node; a warning when it contradicts the item's decision). */
void fields_body(struct node *letter, const struct field_rules *rules, const struct text *text,
		 struct arena *arena, struct fields *out, struct diagnostics *d);

/* Whether the date exists, in the years a letter can speak of (1900 to 2099: xs:date has no year 0). */
int date_is_real(int year, int month, int day);

#endif
