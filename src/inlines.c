/* SPDX-License-Identifier: GPL-3.0-or-later */
/* inlines.c: the inlines phase (see inlines.h). */
#define _GNU_SOURCE        /* strcasestr */
#include "inlines.h"

#include <ctype.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "citation.h"
#include "fields.h"
#include "marks.h"
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

/* ---- requests --------------------------------------------------------------------------------------------- */

struct inline_rules {
	regex_t frequency, quantity, cpt, service_date;
	struct vocabulary *vocabulary;
	struct request_rules *requests;
};

#define NUMBER "([0-9]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|sixteen|eighteen|twenty)"


struct inline_rules *inline_rules_new(void)
{
	struct inline_rules *r = xcalloc(1, sizeof *r);
	pattern_compile(&r->frequency, "\\b(" NUMBER "( to " NUMBER ")? times (a|per) week (for|x|times|over) " NUMBER "( to "
		NUMBER ")? weeks?|[0-9]{1,2} ?x ?[0-9]{1,2}|[0-9]{1,2} times [0-9]{1,2})\\b");
	pattern_compile(&r->quantity, "(\\b" NUMBER " (sessions|visits|treatments|injections)\\b|#[0-9]+\\b|\\bx ?[0-9]+\\b|"
		"\\btimes [0-9]+\\b|\\([0-9]+( sessions| visits)?\\)|\\b(qty|quantity):? ?[0-9]+\\b)");
	pattern_compile(&r->cpt, "\\b[0-9]{5}\\b");
	pattern_compile(&r->service_date, "\\b(DOS|date of service):? ?$");
	r->vocabulary = vocabulary_load();
	r->requests = request_rules_new();
	return r;
}

void inline_rules_free(struct inline_rules *r)
{
	if (!r)
		return;
	regfree(&r->frequency);
	regfree(&r->quantity);
	regfree(&r->cpt);
	regfree(&r->service_date);
	vocabulary_free(r->vocabulary);
	request_rules_free(r->requests);
	free(r);
}

/* Whether a frequency "3x4" or "3 x 4" can be in text[0, len): a digit followed by "x" or " x" (any case). */
static int digit_then_x(const char *text, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		if (isdigit((unsigned char)text[i]) && (tolower((unsigned char)text[i + 1]) == 'x'
		    || (text[i + 1] == ' ' && i + 2 < len && tolower((unsigned char)text[i + 2]) == 'x')))
			return 1;
	return 0;
}

/* Whether text[0, len) has a digit right after what a quantity with digits needs (any case): "#", "(", "x" or
 * "x " (x 12), "s " (times 12), "y", "y:", "y " or "y: " (qty 12, quantity: 12). */
static int digit_after_quantity(const char *text, size_t len)
{
	for (size_t i = 1; i < len; i++) {
		if (!isdigit((unsigned char)text[i]))
			continue;
		int a = tolower((unsigned char)text[i - 1]), b = i > 1 ? tolower((unsigned char)text[i - 2]) : 0;
		int c = i > 2 ? tolower((unsigned char)text[i - 3]) : 0;
		if (a == '#' || a == '(' || a == 'x' || a == 'y' || (a == ':' && b == 'y')
		    || (a == ' ' && (b == 'x' || b == 's' || b == 'y' || (b == ':' && c == 'y'))))
			return 1;
	}
	return 0;
}

/* Whether text[0, len) has a run of exactly five digits, as a CPT code \b[0-9]{5}\b needs. */
static int five_digits(const char *text, size_t len)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		if (isdigit((unsigned char)text[i])) {
			run++;
		} else {
			if (run == 5)
				return 1;
			run = 0;
		}
	}
	return run == 5;
}

