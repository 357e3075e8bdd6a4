/* citation.c: the scanner of a guideline's text, a small grammar of its own:
 *
 *   guideline = [opening] { block }
 *   opening   = "The Claims Administrator did not cite any medical evidence for its decision."      basis no-evidence
 *             | "... based their decision on recommendation(s) outside of the MTUS Guidelines."    basis outside-mtus
 *             | "... did not base their decision on the MTUS."                                     basis not-mtus
 *   block     = "Decision based on MTUS" ref { ("," | ", and") ref } ["."]
 *             | "Decision based on Non-MTUS Citation" free-text          (up to the next block; "NonMTUS" too)
 *   ref       = ["ACOEM"] ["Chapter" N] TITLE [YEAR] [topic] ["," "Section(s):" section { "," section }]
 *               [","] ["Page(s):" PAGES ["of" N]]
 *
 * TITLE comes from grammar/citations.vocab (longest first), or else runs to the year or the next punctuation.
 * A section runs to the next comma outside parentheses, unless the vocabulary knows a longer name; a numbered
 * section ("3.3.1.1 Opioids for Chronic Pain ...: Screening ...") runs to the next numbered one. Every ref of a
 * MTUS block is cited as part of the MTUS: source MTUS, even an ACOEM chapter. Free text names its family:
 * ODG, ACOEM, MTUS or other, whichever it names first; "(page 114)" and "pg. 64" in it are its pages. */
#define _GNU_SOURCE        /* memmem */
#include "citation.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

extern const char imrc_vocab_start[], imrc_vocab_end[];

struct name {
	const char *text;
	size_t len;
};

struct vocabulary {
	struct name *titles, *sections;
	size_t title_count, section_count;
	struct vocab file;
};

static int longer_first(const void *a, const void *b)
{
	const struct name *x = a, *y = b;
	return (x->len < y->len) - (x->len > y->len);
}

struct vocabulary *vocabulary_load(void)
{
	struct vocabulary *v = xcalloc(1, sizeof *v);
	vocab_parse(&v->file, imrc_vocab_start, imrc_vocab_end);
	v->titles = xcalloc(v->file.count + 1, sizeof *v->titles);
	v->sections = xcalloc(v->file.count + 1, sizeof *v->sections);
	for (size_t i = 0; i < v->file.count; i++) {
		const struct vocab_entry *e = &v->file.entries[i];
		struct name n = {e->text, e->len};
		if (strcmp(e->kind, "title") == 0)
			v->titles[v->title_count++] = n;
		else if (strcmp(e->kind, "section") == 0)
			v->sections[v->section_count++] = n;
	}
	qsort(v->titles, v->title_count, sizeof *v->titles, longer_first);
	qsort(v->sections, v->section_count, sizeof *v->sections, longer_first);
	return v;
}

void vocabulary_free(struct vocabulary *v)
{
	if (!v)
		return;
	free(v->titles);
	free(v->sections);
	vocab_free(&v->file);
	free(v);
}

/* The text being scanned. */
struct scan {
	const char *s;
	size_t len;
	struct marks *marks;
	const struct vocabulary *vocab;
};

/* Whether s[p..] starts with word (case-insensitively, not empty), ending at a word boundary. The first letters
 * are compared first, to leave most places fast. */
static int at(const struct scan *sc, size_t p, const char *word)
{
	if (p >= sc->len || tolower((unsigned char)sc->s[p]) != tolower((unsigned char)word[0]))
		return 0;
	size_t n = strlen(word);
	return p + n <= sc->len && strncasecmp(sc->s + p, word, n) == 0
	       && (p + n == sc->len || !isalnum((unsigned char)sc->s[p + n]) || !isalnum((unsigned char)word[n - 1]));
}

/* The length of the longest name of list at s[p..], or 0. A name's first letter is compared first, to skip most
 * names fast (the names are not empty). */
static size_t longest(const struct scan *sc, size_t p, const struct name *list, size_t count)
{
	int first = p < sc->len ? tolower((unsigned char)sc->s[p]) : -1;
	for (size_t i = 0; i < count; i++) {       /* sorted longest first */
		size_t n = list[i].len;
		if (p + n <= sc->len && tolower((unsigned char)list[i].text[0]) == first
		    && strncasecmp(sc->s + p, list[i].text, n) == 0
		    && (p + n == sc->len || !isalnum((unsigned char)sc->s[p + n])))
			return n;
	}
	return 0;
}

static size_t skip_blanks(const struct scan *sc, size_t p)
{
	while (p < sc->len && sc->s[p] == ' ')
		p++;
	return p;
}

static size_t skip_digits(const struct scan *sc, size_t p)
{
	while (p < sc->len && isdigit((unsigned char)sc->s[p]))
		p++;
	return p;
}

/* A sentence end: "." followed by a blank or the end. */
static int at_period(const struct scan *sc, size_t p)
{
	return p < sc->len && sc->s[p] == '.' && (p + 1 == sc->len || sc->s[p + 1] == ' ');
}

