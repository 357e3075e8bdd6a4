/* SPDX-License-Identifier: GPL-3.0-or-later */
/* request_marks.c: the markup of a request heading (see request_marks.h), from the tokens of grammar/request.l. */
#include "request_marks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numbers.lex.h"
#include "request.lex.h"

/* One token of the scanner over [start, end) of the request's text. */
struct token {
	enum request_token kind;
	size_t start, end;
};

struct tokens {
	struct token *v;
	size_t n;
};

struct request_scanner {
	yyscan_t numbers, scanner;         /* grammar/numbers.l's, grammar/request.l's */
	struct request_scan pos;   /* the scanner's extra: the current token's span */
	char *copy;                /* the text being scanned, its newline and flex's two NULs */
	size_t copy_cap;
	struct tokens tokens;
	size_t tokens_cap;
};

struct request_scanner *request_scanner_new(void)
{
	struct request_scanner *s = xcalloc(1, sizeof *s);
	if (numbers_lex_init_extra(&s->pos, &s->numbers) != 0 || request_lex_init_extra(&s->pos, &s->scanner) != 0) {
		fputs("imrc: out of memory\n", stderr);
		exit(4);
	}
	return s;
}

void request_scanner_free(struct request_scanner *s)
{
	if (!s)
		return;
	numbers_lex_destroy(s->numbers);
	request_lex_destroy(s->scanner);
	free(s->copy);
	free(s->tokens.v);
	free(s);
}

/* Scans text[0, len) (followed by a newline, as grammar/request.l wants) into s->tokens, in two passes: the
 * first (grammar/numbers.l) finds the number words, which the second (grammar/request.l) sees as \001 bytes. */
static void scan(struct request_scanner *s, const char *text, size_t len)
{
	if (s->copy_cap < len + 3) {
		free(s->copy);
		s->copy = xmalloc(s->copy_cap = len + 3);
	}
	if (s->tokens_cap < len + 1) {              /* a token holds one byte at least */
		free(s->tokens.v);
		s->tokens.v = xmalloc((s->tokens_cap = len + 1) * sizeof *s->tokens.v);
	}
	char *copy = s->copy;
	memcpy(copy, text, len);
	copy[len] = '\n';
	copy[len + 1] = copy[len + 2] = '\0';
	s->pos = (struct request_scan){0, 0};
	YY_BUFFER_STATE words = numbers__scan_buffer(copy, len + 3, s->numbers);
	while (numbers_lex(s->numbers))
		memset(copy + s->pos.start, '\001', s->pos.end - s->pos.start);
	numbers__delete_buffer(words, s->numbers);
	copy[len] = '\n';                 /* the scanner's end-of-buffer byte back as it was */
	copy[len + 1] = copy[len + 2] = '\0';
	s->pos = (struct request_scan){0, 0};
	YY_BUFFER_STATE buffer = request__scan_buffer(copy, len + 3, s->scanner);
	request_begin(s->scanner);
	struct tokens *t = &s->tokens;
	t->n = 0;
	int kind;
	while ((kind = request_lex(s->scanner)) != REQ_END)
		if (s->pos.start < len)
			t->v[t->n++] = (struct token){(enum request_token)kind, s->pos.start, s->pos.end};
	request__delete_buffer(buffer, s->scanner);
}

/* The index of the first token of kind at or after from, or t->n. */
static size_t find(const struct tokens *t, size_t from, enum request_token kind)
{
	while (from < t->n && t->v[from].kind != kind)
		from++;
	return from;
}

/* The index of the first token at or after from that is not a join (a blank), or t->n. */
static size_t skip_join(const struct tokens *t, size_t from)
{
	while (from < t->n && t->v[from].kind == REQ_JOIN)
		from++;
	return from;
}

/* Marks the original, authorized and remaining parts of a modified request, in its two forms:
 *   X was the original request. Y was authorized by the Claims Administrator. The remaining IMR eligible
 *   portion of the original request, Z[ is]              Z is the part decided: remaining, reviewed
 *   X was the original request. The Claims Administrator authorized Y, leaving the original request IMR
 *   eligible. The original request, Z[ is]               Z is the original, decided: original, reviewed
 * Returns the part decided, or NULL when the request is not modified. */