/* Marks every match of re in text[from, to) as name. */
static void mark_matches(const regex_t *re, const char *text, size_t from, size_t to, const char *name,
			 struct marks *marks)
{
	regmatch_t m[1];
	while (from < to) {
		m[0].rm_so = (regoff_t)from;     /* with REG_STARTEND, offsets are from text and the context before */
		m[0].rm_eo = (regoff_t)to;       /* from still counts for \b */
		if (regexec(re, text, 1, m, REG_STARTEND) != 0 || m[0].rm_eo == m[0].rm_so)
			return;
		mark_add(marks, (size_t)m[0].rm_so, (size_t)m[0].rm_eo, name, GROUP_HEADING);
		from = (size_t)m[0].rm_eo;
	}
}

/* Body regions a request names (lower case), longest first where one begins another. */
static const struct word regions[] = {
	WORD("lumbar paraspinals"), WORD("lumbosacral spine"), WORD("upper extremities"), WORD("lower extremities"),
	WORD("sacroiliac joints"), WORD("sacroiliac joint"), WORD("upper extremity"), WORD("lower extremity"),
	WORD("cervical spine"), WORD("thoracic spine"), WORD("lumbar spine"), WORD("hand/finger"), WORD("upper limbs"),
	WORD("lower limbs"), WORD("upper limb"), WORD("lower limb"), WORD("lower legs"), WORD("lower leg"),
	WORD("shoulders"), WORD("low back"), WORD("lower back"), WORD("forearms"), WORD("cervical"), WORD("thoracic"),
	WORD("shoulder"), WORD("fingers"), WORD("forearm"), WORD("lumbar"), WORD("wrists"), WORD("elbows"),
	WORD("ankles"), WORD("finger"), WORD("thumbs"), WORD("pelvis"), WORD("wrist"), WORD("elbow"), WORD("ankle"),
	WORD("thumb"), WORD("knees"), WORD("hands"), WORD("spine"), WORD("back"), WORD("neck"), WORD("knee"),
	WORD("hips"), WORD("hand"), WORD("feet"), WORD("foot"), WORD("head"), WORD("legs"), WORD("arms"), WORD("hip"),
	WORD("leg"), WORD("arm"),
};

/* The length of the first of words (lower case) that s begins with (any case), or 0; where end_alpha, the word
 * must end at a letter of s no more. The first letters are compared before the rest, to skip most words fast. */
static size_t word_at(const char *s, const struct word *words, size_t count, int end_alpha)
{
	int first = tolower((unsigned char)s[0]);
	for (size_t i = 0; i < count; i++) {
		size_t n = words[i].len;
		if (words[i].text[0] == first && strncasecmp(s, words[i].text, n) == 0
		    && (!end_alpha || !isalpha((unsigned char)s[n])))
			return n;
	}
	return 0;
}

/* The length of the region named at s (a whole word, any case), or 0. */
static size_t region_at(const char *s)
{
	return word_at(s, regions, sizeof regions / sizeof regions[0], 1);
}

/* Marks each body region of a request, with its side when "left", "right" or "bilateral" comes before it. */
static void body_regions(const char *text, size_t len, struct marks *marks)
{
	static const struct word sides[] = {WORD("left "), WORD("right "), WORD("bilateral ")};
	for (size_t i = 0; i < len; i++) {
		if (!isalpha((unsigned char)text[i]) || (i > 0 && isalpha((unsigned char)text[i - 1])))
			continue;
		size_t side = word_at(text + i, sides, sizeof sides / sizeof sides[0], 0), n = 0;
		if (side && !(n = region_at(text + i + side)))
			side = 0;
		if (!n)
			n = region_at(text + i);
		if (!n)
			continue;
		struct mark *m = mark_add(marks, i, i + side + n, "bodyRegion", GROUP_HEADING);
		if (m && side) {
			mark_attr(marks, m, "side", text + i, side - 1);
			for (char *c = (char *)m->attrs->value; *c; c++)
				*c = (char)tolower((unsigned char)*c);
		}
		i += side + n - 1;
	}
}

/* After the fixed words at text[from..], blanks skipped: where the next part begins, or 0 when they are not there. */
static size_t after(const char *text, size_t from, const char *words)
{
	const char *at = strstr(text + from, words);
	if (!at)
		return 0;
	size_t p = (size_t)(at - text) + strlen(words);
	while (text[p] == ' ')
		p++;
	return p;
}

