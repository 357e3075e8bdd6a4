/* SPDX-License-Identifier: GPL-3.0-or-later */
/* inlines.c: the inlines phase (see inlines.h). */
#include "inlines.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "citation.h"
#include "fields.h"
#include "marks.h"
#include "request_marks.h"
#include "requests.h"

/* ---- dates ------------------------------------------------------------------------------------------------ */

/* A fixed word and its length. */
struct word {
	const char *text;
	size_t len;
};

#define WORD(s) {s, sizeof s - 1}

static const struct word month_names[] = {
	WORD("January"), WORD("February"), WORD("March"), WORD("April"), WORD("May"), WORD("June"), WORD("July"),
	WORD("August"), WORD("September"), WORD("October"), WORD("November"), WORD("December"),
};

/* Reads 1 to max digits at s[*i]; returns the value, or -1 when there is no digit. */
static int digits(const char *s, size_t len, size_t *i, int max, int *count)
{
	int v = 0, n = 0;
	while (*i < len && n < max && isdigit((unsigned char)s[*i])) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	*count = n;
	return n ? v : -1;
}

/* Marks [start, end) as a date of value YYYY-MM-DD; the date is real (date_is_real), so each part fits. */
static void add_date(struct marks *marks, size_t start, size_t end, int year, int month, int day)
{
	char iso[10] = {
		(char)('0' + year / 1000), (char)('0' + year / 100 % 10), (char)('0' + year / 10 % 10),
		(char)('0' + year % 10), '-', (char)('0' + month / 10), (char)('0' + month % 10), '-',
		(char)('0' + day / 10), (char)('0' + day % 10),
	};
	struct mark *m = mark_add(marks, start, end, "date", 0);
	if (m)
		mark_attr(marks, m, "value", iso, 10);
}

/* Marks [start, end) as a date of a month (YYYY-MM, an xs:gYearMonth) or, when month is 0, of a year (YYYY, an
 * xs:gYear); year has four digits. */
static void add_partial_date(struct marks *marks, size_t start, size_t end, int year, int month)
{
	char value[8];
	int n = month ? snprintf(value, sizeof value, "%04d-%02d", year, month) : snprintf(value, sizeof value, "%04d", year);
	struct mark *m = mark_add(marks, start, end, "date", 0);
	if (m)
		mark_attr(marks, m, "value", value, (size_t)n);
}

/* A year of four digits (1900 to 2099) at s[i] that no digit, nor "/" or "-" and a digit, follows: its value, or
 * -1. */
static int whole_year(const char *s, size_t len, size_t i)
{
	int n, year = digits(s, len, &i, 4, &n);
	if (n != 4 || year < 1900 || year > 2099 || (i < len && isdigit((unsigned char)s[i])))
		return -1;
	if (i + 1 < len && (s[i] == '/' || s[i] == '-') && isdigit((unsigned char)s[i + 1]))
		return -1;
	return year;
}

/* A numeric date at s[start]: M/D/YY, MM/DD/YYYY, M-D-YY, ... (one separator throughout). Returns its end or 0. */
static size_t numeric_date(const char *s, size_t len, size_t start, int reference_year, struct marks *marks)
{
	size_t i = start;
	int n1, n2, n3;
	int month = digits(s, len, &i, 2, &n1);
	if (month < 0 || i >= len || (s[i] != '/' && s[i] != '-'))
		return 0;
	char sep = s[i++];
	int day = digits(s, len, &i, 2, &n2);
	if (day < 0 || i >= len || s[i] != sep)
		return 0;
	i++;
	int year = digits(s, len, &i, 4, &n3);
	if (year < 0 || (n3 != 2 && n3 != 4))
		return 0;
	/* not a date when more digits, or the separator and a digit, follow (1/2/3/4); 1/2/2016-3/4/2016 is two */
	if (i < len && (isdigit((unsigned char)s[i]) || (s[i] == sep && i + 1 < len && isdigit((unsigned char)s[i + 1]))))
		return 0;
	if (n3 == 2) {
		int century = reference_year - reference_year % 100;
		year += century;
		if (year > reference_year)
			year -= 100;
	}
	if (!date_is_real(year, month, day))
		return 0;
	add_date(marks, start, i, year, month, day);
	return i;
}

/* A written date at s[start]: "October 6, 2010", "February 19th 2014", or a month: "October 2016", "October,
 * 2016". Returns its end or 0. */