static struct mark *modified_request(const struct tokens *t, struct marks *marks)
{
	size_t o = find(t, 0, REQ_ORIGINAL_END), y = skip_join(t, o + 1);
	if (o >= t->n || y >= t->n)
		return NULL;
	size_t y_start, y_end, z;
	const char *decided = "remaining";
	if (t->v[y].kind == REQ_CA_AUTHORIZED) {
		size_t l = find(t, y + 1, REQ_LEAVING);
		y_start = t->v[y].end;
		z = find(t, l, REQ_ORIGINAL_START);
		y_end = l < t->n ? t->v[l].start : 0;
		decided = "original";
	} else {
		size_t a = find(t, y, REQ_AUTHORIZED_END);
		y_start = t->v[y].start;
		z = find(t, a, REQ_REMAINING_START);
		y_end = a < t->n ? t->v[a].start : 0;
	}
	if (z >= t->n || y_end <= y_start || z + 1 >= t->n)
		return NULL;
	size_t z_start = t->v[z].end, z_end = t->v[t->n - 1].end;
	if (t->v[t->n - 1].kind == REQ_IS_END)
		z_end = t->v[t->n - 1].start;
	if (z_end <= z_start)
		return NULL;
	mark_add(marks, 0, t->v[o].start, "original", GROUP_REQUEST_PART);
	mark_add(marks, y_start, y_end, "authorized", GROUP_REQUEST_PART);
	struct mark *m = mark_add(marks, z_start, z_end, decided, GROUP_REQUEST_PART);
	if (m)
		mark_attr(marks, m, "reviewed", "true", 4);
	return m;
}

/* The side a token names ("left", "right", "bilateral"), or NULL. */
static const char *side_of(enum request_token kind)
{
	switch (kind) {
	case REQ_LEFT: case REQ_REGION_LEFT: return "left";
	case REQ_RIGHT: case REQ_REGION_RIGHT: return "right";
	case REQ_BILATERAL: case REQ_REGION_BILATERAL: return "bilateral";
	default: return NULL;
	}
}

/* Marks [start, end) as a body region, with its side when side is not NULL; returns the mark's index, or
 * SIZE_MAX when it was not added. */
static size_t region(struct marks *marks, size_t start, size_t end, const char *side)
{
	struct mark *m = mark_add(marks, start, end, "bodyRegion", GROUP_HEADING);
	if (!m)
		return (size_t)-1;
	if (side)
		mark_attr(marks, m, "side", side, strlen(side));
	return (size_t)(m - marks->v);
}

/* Whether token i is a join of blanks only (a side after its region is one blank away). */
static int blank_join(const char *text, const struct tokens *t, size_t i)
{
	if (i >= t->n || t->v[i].kind != REQ_JOIN)
		return 0;
	for (size_t k = t->v[i].start; k < t->v[i].end; k++)
		if (text[k] != ' ')
			return 0;
	return 1;
}

/* Marks body regions and spinal levels with their sides. A side names the region (or level) it comes before
 * ("left knee", "Right L5-S1": a bodyRegion of side right around the level), or the region it comes right after
 * when none follows it ("cervical spine bilateral"); said of a paired region or a level, it carries through a
 * list of them ("left shoulder, wrist and hip": all three left) until anything but a join comes between. A
 * region word inside a device's name ("knee scooter") is no region. */
