/* inlines.h: the inlines phase. Runs after the parse over the text of every paragraph, request and guideline,
 * and replaces each one's LINE children by TEXT and MARK nodes: dates everywhere, citations in guidelines, the
 * parts of a request (original, authorized and remaining portions, quantity, frequency, body region, CPT code,
 * date of service) in requests. The text itself is kept as written: marks only wrap it. */
#ifndef IMRC_INLINES_H
#define IMRC_INLINES_H

#include <stddef.h>

#include "ast.h"

/* Marks of one nonzero group never overlap each other. */
enum mark_group { GROUP_NONE, GROUP_REQUEST_PART, GROUP_HEADING, GROUP_CITATION };

/* A mark over [start, end) of a paragraph's joined text (lines joined by single spaces). */
struct mark {
	size_t start, end;
	const char *name;          /* the XML element name */
	struct attr *attrs;
	int group;                 /* marks of one nonzero group never overlap each other */
	size_t seq;                /* order of addition, to keep the sort stable */
};

struct marks {
	struct mark *v;
	size_t n, cap;
	struct arena *arena;
};

/* At most this many marks a paragraph: the checks of overlap cost the square of the count, and no real letter
 * comes near it (a pathological paragraph keeps its text, unmarked past the limit). */
#define MARKS_MAX 2048

/* Adds a mark; returns NULL (and adds nothing) when it is empty, overlaps a mark of the same nonzero group, or
 * the paragraph has MARKS_MAX marks already. */
struct mark *mark_add(struct marks *marks, size_t start, size_t end, const char *name, int group);
/* Sets an attribute of a mark; value is copied (len bytes) into the arena. */
void mark_attr(struct marks *marks, struct mark *mark, const char *name, const char *value, size_t len);

/* Rules compiled once per process: the heading patterns and the citation vocabulary. */
struct inline_rules;
struct inline_rules *inline_rules_new(void);
void inline_rules_free(struct inline_rules *rules);

/* Runs the phase over the letter. reference_year resolves two-digit years: the latest year not after it. */
void inlines_parse(struct node *letter, const struct inline_rules *rules, int reference_year, struct arena *arena);

#endif