/* Where the fixed words first stand in s[p..] (as the letters write them), or the end of the text. */
static size_t find(const struct scan *sc, size_t p, const char *words)
{
	const char *hit = p < sc->len ? memmem(sc->s + p, sc->len - p, words, strlen(words)) : NULL;
	return hit ? (size_t)(hit - sc->s) : sc->len;
}

/* The start of the next "Decision based on" after p, or the end of the text. */
static size_t next_block(const struct scan *sc, size_t p)
{
	return find(sc, p, "Decision based on");
}

/* "1.2" or "3.3.1.1" followed by a blank: a numbered section. */
static int at_numbered(const struct scan *sc, size_t p)
{
	size_t q = skip_digits(sc, p);
	if (q == p || q >= sc->len || sc->s[q] != '.' || !isdigit((unsigned char)sc->s[q + 1]))
		return 0;
	while (q < sc->len && (sc->s[q] == '.' || isdigit((unsigned char)sc->s[q])))
		q++;
	return q < sc->len && sc->s[q] == ' ';
}

/* ", and " or ", " before the next ref (a title the vocabulary knows, or "ACOEM"): the separator's length. */
static size_t ref_separator(const struct scan *sc, size_t p)
{
	size_t n = at(sc, p, ", and") ? 5 : at(sc, p, ",") ? 1 : 0;
	if (!n)
		return 0;
	size_t q = skip_blanks(sc, p + n);
	return longest(sc, q, sc->vocab->titles, sc->vocab->title_count) || at(sc, q, "ACOEM") ? q - p : 0;
}

/* Where a section starting at p ends (before the block end e). */
static size_t section_end(const struct scan *sc, size_t p, size_t e)
{
	size_t n = longest(sc, p, sc->vocab->sections, sc->vocab->section_count);
	if (n)
		return p + n;
	int numbered = at_numbered(sc, p), depth = 0;
	size_t q = p;
	for (; q < e; q++) {
		char c = sc->s[q];
		depth += c == '(' ? 1 : c == ')' && depth > 0 ? -1 : 0;
		if (depth == 0 && at_period(sc, q) && skip_blanks(sc, q + 1) >= e)
			break;
		if (depth == 0 && c == ',' && (!numbered || at_numbered(sc, skip_blanks(sc, q + 1)) || ref_separator(sc, q)))
			break;
	}
	return q;
}

/* One ref of a MTUS block at p (before e): marks it and returns where it ends, or p when there is none. */
static size_t mtus_ref(struct scan *sc, size_t p, size_t e)
{
	struct name title = {0}, year = {0}, chapter = {0}, pages = {0}, total = {0};
	size_t start = p;
	if (at(sc, p, "ACOEM"))
		p = skip_blanks(sc, p + 5);
	if (at(sc, p, "Chapter") && isdigit((unsigned char)sc->s[skip_blanks(sc, p + 7)])) {
		chapter.text = sc->s + skip_blanks(sc, p + 7);
		chapter.len = skip_digits(sc, skip_blanks(sc, p + 7)) - skip_blanks(sc, p + 7);
		p = skip_blanks(sc, (size_t)(chapter.text - sc->s) + chapter.len);
	}
	size_t t = p, n = longest(sc, p, sc->vocab->titles, sc->vocab->title_count);
	if (n) {
		p += n;
	} else {       /* a title the vocabulary does not know: up to a year, a comma, "Page(s):" or a period */
		while (p < e && sc->s[p] != ',' && !at_period(sc, p) && !at(sc, p, "Page(s):")
		       && !(isdigit((unsigned char)sc->s[p]) && skip_digits(sc, p) - p == 4))
			p++;
		while (p > t && sc->s[p - 1] == ' ')
			p--;
	}
	if (p == t)
		return start;
	title = (struct name){sc->s + t, p - t};
	p = skip_blanks(sc, p);
	if (p + 4 <= e && skip_digits(sc, p) == p + 4 && (sc->s[p] == '1' || sc->s[p] == '2')) {
		year = (struct name){sc->s + p, 4};
		p = skip_blanks(sc, p + 4);
	}
	/* a topic without "Section(s):" (2014-15 letters): up to "Page(s):", a comma or the end */
	if (p < e && sc->s[p] != ',' && !at_period(sc, p) && !at(sc, p, "Page(s):")) {
		size_t topic = p;
		while (p < e && sc->s[p] != ',' && !at_period(sc, p) && !at(sc, p, "Page(s):"))
			p++;
		size_t topic_end = p;
		while (topic_end > topic && sc->s[topic_end - 1] == ' ')
			topic_end--;
		mark_add(sc->marks, topic, topic_end, "section", GROUP_NONE);
	}
	if (at(sc, p, ", Section(s):")) {
		p = skip_blanks(sc, p + 13);
		for (;;) {
			size_t s_end = section_end(sc, p, e);
			mark_add(sc->marks, p, s_end, "section", GROUP_NONE);
			p = s_end;
			if (p >= e || sc->s[p] != ',' || ref_separator(sc, p) || at(sc, skip_blanks(sc, p + 1), "Page(s):"))
				break;
			p = skip_blanks(sc, p + 1);
		}
	}
	size_t q = skip_blanks(sc, p < e && sc->s[p] == ',' ? p + 1 : p);
	if (at(sc, q, "Page(s):")) {
		size_t from = skip_blanks(sc, q + 8), to = skip_digits(sc, from);
		if (to > from && to < e && sc->s[to] == '-' && skip_digits(sc, to + 1) > to + 1)
			to = skip_digits(sc, to + 1);
		if (to > from) {
			pages = (struct name){sc->s + from, to - from};
			p = to;
			size_t of = skip_blanks(sc, p), count = skip_blanks(sc, of + 2);
			size_t count_end = skip_digits(sc, count);
			if (at(sc, of, "of") && count_end > count) {
				if (strspn(sc->s + count, "0") < count_end - count)     /* "of 0" is no page count */
					total = (struct name){sc->s + count, count_end - count};
				p = count_end;
			}
		}
	}
	struct mark *cite = mark_add(sc->marks, start, p, "citation", GROUP_CITATION);
	if (!cite)
		return start;
	struct { const char *attr; struct name value; } attrs[] = {
		{"source", {"MTUS", 4}}, {"title", title}, {"year", year}, {"chapter", chapter}, {"pages", pages},
		{"total", total},
	};
	for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
		if (attrs[i].value.len)
			mark_attr(sc->marks, cite, attrs[i].attr, attrs[i].value.text, attrs[i].value.len);
	return p;
}