static void regions(const char *text, const struct tokens *t, struct marks *marks)
{
	const char *carried = NULL;        /* the side a list carries */
	size_t sideless = (size_t)-1;      /* the index of the token of the last region marked without a side */
	size_t sideless_mark = 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct token *k = &t->v[i];
		const char *side = side_of(k->kind);
		enum request_token kind = k->kind;
		if (kind == REQ_JOIN)
			continue;
		if (kind == REQ_LEFT || kind == REQ_RIGHT || kind == REQ_BILATERAL) {
			size_t r = i + 1;
			if (blank_join(text, t, r))
				r++;
			enum request_token next = r < t->n ? t->v[r].kind : REQ_END;
			if (next == REQ_PAIRED || next == REQ_MIDLINE || next == REQ_LEVEL || next == REQ_LEVEL1) {
				region(marks, k->start, t->v[r].end, side);
				if (next == REQ_LEVEL || next == REQ_LEVEL1)
					mark_add(marks, t->v[r].start, t->v[r].end, "level", GROUP_NONE);
				carried = next == REQ_MIDLINE ? NULL : side;
				sideless = (size_t)-1;
				i = r;
				continue;
			}
			if (sideless + 2 == i && blank_join(text, t, i - 1)) {
				struct mark *m = &marks->v[sideless_mark];    /* "cervical spine bilateral" */
				m->end = k->end;
				mark_attr(marks, m, "side", side, strlen(side));
				carried = t->v[sideless].kind == REQ_PAIRED ? side : NULL;
			} else {
				carried = NULL;
			}
			sideless = (size_t)-1;
			continue;
		}
		int joined = i > 0 && t->v[i - 1].kind == REQ_JOIN;
		if (kind == REQ_PAIRED || kind == REQ_MIDLINE) {
			const char *s = kind == REQ_PAIRED && joined ? carried : NULL;
			size_t m = region(marks, k->start, k->end, s);
			sideless = s || m == (size_t)-1 ? (size_t)-1 : i;
			sideless_mark = m;
			carried = s;
		} else if (side) {             /* "RUE" */
			region(marks, k->start, k->end, side);
			carried = side;
			sideless = (size_t)-1;
		} else if ((kind == REQ_LEVEL || kind == REQ_LEVEL1) && carried && joined) {
			region(marks, k->start, k->end, carried);
			mark_add(marks, k->start, k->end, "level", GROUP_NONE);
			sideless = (size_t)-1;
		} else {
			if (kind == REQ_LEVEL)
				mark_add(marks, k->start, k->end, "level", GROUP_NONE);
			carried = NULL;
			sideless = (size_t)-1;
		}
	}
}

/* The date mark that begins at start, or NULL. */
static const struct mark *date_at(const struct marks *marks, size_t dates, size_t start)
{
	for (size_t i = 0; i < dates; i++)
		if (marks->v[i].start == start && strcmp(marks->v[i].name, "date") == 0)
			return &marks->v[i];
	return NULL;
}

/* The total in parentheses at the end of a frequency ("two times four visits (8)": "8"), into total. */
static void frequency_total(const char *text, const struct token *k, struct marks *marks)
{
	size_t open = k->end;
	while (open > k->start && text[open - 1] != '(')
		open--;
	size_t n = 0;
	while (text[open + n] >= '0' && text[open + n] <= '9')
		n++;
	struct mark *m = mark_add(marks, k->start, k->end, "frequency", GROUP_HEADING);
	if (m && n)
		mark_attr(marks, m, "total", text + open, n);
}

void request_marks(struct request_scanner *s, struct node *request, const char *text, size_t len,
		   struct marks *marks)
{
	size_t dates = marks->n;           /* the marks so far are the dates */
	int retrospective = 0;
	scan(s, text, len);
	const struct tokens *t = &s->tokens;
	modified_request(t, marks);
	regions(text, t, marks);
	for (size_t i = 0; i < t->n; i++) {
		const struct token *k = &t->v[i];
		const struct mark *d;
		switch (k->kind) {
		case REQ_FREQUENCY:
			mark_add(marks, k->start, k->end, "frequency", GROUP_HEADING);
			break;
		case REQ_FREQUENCY_TOTAL:
			frequency_total(text, k, marks);
			break;
		case REQ_QUANTITY:
			mark_add(marks, k->start, k->end, "quantity", GROUP_HEADING);
			break;
		case REQ_STRENGTH:
			mark_add(marks, k->start, k->end, "strength", GROUP_HEADING);
			break;
		case REQ_CPT:
			mark_add(marks, k->start, k->end, "cpt", GROUP_HEADING);
			break;
		case REQ_RETROSPECTIVE:
			retrospective = 1;
			break;
		case REQ_DOS:          /* "DOS: 11/11/2016": the mark wraps both */
			if ((d = date_at(marks, dates, k->end)) != NULL) {
				retrospective |= mark_add(marks, k->start, d->end, "serviceDate", GROUP_HEADING) != NULL;
			}
			break;
		case REQ_PER:          /* "per 12/07/2016 order": the date and "order" */
			if ((d = date_at(marks, dates, k->end)) != NULL) {
				size_t o = i + 1;
				while (o < t->n && t->v[o].start < d->end)
					o++;
				if (blank_join(text, t, o) && o + 1 < t->n && t->v[o + 1].kind == REQ_ORDER)
					retrospective |= mark_add(marks, d->start, t->v[o + 1].end, "serviceDate",
								  GROUP_HEADING) != NULL;
			}
			break;
		default:
			break;
		}
	}
	if (retrospective)
		node_set_attr(marks->arena, request, "retrospective", "true");
	/* the drugs of the request and its category are added here, by their own module */
}