static size_t written_date(const char *s, size_t len, size_t start, struct marks *marks)
{
	for (int m = 0; m < 12; m++) {
		size_t n = month_names[m].len;
		if (s[start] != month_names[m].text[0] || start + n >= len || s[start + 1] != month_names[m].text[1]
		    || strncmp(s + start, month_names[m].text, n) != 0 || (s[start + n] != ' ' && s[start + n] != ','))
			continue;
		size_t i = start + n + 1, y = i;
		int nd, ny, month_year;
		if (s[start + n] == ',' && start + n + 1 < len && s[start + n + 1] == ' ')
			y = start + n + 2;           /* "October, 2016" */
		if ((month_year = whole_year(s, len, y)) >= 0) {
			add_partial_date(marks, start, y + 4, month_year, m + 1);
			return y + 4;
		}
		int day = digits(s, len, &i, 2, &nd);
		if (day < 0)
			return 0;
		if (i + 1 < len && (!strncmp(s + i, "st", 2) || !strncmp(s + i, "nd", 2) || !strncmp(s + i, "rd", 2)
				    || !strncmp(s + i, "th", 2)))
			i += 2;
		if (i < len && s[i] == ',')
			i++;
		if (i >= len || s[i] != ' ')
			return 0;
		i++;
		int year = digits(s, len, &i, 4, &ny);
		if (ny != 4 || (i < len && isdigit((unsigned char)s[i])) || !date_is_real(year, m + 1, day))
			return 0;
		add_date(marks, start, i, year, m + 1, day);
		return i;
	}
	return 0;
}

/* Finds the real dates in text (NUL-terminated at len) and marks each as "date" with a value attribute
 * (xs:date). */