/* The family of a free-text citation: the first that it names. */
static const char *free_source(const struct scan *sc, size_t p, size_t e)
{
	for (; p < e; p++) {
		if (at(sc, p, "ODG") || at(sc, p, "Official Disability Guidelines"))
			return "ODG";
		if (at(sc, p, "ACOEM") || at(sc, p, "American College of Occupational"))
			return "ACOEM";
		if (at(sc, p, "MTUS"))
			return "MTUS";
	}
	return "other";
}

/* The pages a free-text citation gives: "(page 114)", "pg. 64", "pages 12-13", joined by ", ". */
static void free_pages(struct scan *sc, struct mark *cite, size_t p, size_t e)
{
	static const char *const words[] = {"pages", "page", "pgs.", "pg.", "pp.", "p."};
	char buf[256];
	size_t used = 0;
	for (; p < e; p++) {
		if ((p > 0 && isalpha((unsigned char)sc->s[p - 1])) || tolower((unsigned char)sc->s[p]) != 'p')
			continue;       /* every word begins with p */
		for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
			if (!at(sc, p, words[w]))
				continue;
			size_t d = skip_blanks(sc, p + strlen(words[w])), d_end = skip_digits(sc, d);
			if (d_end == d)
				break;
			if (d_end < e && sc->s[d_end] == '-' && skip_digits(sc, d_end + 1) > d_end + 1)
				d_end = skip_digits(sc, d_end + 1);
			if (used + (d_end - d) + 2 < sizeof buf) {
				if (used)
					used += (size_t)snprintf(buf + used, sizeof buf - used, ", ");
				memcpy(buf + used, sc->s + d, d_end - d);
				used += d_end - d;
			}
			p = d_end;
			break;
		}
	}
	if (used)
		mark_attr(sc->marks, cite, "pages", buf, used);
}

const char *find_citations(const char *text, size_t len, const struct vocabulary *vocab, struct marks *marks)
{
	struct scan sc = {text, len, marks, vocab};
	static const struct { const char *words, *basis; } openings[] = {
		{"did not cite any medical evidence", "no-evidence"},
		{"based their decision on recommendation(s) outside of the MTUS", "outside-mtus"},
		{"did not base their decision on the MTUS", "not-mtus"},
	};
	const char *basis = NULL;
	size_t first = len;
	for (size_t i = 0; i < sizeof openings / sizeof openings[0]; i++) {
		size_t where = find(&sc, 0, openings[i].words);
		if (where < first) {
			first = where;
			basis = openings[i].basis;
		}
	}
	for (size_t p = next_block(&sc, 0); p < len; p = next_block(&sc, p)) {
		size_t e = next_block(&sc, p + 1);
		size_t q = skip_blanks(&sc, p + 17);        /* after "Decision based on" */
		if (at(&sc, q, "MTUS")) {
			q = skip_blanks(&sc, q + 4);
			for (size_t end; (end = mtus_ref(&sc, q, e)) > q;) {
				size_t sep = ref_separator(&sc, end);
				if (!sep)
					break;
				q = end + sep;
			}
		} else if (at(&sc, q, "Non-MTUS Citation") || at(&sc, q, "NonMTUS Citation")) {
			q = skip_blanks(&sc, q + (sc.s[q + 3] == '-' ? 17 : 16));
			size_t end = e;
			while (end > q && (text[end - 1] == ' ' || text[end - 1] == '.'))
				end--;
			struct mark *cite = mark_add(marks, q, end, "citation", GROUP_CITATION);
			if (cite) {
				const char *source = free_source(&sc, q, end);
				mark_attr(marks, cite, "source", source, strlen(source));
				free_pages(&sc, cite, q, end);
			}
		}
		p = e;
	}
	return basis;
}
