/* SPDX-License-Identifier: GPL-3.0-or-later */
/* marks.c: marks over a paragraph's joined text (see marks.h). */
#include "marks.h"

struct mark *mark_add(struct marks *marks, size_t start, size_t end, const char *name, int group)
{
	if (start >= end || marks->n >= MARKS_MAX)
		return NULL;
	for (size_t i = 0; group && i < marks->n; i++)
		if (marks->v[i].group == group && start < marks->v[i].end && marks->v[i].start < end)
			return NULL;
	if (marks->n == marks->cap) {
		marks->cap = marks->cap ? marks->cap * 2 : 16;
		marks->v = xrealloc(marks->v, marks->cap * sizeof *marks->v);
	}
	struct mark *m = &marks->v[marks->n];
	*m = (struct mark){.start = start, .end = end, .name = name, .group = group, .seq = marks->n};
	marks->n++;
	return m;
}

void mark_attr(struct marks *marks, struct mark *mark, const char *name, const char *value, size_t len)
{
	struct attr **at = &mark->attrs;
	while (*at)
		at = &(*at)->next;
	*at = arena_alloc(marks->arena, sizeof **at);
	(*at)->name = name;
	(*at)->value = arena_strndup(marks->arena, value, len);
}