/* Marks the original, authorized and remaining parts of a modified request, in its two forms:
 *   X was the original request. Y was authorized by the Claims Administrator. The remaining IMR eligible
 *   portion of the original request, Z[ is]
 *   X was the original request. The Claims Administrator authorized Y, leaving the original request IMR
 *   eligible. The original request, Z[ is] */
static void modified_request(const char *text, size_t len, struct marks *marks)
{
	static const char original[] = " was the original request.";
	const char *o = strstr(text, original);
	if (!o)
		return;
	size_t x_end = (size_t)(o - text), y = after(text, x_end, original), y_end, z;
	const char *a = strstr(text + y, " was authorized by the Claims Administrator.");
	if (a && strncmp(text + y, "The Claims Administrator authorized ", 36) != 0) {
		y_end = (size_t)(a - text);
		z = after(text, y_end, "The remaining IMR eligible portion of the original request, ");
	} else {
		y = after(text, y, "The Claims Administrator authorized ");
		const char *l = y ? strstr(text + y, ", leaving the original request IMR eligible.") : NULL;
		y_end = l ? (size_t)(l - text) : 0;
		z = l ? after(text, y_end, "The original request, ") : 0;
	}
	if (!y || !z || y_end <= y || z >= len)
		return;
	size_t z_end = len;
	if (z_end - z > 3 && strcmp(text + z_end - 3, " is") == 0)
		z_end -= 3;
	mark_add(marks, 0, x_end, "original", GROUP_REQUEST_PART);
	mark_add(marks, y, y_end, "authorized", GROUP_REQUEST_PART);
	mark_add(marks, z, z_end, "remaining", GROUP_REQUEST_PART);
}

/* Marks the parts of a request: the portions of a modified request, then quantities, frequencies, body regions,
 * CPT codes and dates of service. */
static void request_marks(const struct inline_rules *r, const char *text, size_t len, struct marks *marks)
{
	modified_request(text, len, marks);
	/* the patterns are slow: each runs only where a match can be. A frequency: "times" (any case) or a digit then
	 * "x". A quantity: one of its words, or a digit after "#", "x", ... A CPT code: five digits in a row. */
	if (strcasestr(text, "times") || digit_then_x(text, len))
		mark_matches(&r->frequency, text, 0, len, "frequency", marks);
	if (digit_after_quantity(text, len) || strcasestr(text, "session") || strcasestr(text, "visit")
	    || strcasestr(text, "treatment") || strcasestr(text, "injection"))
		mark_matches(&r->quantity, text, 0, len, "quantity", marks);
	body_regions(text, len, marks);
	if (five_digits(text, len))
		mark_matches(&r->cpt, text, 0, len, "cpt", marks);
	/* a date right after "DOS" is a date of service: the mark wraps both */
	size_t dates = marks->n;
	for (size_t i = 0; i < dates; i++) {
		const struct mark *d = &marks->v[i];
		if (strcmp(d->name, "date") != 0)
			continue;
		regmatch_t dos[1] = {{(regoff_t)(d->start > 24 ? d->start - 24 : 0), (regoff_t)d->start}};
		if (regexec(&r->service_date, text, 1, dos, REG_STARTEND) == 0) {
			size_t start = (size_t)dos[0].rm_so, end = d->end;
			mark_add(marks, start, end, "serviceDate", GROUP_HEADING);
		}
	}
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
	const struct inline_rules *rules;
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
		request_marks(ph->rules, j->text.data, j->text.len, &ph->marks);
		request_classify(ph->rules->requests, para, j->text.data, j->text.len, &ph->marks, ph->arena);
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

void inlines_parse(struct node *letter, const struct inline_rules *rules, int reference_year, struct arena *arena)
{
	struct phase ph = {.rules = rules, .reference_year = reference_year, .arena = arena};
	ph.marks.arena = arena;
	visit(&ph, letter);
	buffer_free(&ph.joined.text);
	free(ph.joined.lines);
	free(ph.joined.starts);
	free(ph.marks.v);
}