static void find_dates(const char *text, size_t len, int reference_year, struct marks *marks)
{
	static const char stops[256] = {       /* a date begins with a digit or a month's capital; NUL ends the text */
		['\0'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
		['8'] = 1, ['9'] = 1, ['J'] = 1, ['F'] = 1, ['M'] = 1, ['A'] = 1, ['S'] = 1, ['O'] = 1, ['N'] = 1,
		['D'] = 1,
	};
	size_t last_end = SIZE_MAX;            /* where the last date ended */
	for (size_t i = 0; i < len;) {
		while (!stops[(unsigned char)text[i]])
			i++;
		if (i >= len)
			break;
		int word_start = i == 0 || !isalnum((unsigned char)text[i - 1]);
		/* a number right after a separator is part of something else (1/2/3/4), unless a date ended just
		 * before a hyphen: the second date of a range (10/13/2016-11/14/2016) */
		int after_separator = i > 0 && (text[i - 1] == '/' || text[i - 1] == '-' || text[i - 1] == '.')
				      && !(text[i - 1] == '-' && last_end == i - 1);
		size_t end = 0;
		int year;
		if (word_start && !after_separator && isdigit((unsigned char)text[i]))
			end = numeric_date(text, len, i, reference_year, marks);
		if (!end && i >= 3 && strncasecmp(text + i - 3, "in ", 3) == 0 && (i == 3 || !isalnum((unsigned char)text[i - 4]))
		    && (year = whole_year(text, len, i)) >= 0) {
			add_partial_date(marks, i, i + 4, year, 0);        /* "in 2011" */
			end = i + 4;
		}
		else if (word_start && isupper((unsigned char)text[i]))
			end = written_date(text, len, i, marks);
		if (end) {
			i = last_end = end;
			continue;
		}
		/* skip the rest of this word or number */
		if (isalnum((unsigned char)text[i]))
			while (i < len && isalnum((unsigned char)text[i]))
				i++;
		else
			i++;
	}
}

/* ---- rules ------------------------------------------------------------------------------------------------ */

struct inline_rules {
	struct vocabulary *vocabulary;
	struct request_rules *requests;
	struct request_scanner *request_scanner;   /* working memory, reused from one request to the next */
	struct request_scratch *request_scratch;
};

struct inline_rules *inline_rules_new(void)
{
	struct inline_rules *r = xcalloc(1, sizeof *r);
	r->vocabulary = vocabulary_load();
	r->requests = request_rules_new();
	r->request_scanner = request_scanner_new();
	r->request_scratch = request_scratch_new();
	return r;
}

void inline_rules_free(struct inline_rules *r)
{
	if (!r)
		return;
	vocabulary_free(r->vocabulary);
	request_rules_free(r->requests);
	request_scanner_free(r->request_scanner);
	request_scratch_free(r->request_scratch);
	free(r);
}

/* ---- the phase -------------------------------------------------------------------------------------------- */

/* A paragraph's lines joined by single spaces, with where each line starts in the joined text. */
struct joined {
	struct buffer text;
	const struct node **lines;
	size_t *starts;
	size_t count, cap;         /* lines and starts have room for cap lines */
};

static void join(struct joined *j, const struct node *para)
{
	size_t n = 0;
	for (const struct node *l = para->first; l; l = l->next)
		n++;
	buffer_clear(&j->text);
	if ((n ? n : 1) > j->cap) {        /* grown only: the paragraphs of a letter share them */
		j->cap = n ? n : 1;
		j->lines = xrealloc(j->lines, j->cap * sizeof *j->lines);
		j->starts = xrealloc(j->starts, j->cap * sizeof *j->starts);
	}
	j->count = 0;
	for (const struct node *l = para->first; l; l = l->next) {
		if (j->count)
			buffer_addc(&j->text, ' ');
		j->lines[j->count] = l;
		j->starts[j->count++] = j->text.len;
		buffer_add(&j->text, l->text, l->text_len);
	}
	if (!j->text.data)
		buffer_add(&j->text, "", 0);
}

/* Where offset i of the joined text is in the normalised text (the joining blank maps to the line's end). */
static size_t normalised(const struct joined *j, size_t i)
{
	size_t k = last_at_most(j->starts, j->count, i);
	const struct node *line = j->lines[k];
	size_t off = i - j->starts[k];
	return line->span.start + (off < line->text_len ? off : line->text_len);
}

static int mark_order(const void *a, const void *b)
{
	const struct mark *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;      /* the wider mark contains the narrower */
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* State of rebuilding one paragraph's children from its joined text and sorted marks. */
struct rebuild {
	const struct joined *j;
	const struct marks *marks;
	size_t next;               /* the next mark to place */
	struct arena *arena;
};

static void add_text(struct rebuild *r, struct node *parent, size_t from, size_t to)
{
	if (from >= to)
		return;
	struct span span = {normalised(r->j, from), normalised(r->j, to - 1) + 1};
	node_append(parent, node_new(r->arena, NODE_TEXT, span, r->j->text.data + from, to - from));
}

/* Fills parent with TEXT and MARK nodes for [from, to); marks that cross a boundary are dropped. */
static void fill(struct rebuild *r, struct node *parent, size_t from, size_t to)
{
	size_t pos = from;
	while (r->next < r->marks->n && r->marks->v[r->next].start < to) {
		const struct mark *m = &r->marks->v[r->next++];
		if (m->start < pos || m->end > to)
			continue;
		add_text(r, parent, pos, m->start);
		struct span span = {normalised(r->j, m->start), normalised(r->j, m->end - 1) + 1};
		struct node *n = node_new(r->arena, NODE_MARK, span, NULL, 0);
		n->name = m->name;
		n->attrs = m->attrs;
		node_append(parent, n);
		if (strcmp(m->name, "date") == 0) {     /* a date holds only its text: marks inside it are dropped */
			add_text(r, n, m->start, m->end);
			while (r->next < r->marks->n && r->marks->v[r->next].start < m->end)
				r->next++;
		} else {
			fill(r, n, m->start, m->end);
		}
		pos = m->end;
	}
	add_text(r, parent, pos, to);
}

/* Shared by every paragraph of one letter. */
struct phase {
	struct inline_rules *rules;
	int reference_year;
	struct arena *arena;
	struct joined joined;
	struct marks marks;
};

/* Replaces the LINE children of para by its inline nodes. */
static void paragraph(struct phase *ph, struct node *para)
{
	struct joined *j = &ph->joined;
	join(j, para);
	ph->marks.n = 0;
	find_dates(j->text.data, j->text.len, ph->reference_year, &ph->marks);
	if (para->kind == NODE_REQUEST) {
		request_marks(ph->rules->request_scanner, para, j->text.data, j->text.len, &ph->marks);
		request_classify(ph->rules->requests, ph->rules->request_scratch, para, j->text.data, j->text.len,
				 &ph->marks, ph->arena);
	}
	if (para->parent->kind == NODE_GUIDELINE) {
		const char *basis = find_citations(j->text.data, j->text.len, ph->rules->vocabulary, &ph->marks);
		if (basis)
			node_set_attr(ph->arena, para->parent, "basis", basis);
	} else if (para->parent->kind == NODE_RATIONALE) {
		find_references(j->text.data, j->text.len, ph->rules->vocabulary, &ph->marks);
	}
	if (ph->marks.n)
		qsort(ph->marks.v, ph->marks.n, sizeof *ph->marks.v, mark_order);
	para->first = para->last = NULL;
	struct rebuild r = {j, &ph->marks, 0, ph->arena};
	fill(&r, para, 0, j->text.len);
}

/* Visits every paragraph and request below n (the tree is at most five levels deep). */
static void visit(struct phase *ph, struct node *n)
{
	for (struct node *c = n->first; c; c = c->next) {
		if ((c->kind == NODE_PARAGRAPH && n->kind != NODE_FIELD) || c->kind == NODE_REQUEST)
			paragraph(ph, c);
		else if (c->first)
			visit(ph, c);
	}
}

void inlines_parse(struct node *letter, struct inline_rules *rules, int reference_year, struct arena *arena)
{
	struct phase ph = {.rules = rules, .reference_year = reference_year, .arena = arena};
	ph.marks.arena = arena;
	visit(&ph, letter);
	buffer_free(&ph.joined.text);
	free(ph.joined.lines);
	free(ph.joined.starts);
	free(ph.marks.v);
}
