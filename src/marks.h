/* SPDX-License-Identifier: GPL-3.0-or-later */
/* marks.h: marks over a paragraph's joined text (lines joined by single spaces): the inline markup that the
 * inlines phase (inlines.c), the request markup (request_marks.c) and the citation scanner (citation.c) add, and
 * that the phase turns into MARK nodes. A module of its own, so that the scanners that add marks and the phase
 * that places them know only this. */
#ifndef IMRC_MARKS_H
#define IMRC_MARKS_H

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

#endif
