/* SPDX-License-Identifier: GPL-3.0-or-later */
/* citation.c: the scanner of guideline citations and of a rationale's references to guidelines. Every matcher
 * of this file is a rule of the grammar below, written once here; the words in CAPITALS are lists of
 * grammar/citations.vocab (its kinds in brackets), matched case-insensitively, longest first, at word boundaries.
 *
 * A guideline paragraph (find_citations):
 *   guideline = [opening] { block }
 *   opening   = words of OPENING anywhere before the first block: the guideline's basis    [opening]
 *   block     = "Decision based on MTUS" ref { ("," | ", and") ref } ["."]
 *             | "Decision based on" ("Non-MTUS" | "NonMTUS") ["Citation"] free-text   (up to the next block)
 *   ref       = ["ACOEM"] ["Chapter" N] title [YEAR ["Guidelines"]] [regulation] [topic]
 *               ["," "Section(s):" section { "," section }] [","] [("Page(s):" PAGES ["of" N]) | page]
 *   title     = TITLE | any text up to a year, ",", "Page(s):" or a sentence end                       [title]
 *   topic     = text up to "Page(s):", a "," or the end (2014-15 letters: a section without "Section(s):")
 *   section   = SECTION | a numbered one ("3.3.1.2 ...") up to the next numbered one               [section]
 *             | text up to a "," outside parentheses that an upper-case piece (or the next ref) follows
 *   free-text = reference { NEXT reference }                                                 [next]
 *   reference = ODG or ACOEM text (the family is the first NAME or "MTUS" in it), read piece by piece
 *               (structured): piece { separator piece }, separator one of "," ";" ":" "/" " - " " – "
 *             | other text: one citation with its pages
 *   piece     = LABEL | "(updated ...)" | "(... Edition)" | YEAR | "(" YEAR ")" | edition | "Chapter" N
 *             | CHAPTER (ODG; a second one begins another citation) | page | "(" page ")"
 *             | ACOEM title (the first other piece: ACOEM, else f-topic) | f-topic (a section)  [label] [chapter]
 *   f-topic   = SECTION | text up to a separator, a sentence end or an unmatched ")"; a comma piece in lower case
 *               continues it; "... CHAPTER" at its end is the chapter ("MRI shoulder")
 *
 * A paragraph of a decision rationale (find_references), outside quotation marks (quote_at):
 *   reference = [YEAR | edition] name tail                                    (the year or edition before it:
 *                                                                              reference_head)
 *   name      = [PREFIX] MTUS ["/" "ACOEM" | "ACOEM"]                   MTUS    [prefix] [mtus]
 *             | [PREFIX] ALONE                                           MTUS, with that title   [alone]
 *             | NAME ["(" abbreviation ")"] ["/MTUS" after ACOEM]         ODG or ACOEM (MTUS)    [name]
 *   tail      = { [","] item }, each item at most once where it sets a field:
 *   item      = YEAR | "(" YEAR ")" | "MTUS" | "(MTUS)" | "of the MTUS" (after ALONE) | TITLE | ALONE
 *             | '"' TITLE '"' (MTUS) | "(" ['"'] r-topic ['"'] ")" (after an MTUS title) | "(" page ")"
 *             | "Guidelines" | "Guideline" | ACOEM-NAME | "ACOEM" (MTUS) | "section" N.N.N (MTUS)
 *             | edition (ACOEM) | TITLE (ACOEM, then "Chapter") | "in ACOEM Chapter" N (MTUS) | "Chapter" N
 *             | regulation ["(" date YEAR ")"] | "Table" N-N | CHAPTER [sub-name LABEL] ["chapter" | "section"]
 *             (ODG) | page | r-topic "," page (after a title)
 *             | after a chapter, an ACOEM title or a regulation: ("," | ":" | "(") r-topic [")"]
 *               | "and" r-topic "," page                     [acoem-name]
 *   r-topic   = SECTION | up to six words beginning in upper case, none of PROSE, up to "," ";" ":" '"' " - "
 *               or a sentence end; a comma piece in lower case with no PROSE continues it          [prose]
 * Shared:
 *   regulation = [REGULATION] "9792." [0-9a-z.()]*          ("8 C.C.R. 9792.24.2", "9792.20(e)") [regulation]
 *   edition   = N ("st"|"nd"|"rd"|"th") ("Edition" | "ed.") | EDITION "Edition" ("Third Edition": 3rd) [edition]
 *   page      = PAGE N ["-" N]                                  ("pg. 64", "pages 12-13", "Page 81")  [page]
 *   YEAR      = four digits beginning 1 or 2
 * Every ref of a MTUS block is cited as part of the MTUS (source MTUS, even an ACOEM chapter); a rationale's "MTUS
 * and ACOEM" is two references, "MTUS/ACOEM" one. */
#define _GNU_SOURCE        /* memmem */
#include "citation.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

extern const char imrc_vocab_start[], imrc_vocab_end[];

struct name {
	const char *text;
	size_t len;
};

/* A name of the vocabulary as letters write it; for an ODG chapter also its canonical name (NUL-terminated). */
struct entry {
	struct name written;
	const char *canonical;
};

/* The names of one kind, sorted by their first letter (folded to lower case) and, within one, longest first;
 * the names beginning with letter c are entries [first[c], first[c + 1]). */
struct list {
	struct entry *v;
	size_t count;
	uint16_t first[257];
};

struct vocabulary {
	struct list titles, sections, acoem, labels, nexts, chapters, mtus, alone, regulations, prose, editions,
		    acoem_names, openings, names,
		    prefixes, pages;
	char candidate[256];       /* the bytes a reference of a rationale may begin with (find_references) */
	uint32_t second[256];      /* by such a first letter (lower case): the second letters they go on with */
	int capitals;              /* whether they are all capitals, '"' or from 0x80 (next_candidate's fast way) */
	struct vocab file;
};

/* The bit of c as the second letter of a name (vocabulary.second): one per letter in either case, one for all
 * other bytes. */
static uint32_t second_letter(char c)
{
	int lower = tolower((unsigned char)c);
	return lower >= 'a' && lower <= 'z' ? 1u << (lower - 'a') : 1u << 26;
}

static int by_letter_longer_first(const void *a, const void *b)
{
	const struct name *x = &((const struct entry *)a)->written, *y = &((const struct entry *)b)->written;
	int cx = tolower((unsigned char)x->text[0]), cy = tolower((unsigned char)y->text[0]);
	if (cx != cy)
		return cx - cy;
	return (x->len < y->len) - (x->len > y->len);
}

/* Fills list with the entries of kind (chapter, edition, opening, name: CANONICAL [tab WRITTEN]) and indexes it. */
static void list_load(struct list *list, struct vocab *file, const char *kind)
{
	const struct vocab_entry **e = vocab_kind(file, kind, &list->count);
	list->v = xcalloc(list->count + 1, sizeof *list->v);
	for (size_t i = 0; i < list->count; i++) {
		const char *written = e[i]->text;
		size_t len = e[i]->len;
		if (strcmp(kind, "chapter") == 0 || strcmp(kind, "edition") == 0 || strcmp(kind, "opening") == 0
		    || strcmp(kind, "name") == 0) {
			char *tab = strchr((char *)e[i]->text, '\t');
			if (tab) {
				*tab = '\0';
				written = tab + 1;
			}
			len = strlen(written);
			list->v[i].canonical = e[i]->text;
		}
		list->v[i].written = (struct name){written, len};
	}
	free(e);
	qsort(list->v, list->count, sizeof *list->v, by_letter_longer_first);
	size_t i = 0;
	for (int c = 0; c < 256; c++) {
		list->first[c] = (uint16_t)i;
		while (i < list->count && tolower((unsigned char)list->v[i].written.text[0]) == c)
			i++;
	}
	list->first[256] = (uint16_t)list->count;
}

struct vocabulary *vocabulary_load(void)
{
	struct vocabulary *v = xcalloc(1, sizeof *v);
	vocab_parse(&v->file, imrc_vocab_start, imrc_vocab_end);
	list_load(&v->titles, &v->file, "title");
	list_load(&v->sections, &v->file, "section");
	list_load(&v->acoem, &v->file, "acoem");
	list_load(&v->labels, &v->file, "label");
	list_load(&v->nexts, &v->file, "next");
	list_load(&v->chapters, &v->file, "chapter");
	list_load(&v->mtus, &v->file, "mtus");
	list_load(&v->alone, &v->file, "alone");
	list_load(&v->regulations, &v->file, "regulation");
	list_load(&v->prose, &v->file, "prose");
	list_load(&v->editions, &v->file, "edition");
	list_load(&v->acoem_names, &v->file, "acoem-name");
	list_load(&v->openings, &v->file, "opening");
	list_load(&v->names, &v->file, "name");
	list_load(&v->prefixes, &v->file, "prefix");
	list_load(&v->pages, &v->file, "page");
	/* a quotation mark ('"', or U+201C/D's first byte) and the first letters of the names a reference of a
	 * rationale begins with */
	v->candidate['"'] = v->candidate[0xe2] = 1;
	const struct list *starts[] = {&v->prefixes, &v->mtus, &v->alone, &v->names};
	for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++)
		for (size_t i = 0; i < starts[k]->count; i++) {
			const struct name *w = &starts[k]->v[i].written;
			v->candidate[(unsigned char)w->text[0]] = 1;
			v->second[tolower((unsigned char)w->text[0])] |= w->len > 1 ? second_letter(w->text[1]) : ~0u;
		}
	v->capitals = 1;
	for (int c = 0; c < 0x80; c++)
		if (v->candidate[c] && c != '"' && !isupper(c))
			v->capitals = 0;
	return v;
}

void vocabulary_free(struct vocabulary *v)
{
	if (!v)
		return;
	struct list *lists[] = {&v->titles, &v->sections, &v->acoem, &v->labels, &v->nexts, &v->chapters, &v->mtus,
				&v->alone, &v->regulations, &v->prose, &v->editions, &v->acoem_names,
				&v->openings, &v->names, &v->prefixes, &v->pages};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		free(lists[i]->v);
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

/* Whether s[p..] starts with word of length n (case-insensitively, not empty), ending at a word boundary. The
 * first two letters and the last are compared first, to leave most places fast. */
static int at_word(const struct scan *sc, size_t p, const char *word, size_t n)
{
	return p + n <= sc->len && tolower((unsigned char)sc->s[p]) == tolower((unsigned char)word[0])
	       && (n == 1 || tolower((unsigned char)sc->s[p + 1]) == tolower((unsigned char)word[1]))
	       && tolower((unsigned char)sc->s[p + n - 1]) == tolower((unsigned char)word[n - 1])
	       && strncasecmp(sc->s + p, word, n) == 0
	       && (p + n == sc->len || !isalnum((unsigned char)sc->s[p + n]) || !isalnum((unsigned char)word[n - 1]));
}

/* at_word for a string literal, its length known when compiled. */
#define at(sc, p, word) at_word((sc), (p), "" word, sizeof word - 1)

/* The length of the longest name of list at s[p..] that ends at a word boundary (or in punctuation), or 0; the
 * entry in *found when found is not NULL. Only the names beginning with c, the letter at p, are compared. */
static size_t match_bucket(const struct scan *sc, size_t p, const struct list *list, const struct entry **found,
			   int c)
{
	int second = p + 1 < sc->len ? tolower((unsigned char)sc->s[p + 1]) : -1;
	for (size_t i = list->first[c]; i < list->first[c + 1]; i++) {     /* longest first */
		const char *name = list->v[i].written.text;
		size_t n = list->v[i].written.len;
		if (p + n <= sc->len && (n == 1 || tolower((unsigned char)name[1]) == second)
		    && tolower((unsigned char)sc->s[p + n - 1]) == tolower((unsigned char)name[n - 1])
		    && strncasecmp(sc->s + p, name, n) == 0
		    && (p + n == sc->len || !isalnum((unsigned char)sc->s[p + n]) || !isalnum((unsigned char)name[n - 1]))) {
			if (found)
				*found = &list->v[i];
			return n;
		}
	}
	return 0;
}

/* match_bucket, for the names beginning with the letter at p; inline, as most places have none. */
static inline size_t match(const struct scan *sc, size_t p, const struct list *list, const struct entry **found)
{
	if (p >= sc->len)
		return 0;
	int c = tolower((unsigned char)sc->s[p]);
	return list->first[c] == list->first[c + 1] ? 0 : match_bucket(sc, p, list, found, c);
}

static inline size_t longest(const struct scan *sc, size_t p, const struct list *list)
{
	return match(sc, p, list, NULL);
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
	size_t n = strlen(words);
	for (const char *c; p + n <= sc->len && (c = memchr(sc->s + p, words[0], sc->len - p - n + 1)); p++) {
		p = (size_t)(c - sc->s);           /* memchr on the first byte: memmem costs more on short texts */
		if (memcmp(c, words, n) == 0)
			return p;
	}
	return sc->len;
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
	return longest(sc, q, &sc->vocab->titles) || at(sc, q, "ACOEM") ? q - p : 0;
}

/* Where a section starting at p ends (before the block end e). */
static size_t section_end(const struct scan *sc, size_t p, size_t e)
{
	size_t n = longest(sc, p, &sc->vocab->sections);
	if (n)
		return p + n;
	int numbered = at_numbered(sc, p), depth = 0;
	size_t q = p;
	for (; q < e; q++) {
		char c = sc->s[q];
		depth += c == '(' ? 1 : c == ')' && depth > 0 ? -1 : 0;
		if (depth == 0 && at_period(sc, q) && skip_blanks(sc, q + 1) >= e)
			break;
		if (depth == 0 && c == ',' && (ref_separator(sc, q) || (numbered ? at_numbered(sc, skip_blanks(sc, q + 1))
					      : !islower((unsigned char)sc->s[skip_blanks(sc, q + 1)]))))
			break;
	}
	return q;
}

/* A section of the MTUS regulations at p: "9792.20(e)", or after a prefix of the vocabulary's "regulation"
 * ("8 C.C.R. 9792.24.2"): its end (the prefix part of it), or p. */
static size_t regulation_at(const struct scan *sc, size_t p)
{
	size_t q = p + longest(sc, p, &sc->vocab->regulations);
	q = skip_blanks(sc, q);
	if (q + 5 > sc->len || strncmp(sc->s + q, "9792.", 5) != 0 || (q > 0 && isalnum((unsigned char)sc->s[q - 1])))
		return p;
	size_t end = q + 5;
	while (end < sc->len && (isalnum((unsigned char)sc->s[end]) || strchr(".()", sc->s[end])) && !at_period(sc, end))
		end++;
	while (end > q && (sc->s[end - 1] == '.' || (sc->s[end - 1] == ')' && !memchr(sc->s + q, '(', end - q))))
		end--;
	return end;
}

/* At p, a page reference of free text ("page 114", "pg. 64", "pages 12-13"): its length, and where its page or
 * range is in *from and *to; else 0. */
static size_t pages_at(const struct scan *sc, size_t p, size_t e, size_t *from, size_t *to)
{
	if (p >= sc->len || (p > 0 && isalpha((unsigned char)sc->s[p - 1])))
		return 0;
	size_t n = longest(sc, p, &sc->vocab->pages);
	if (!n)
		return 0;
	size_t d = skip_blanks(sc, p + n), d_end = skip_digits(sc, d);
	if (d_end == d)
		return 0;
	if (d_end < e && sc->s[d_end] == '-' && skip_digits(sc, d_end + 1) > d_end + 1)
		d_end = skip_digits(sc, d_end + 1);
	*from = d;
	*to = d_end;
	return d_end - p;
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
	size_t t = p, n = longest(sc, p, &sc->vocab->titles);
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
		if (at(sc, p, "Guidelines"))          /* "Chronic Pain Medical Treatment 2016 Guidelines" */
			p = skip_blanks(sc, p + 10);
	}
	size_t regulation = regulation_at(sc, p);
	if (regulation > p) {      /* "8 C.C.R. 9792.24.2" */
		mark_add(sc->marks, p, regulation, "section", GROUP_NONE);
		p = regulation;
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
	size_t q = skip_blanks(sc, p < e && sc->s[p] == ',' ? p + 1 : p), page, page_end;
	if (!at(sc, q, "Page(s):") && pages_at(sc, q, e, &page, &page_end)) {
		pages = (struct name){sc->s + page, page_end - page};   /* "8 C.C.R. 9792.24.2, Page 81" */
		p = page_end;
	} else if (at(sc, q, "Page(s):")) {
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
	const struct entry *name;
	for (; p < e; p++) {
		if (match(sc, p, &sc->vocab->names, &name))
			return name->canonical;
		if (at(sc, p, "MTUS"))
			return "MTUS";
	}
	return "other";
}

/* The pages a free-text citation gives: "(page 114)", "pg. 64", "pages 12-13", joined by ", ". */
static void free_pages(struct scan *sc, struct mark *cite, size_t p, size_t e)
{
	char buf[256];
	size_t used = 0;
	for (; p < e; p++) {
		int c = tolower((unsigned char)sc->s[p]);
		if (sc->vocab->pages.first[c] == sc->vocab->pages.first[c + 1])
			continue;  /* no page word begins with this letter: no call */
		size_t from, to, n = pages_at(sc, p, e, &from, &to);
		if (!n)
			continue;
		if (used + (to - from) + 2 < sizeof buf) {
			if (used)
				used += (size_t)snprintf(buf + used, sizeof buf - used, ", ");
			memcpy(buf + used, sc->s + from, to - from);
			used += to - from;
		}
		p += n - 1;
	}
	if (used)
		mark_attr(sc->marks, cite, "pages", buf, used);
}

/* The length of the ODG chapter written at p (a whole word, longest first), its canonical name in *canonical;
 * or 0. */
static size_t chapter_at(const struct scan *sc, size_t p, const char **canonical)
{
	const struct entry *found;
	size_t n = match(sc, p, &sc->vocab->chapters, &found);
	if (n)
		*canonical = found->canonical;
	return n;
}

/* The ODG chapter that the text [p, e) ends with, after a blank ("MRI shoulder"): its length (the longest such),
 * or 0. */
static size_t chapter_ending(const struct scan *sc, size_t p, size_t e, const char **canonical)
{
	size_t best = 0;
	for (size_t i = 0; i < sc->vocab->chapters.count; i++) {
		const struct entry *c = &sc->vocab->chapters.v[i];
		size_t n = c->written.len;
		if (n > best && e - p > n + 1 && sc->s[e - n - 1] == ' '
		    && strncasecmp(sc->s + e - n, c->written.text, n) == 0) {
			*canonical = c->canonical;
			best = n;
		}
	}
	return best;
}

/* The end of the parenthesis that opens at p (before e), after its ')'; or p when it is not closed. */
static size_t parenthesis_end(const struct scan *sc, size_t p, size_t e)
{
	int depth = 0;
	for (size_t q = p; q < e; q++) {
		depth += sc->s[q] == '(' ? 1 : sc->s[q] == ')' ? -1 : 0;
		if (depth == 0)
			return q + 1;
	}
	return p;
}

/* The length of the words at p that name no chapter, title or topic: a label of the vocabulary, a word that
 * begins another reference, "(updated 11/16/16)" or "(21th Annual Edition)"; or 0. */
static size_t label_at(const struct scan *sc, size_t p, size_t e)
{
	size_t n = longest(sc, p, &sc->vocab->labels);
	if (!n)
		n = longest(sc, p, &sc->vocab->nexts);
	if (!n && p < e && sc->s[p] == '(') {
		size_t end = parenthesis_end(sc, p, e);
		if (end > p && (at(sc, p + 1, "updated") || (end - p > 9 && memmem(sc->s + p, end - p, "Edition)", 8))))
			n = end - p;
	}
	return n;
}

/* An edition at p ("3rd ed.", "2nd Edition", "Third Edition": an ordinal word of the vocabulary's "edition"):
 * its length, the edition in *edition (the ordinal as written, or the canonical one of a word); or 0. */
static size_t edition_at(const struct scan *sc, size_t p, struct name *edition)
{
	const struct entry *word;
	size_t q = skip_digits(sc, p), n = q == p ? match(sc, p, &sc->vocab->editions, &word) : 0;
	if (n) {
		size_t w = skip_blanks(sc, p + n);
		if (!at(sc, w, "Edition"))
			return 0;
		*edition = (struct name){word->canonical, strlen(word->canonical)};
		return w + 7 - p;
	}
	if (q == p || q + 2 > sc->len)
		return 0;
	static const char *const suffixes[] = {"st", "nd", "rd", "th"};
	for (size_t i = 0; i < 4; i++) {
		if (strncasecmp(sc->s + q, suffixes[i], 2) != 0)
			continue;
		size_t w = skip_blanks(sc, q + 2), end = at(sc, w, "Edition") ? w + 7
			: w + 3 <= sc->len && strncasecmp(sc->s + w, "ed.", 3) == 0 ? w + 3 : 0;
		if (end) {
			*edition = (struct name){sc->s + p, q + 2 - p};
			return end - p;
		}
	}
	return 0;
}

/* A year at p, bare ("2016") or in parentheses ("(2004)"): its length, the year's four digits at *year; or 0. */
static size_t year_at(const struct scan *sc, size_t p, size_t *year)
{
	size_t q = p < sc->len && sc->s[p] == '(' ? p + 1 : p;
	if (skip_digits(sc, q) != q + 4 || (sc->s[q] != '1' && sc->s[q] != '2'))
		return 0;
	*year = q;
	if (q == p)
		return 4;
	return q + 4 < sc->len && sc->s[q + 4] == ')' ? 6 : 0;
}

/* Whether p is a blank and a dash between words (" - ", " – "): a separator of free text. */
static int at_dash(const struct scan *sc, size_t p)
{
	if (p + 2 >= sc->len || sc->s[p] != ' ')
		return 0;
	size_t d = sc->s[p + 1] == '-' ? 1 : strncmp(sc->s + p + 1, "\xe2\x80\x93", 3) == 0 ? 3 : 0;
	return d && p + 1 + d < sc->len && sc->s[p + 1 + d] == ' ';
}

/* Where a topic (or title) of free text at p ends (before e): at a ",", ";" or ":", a " - " or a sentence end
 * outside parentheses, or an unmatched ")"; a comma piece that begins in lower case continues the topic unless
 * title, or odg and it names an ODG chapter; a section the vocabulary knows is one. */
static size_t topic_end(const struct scan *sc, size_t p, size_t e, int title, int odg)
{
	size_t n = longest(sc, p, &sc->vocab->sections);
	if (n)
		return p + n;
	int depth = 0;
	size_t q = p;
	for (; q < e; q++) {
		char c = sc->s[q];
		if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (depth-- == 0)
				break;
		} else if (depth == 0) {
			size_t next = skip_blanks(sc, q + 1);
			const char *canonical;
			if (c == ',' && (title || !islower((unsigned char)sc->s[next])
					 || (odg && chapter_at(sc, next, &canonical))))
				break;
			if (c == ';' || c == ':' || at_period(sc, q) || at_dash(sc, q) || (c == ' ' && at(sc, q + 1, "ODG")))
				break;
		}
	}
	while (q > p && (sc->s[q - 1] == ' ' || sc->s[q - 1] == '.'))
		q--;
	if (q - p > 4 && strncmp(sc->s + q - 4, " and", 4) == 0 && at(sc, skip_blanks(sc, q), "ODG"))
		q -= 4;            /* "Manipulation and ODG Chiropractic Guidelines": two topics */
	return q;
}

/* A reference of free text being read: the citation it will be. */
struct ref {
	size_t start, end;
	size_t solid;              /* the end of its last piece that is no label */
	const char *source, *chapter;      /* chapter: ODG's canonical name */
	struct name number, title, edition, year;
};

/* Marks the reference read, up to end, as a citation with what it names. */
static void ref_mark(struct scan *sc, const struct ref *r, size_t end)
{
	struct mark *cite = mark_add(sc->marks, r->start, end, "citation", GROUP_CITATION);
	if (!cite)
		return;
	struct name chapter = r->chapter ? (struct name){r->chapter, strlen(r->chapter)} : r->number;
	struct { const char *attr; struct name value; } attrs[] = {
		{"source", {r->source, strlen(r->source)}}, {"title", r->title}, {"year", r->year},
		{"edition", r->edition}, {"chapter", chapter},
	};
	for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
		if (attrs[i].value.len)
			mark_attr(sc->marks, cite, attrs[i].attr, attrs[i].value.text, attrs[i].value.len);
	free_pages(sc, cite, r->start, end);
}

/* Whether the ODG chapter name that ends at p begins a topic instead ("Knee brace"): a blank and a word in lower
 * case follow that is no label and no "and". */
static int begins_topic(const struct scan *sc, size_t p, size_t e)
{
	return p + 1 < e && sc->s[p] == ' ' && islower((unsigned char)sc->s[p + 1]) && !label_at(sc, p + 1, e)
	       && !at(sc, p + 1, "and");
}

/* A topic (or the ACOEM title) at t, in parentheses when inside, before e: marks it and returns its end. */
static size_t topic(struct scan *sc, struct ref *r, size_t t, size_t e, int inside)
{
	int odg = strcmp(r->source, "ODG") == 0, title = !odg && !r->title.len;
	size_t n = title ? longest(sc, t, &sc->vocab->acoem) : 0;
	size_t t_end = n ? t + n : topic_end(sc, t, e, title, odg);
	const char *canonical;
	if (t_end <= t)
		return t + 1;
	if (title) {
		size_t end = t_end;
		if (end - t > 8 && strncasecmp(sc->s + end - 8, " Chapter", 8) == 0)
			end -= 8;
		r->title = (struct name){sc->s + t, end - t};
	} else {
		size_t end = t_end;
		if (odg && !r->chapter && (n = chapter_ending(sc, t, t_end, &canonical))) {
			r->chapter = canonical;          /* "MRI shoulder" */
			end = t_end - n - 1;
		}
		mark_add(sc->marks, t, end, "section", GROUP_NONE);
	}
	if (inside && t_end < e && sc->s[t_end] == ')')
		t_end++;
	return r->end = r->solid = t_end;
}

/* Reads ODG or ACOEM free text [p, e) (source its family) piece by piece: labels, years, editions, chapters
 * (ODG: a name of the vocabulary; ACOEM: "Chapter N"), the ACOEM title (its first other piece), pages and
 * topics (each a section mark). An ODG chapter after another begins a new citation, at the labels before it. */
static void structured(struct scan *sc, size_t p, size_t e, const char *source)
{
	int odg = strcmp(source, "ODG") == 0;
	struct ref r = {.start = p, .end = p, .solid = p, .source = source};
	size_t lead = SIZE_MAX;    /* where the labels just before p begin */
	while (p < e) {
		size_t n, at_year, from, to, before = p;
		const char *canonical;
		if (strchr(" ,;:/.-", sc->s[p]) || (unsigned char)sc->s[p] >= 0x80) {
			p++;
			continue;
		}
		if (at(sc, p, "and") && ((odg && chapter_at(sc, skip_blanks(sc, p + 3), &canonical))
					 || label_at(sc, skip_blanks(sc, p + 3), e))) {
			p += 3;            /* "Low Back and Forearm, Wrist and Hand chapters", "... and ODG ..." */
			continue;
		}
		if (at(sc, p, "Chapter") && isdigit((unsigned char)sc->s[skip_blanks(sc, p + 7)])) {
			size_t d = skip_blanks(sc, p + 7);
			r.number = (struct name){sc->s + d, skip_digits(sc, d) - d};
			p = d + r.number.len;
		} else if ((n = label_at(sc, p, e))) {
			p = r.end = p + n;
			if (lead == SIZE_MAX)
				lead = before;
			continue;
		} else if (odg && (n = chapter_at(sc, p, &canonical)) && begins_topic(sc, p + n, e)) {
			if (!r.chapter)    /* "Knee brace", "Low back pain": a topic of that chapter */
				r.chapter = canonical;
			p = topic(sc, &r, p, e, 0);
		} else if (odg && n) {
			if (r.chapter) {
				ref_mark(sc, &r, r.solid);
				r = (struct ref){.start = lead != SIZE_MAX ? lead : p, .source = source};
			}
			r.chapter = canonical;
			p += n;
		} else if ((n = year_at(sc, p, &at_year))) {
			r.year = (struct name){sc->s + at_year, 4};
			p += n;
		} else if ((n = edition_at(sc, p, &r.edition))) {
			p += n;
		} else if ((n = pages_at(sc, p + (sc->s[p] == '('), e, &from, &to))) {
			p += n + (sc->s[p] == '(');
			if (sc->s[before] == '(' && p < e && sc->s[p] == ')')
				p++;
		} else {
			p = topic(sc, &r, p + (sc->s[p] == '('), e, sc->s[p] == '(');
		}
		r.end = r.solid = p > r.solid ? p : r.solid;
		lead = SIZE_MAX;
	}
	if (r.end > r.start)
		ref_mark(sc, &r, r.end);
}

/* The free text of a "Non-MTUS" block [p, e): a citation of the family it names, each reference of it apart
 * (a word of the vocabulary's "next" begins another); ODG and ACOEM read piece by piece, the rest as it is. */
static void free_text(struct scan *sc, size_t p, size_t e)
{
	for (size_t q = p + 1; q < e; q++) {
		if (isalpha((unsigned char)sc->s[q - 1]) || !longest(sc, q, &sc->vocab->nexts))
			continue;
		size_t end = q;
		while (end > p && sc->s[end - 1] == ' ')
			end--;
		if (end - p > 4 && strncmp(sc->s + end - 4, " and", 4) == 0)
			end -= 4;
		free_text(sc, p, end);
		free_text(sc, q, e);
		return;
	}
	const char *source = free_source(sc, p, e);
	if (strcmp(source, "ODG") == 0 || strcmp(source, "ACOEM") == 0) {
		structured(sc, p, e, source);
		return;
	}
	struct mark *cite = mark_add(sc->marks, p, e, "citation", GROUP_CITATION);
	if (cite) {
		mark_attr(sc->marks, cite, "source", source, strlen(source));
		free_pages(sc, cite, p, e);
	}
}

const char *find_citations(const char *text, size_t len, const struct vocabulary *vocab, struct marks *marks)
{
	struct scan sc = {text, len, marks, vocab};
	const char *basis = NULL;
	size_t first = next_block(&sc, 0), found = first;     /* an opening comes before the first block */
	for (size_t i = 0; i < vocab->openings.count; i++) {
		const struct name *words = &vocab->openings.v[i].written;
		const char *hit = memmem(text, first, words->text, words->len);
		if (hit && (size_t)(hit - text) < found) {
			found = (size_t)(hit - text);
			basis = vocab->openings.v[i].canonical;
		}
	}
	for (size_t p = first, e; p < len; p = e) {
		e = next_block(&sc, p + 1);
		size_t q = skip_blanks(&sc, p + 17);        /* after "Decision based on" */
		if (at(&sc, q, "MTUS")) {
			q = skip_blanks(&sc, q + 4);
			for (size_t end; (end = mtus_ref(&sc, q, e)) > q;) {
				size_t sep = ref_separator(&sc, end);
				if (!sep)
					break;
				q = end + sep;
			}
		} else if (at(&sc, q, "Non-MTUS") || at(&sc, q, "NonMTUS")) {       /* "Citation" may follow */
			q = skip_blanks(&sc, q + (sc.s[q + 3] == '-' ? 8 : 7));
			if (at(&sc, q, "Citation"))
				q = skip_blanks(&sc, q + 8);
			size_t end = e;
			while (end > q && (text[end - 1] == ' ' || text[end - 1] == '.'))
				end--;
			if (end > q)
				free_text(&sc, q, end);
		}
	}
	return basis;
}

/* ---- references in a decision rationale ------------------------------------------------------------------- */

/* The length of a quotation mark at p: 1 for '"', 3 for a curly one; *opens says whether it opens a quotation or
 * closes one. A straight one opens where a word follows it and none precedes it (states "Recommended), else
 * closes: a closing one outside a quotation (after guideline text pasted without its opening mark) leaves the
 * text after it outside. 0 when p holds none. */
static size_t quote_at(const struct scan *sc, size_t p, int *opens)
{
	if (sc->s[p] == '"') {
		int before = p == 0 || sc->s[p - 1] == ' ' || sc->s[p - 1] == '(';
		int after = p + 1 < sc->len && sc->s[p + 1] != ' ';
		*opens = before && after;
		return 1;
	}
	if (p + 3 <= sc->len && strncmp(sc->s + p, "\xe2\x80\x9c", 3) == 0) {
		*opens = 1;
		return 3;
	}
	if (p + 3 <= sc->len && strncmp(sc->s + p, "\xe2\x80\x9d", 3) == 0) {
		*opens = 0;
		return 3;
	}
	return 0;
}

/* "Chapter N" at p (blanks before N allowed): its end, the number in *number; or p. */
static size_t chapter_number(const struct scan *sc, size_t p, struct name *number)
{
	size_t d = skip_blanks(sc, p + 7);
	if (!at(sc, p, "Chapter") || skip_digits(sc, d) == d)
		return p;
	*number = (struct name){sc->s + d, skip_digits(sc, d) - d};
	return d + number->len;
}

/* A date in parentheses at p ("(July 28, 2016)"): its end, its year in *year; or p. */
static size_t dated_at(const struct scan *sc, size_t p, struct name *year)
{
	if (p >= sc->len || sc->s[p] != '(')
		return p;
	for (size_t q = p + 1; q < sc->len && q < p + 24 && sc->s[q] != ')'; q++)
		if (isdigit((unsigned char)sc->s[q]) && skip_digits(sc, q) == q + 4 && q + 4 < sc->len
		    && sc->s[q + 4] == ')' && !isdigit((unsigned char)sc->s[q - 1])) {
			*year = (struct name){sc->s + q, 4};
			return q + 5;
		}
	return p;
}

/* The end of a topic of a rationale whose comma piece at piece goes on as a sentence ("Cervical collar, it is"):
 * before the comma. */
static size_t rationale_topic_end(const struct scan *sc, size_t p, size_t piece)
{
	size_t q = piece;
	while (q > p && (sc->s[q - 1] == ' ' || sc->s[q - 1] == ','))
		q--;
	return q;
}

/* A topic a rationale names after a chapter, a title or a regulation at p: a section name of the vocabulary, or
 * words beginning in upper case, at most six, none of the vocabulary's "prose" words (a sentence goes on), up to
 * a ",", ";", ":", a sentence end or the end of the parenthesis it is in; a comma piece in lower case continues
 * it unless it goes on as a sentence (then the topic ends before it). Its end, or p. */
static size_t rationale_topic(const struct scan *sc, size_t p)
{
	size_t n = longest(sc, p, &sc->vocab->sections);
	if (n)
		return p + n;
	if (p >= sc->len || !isupper((unsigned char)sc->s[p]))
		return p;
	int depth = 0, words = 0;
	size_t q = p, piece = p;   /* piece: where the comma piece being read begins */
	for (; q < sc->len; q++) {
		char c = sc->s[q];
		if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (depth == 0)
				break;
			depth--;
		} else if (depth == 0 && c == ',' && islower((unsigned char)sc->s[skip_blanks(sc, q + 1)])) {
			piece = skip_blanks(sc, q + 1);          /* "Cervical collar, post operative" */
			words = 0;
			q = piece - 1;
		} else if (depth == 0 && (c == ',' || c == ';' || c == ':' || c == '"' || at_period(sc, q)
					  || at_dash(sc, q))) {
			break;
		} else if (c != ' ' && (q == p || sc->s[q - 1] == ' ')) {
			if (++words > 6 || longest(sc, q, &sc->vocab->prose))
				return piece == p ? p : rationale_topic_end(sc, p, piece);
		}
	}
	while (q > p && (sc->s[q - 1] == ' ' || sc->s[q - 1] == '.'))
		q--;
	return depth == 0 ? q : p;
}

/* A topic (rationale_topic) at p that a "," and a page follow ("Opioids, page 78"): its end, or p. */
static size_t topic_then_page(const struct scan *sc, size_t p)
{
	size_t n = rationale_topic(sc, p), from, to;
	return n > p && n < sc->len && sc->s[n] == ',' && pages_at(sc, skip_blanks(sc, n + 1), sc->len, &from, &to)
	       ? n : p;
}

/* A topic in parentheses at p, in quotation marks or not ('("Tapering opioids")', "(Tapering opioids)"): the end
 * after its ")", the topic in [*from, *to); or p. */
static size_t parenthesized_topic(const struct scan *sc, size_t p, size_t *from, size_t *to)
{
	if (p + 1 >= sc->len || sc->s[p] != '(')
		return p;
	size_t quoted = sc->s[p + 1] == '"', t = p + 1 + quoted, n = rationale_topic(sc, t);
	if (n == t || n + quoted >= sc->len || (quoted && sc->s[n] != '"') || sc->s[n + quoted] != ')')
		return p;
	*from = t;
	*to = n;
	return n + quoted + 1;
}

/* "section 3.3.1" or "sections 3.3" at p: its end, where the number begins in *number; or p. */
static size_t numbered_section(const struct scan *sc, size_t p, size_t *number)
{
	size_t d = at(sc, p, "sections") ? p + 8 : at(sc, p, "section") ? p + 7 : p;
	if (d == p || !at_numbered(sc, d = skip_blanks(sc, d)))
		return p;
	size_t end = d;
	while (end < sc->len && (isdigit((unsigned char)sc->s[end])
				 || (sc->s[end] == '.' && end + 1 < sc->len && isdigit((unsigned char)sc->s[end + 1]))))
		end++;
	*number = d;
	return end;
}

/* An ODG chapter's label or sub-name after it at p ("chapter", "section", "(Acute & Chronic)"): its end, or p. */
static size_t chapter_label(const struct scan *sc, size_t p)
{
	size_t q = skip_blanks(sc, p), n = longest(sc, q, &sc->vocab->labels), end = p;
	if (n && sc->s[q] == '(') {
		end = q + n;
		q = skip_blanks(sc, end);
	}
	if (at(sc, q, "chapter") || at(sc, q, "section"))
		end = q + 7;
	return end;
}

/* What a reference of a rationale names after its guideline's name at p: a year, an edition, an MTUS title,
 * "Guidelines", "MTUS" after a title that named it first, "in ACOEM Chapter N", "Chapter N", an ACOEM title, a
 * section of the regulations ("9792.20(e)", "8 C.C.R. 9792.24.2 (July 28, 2016)"), a table ("Table 13-3"), an
 * ODG chapter, topics after a chapter, an ACOEM title or a regulation (rationale_topic), and pages, each where
 * written. Returns the reference's end. */
static size_t reference_tail(struct scan *sc, struct ref *r, size_t p, int named)
{
	int mtus = strcmp(r->source, "MTUS") == 0, odg = strcmp(r->source, "ODG") == 0, acoem = !mtus && !odg;
	int topics = 0;            /* whether a topic may follow: after a chapter, an ACOEM title or a regulation */
	int open = 0;              /* whether a topic in parentheses was begun */
	for (;;) {
		size_t q = skip_blanks(sc, p), n, at_year, from, to;
		struct name edition;
		const char *canonical;
		size_t next = q < sc->len && sc->s[q] == ',' ? skip_blanks(sc, q + 1) : q, was = q;
		if (next == q && at_dash(sc, p) && regulation_at(sc, skip_blanks(sc, p + 2)) > skip_blanks(sc, p + 2))
			next = skip_blanks(sc, p + 2);      /* "MTUS - 8 C.C.R. 9792.24.2" */
		if (next == q && topics && q < sc->len && (sc->s[q] == ':' || sc->s[q] == '(')
		    && rationale_topic(sc, skip_blanks(sc, q + 1)) > skip_blanks(sc, q + 1)) {
			open = sc->s[q] == '(';
			next = skip_blanks(sc, q + 1);
		}
		if (next > q && (at(sc, next, "Chapter") || (odg && !r->chapter && chapter_at(sc, next, &canonical))
				 || (mtus && !r->title.len && longest(sc, next, &sc->vocab->titles))
				 || (acoem && !r->title.len && (longest(sc, next, &sc->vocab->titles)
								 || longest(sc, next, &sc->vocab->acoem)))
				 || (acoem && edition_at(sc, next, &edition))
				 || regulation_at(sc, next) > next || (mtus && numbered_section(sc, next, &from) > next)
				 || (topics && rationale_topic(sc, next) > next)
				 || (r->title.len && topic_then_page(sc, next) > next)
				 || at(sc, next, "Table") || pages_at(sc, next, sc->len, &from, &to)))
			q = next;          /* ", Chapter 8", ", Neck and Upper Back Complaints", ", page 261" */
		if (open && q < sc->len && sc->s[q] == ')') {
			p = q + 1;         /* the end of "(Lumbar supports)" */
			open = 0;
			continue;
		}
		if (!r->year.len && (n = year_at(sc, q, &at_year))) {       /* "2016", "(2004)" */
			r->year = (struct name){sc->s + at_year, 4};
			p = q + n;
		} else if (!named && (at(sc, q, "MTUS") || at(sc, q, "(MTUS)") || at(sc, q, "of the MTUS"))) {
			named = 1;         /* "Chronic Pain Medical Treatment Guidelines MTUS" */
			p = q + (at(sc, q, "MTUS") ? 4 : at(sc, q, "(MTUS)") ? 6 : 11);
		} else if (mtus && !r->title.len && ((n = longest(sc, q, &sc->vocab->titles))
						     || (n = longest(sc, q, &sc->vocab->alone)))) {
			r->title = (struct name){sc->s + q, n};
			p = q + n;
		} else if (mtus && !r->title.len && q < sc->len && sc->s[q] == '"'
			   && (n = longest(sc, q + 1, &sc->vocab->titles))
			   && q + 1 + n < sc->len && sc->s[q + 1 + n] == '"') {
			r->title = (struct name){sc->s + q + 1, n};      /* MTUS "Acupuncture ... Guidelines" */
			p = q + n + 2;
		} else if (mtus && r->title.len && (n = parenthesized_topic(sc, q, &from, &to)) > q) {
			mark_add(sc->marks, from, to, "section", GROUP_NONE);      /* ("Tapering opioids") */
			p = n;
		} else if (q + 1 < sc->len && sc->s[q] == '(' && (n = pages_at(sc, q + 1, sc->len, &from, &to))
			   && q + 1 + n < sc->len && sc->s[q + 1 + n] == ')') {
			p = q + n + 2;     /* "(page 81)" */
		} else if (at(sc, q, "Guidelines") || at(sc, q, "Guideline")) {
			p = q + (at(sc, q, "Guidelines") ? 10 : 9);
		} else if ((n = longest(sc, q, &sc->vocab->acoem_names))) {
			p = q + n;         /* "Occupational Medicine Practice Guidelines" */
		} else if (mtus && at(sc, q, "ACOEM")) {
			p = q + 5;         /* "MTUS 2009 ACOEM" */
		} else if (mtus && (n = numbered_section(sc, q, &from)) > q) {
			mark_add(sc->marks, from, n, "section", GROUP_NONE);
			p = n;             /* "section 3.3.1" of the Opioid Treatment guideline */
		} else if (acoem && !r->edition.len && (n = edition_at(sc, q, &r->edition))) {
			p = q + n;
		} else if (mtus && at(sc, q, "in ACOEM") && chapter_number(sc, skip_blanks(sc, q + 8), &r->number)
			   > skip_blanks(sc, q + 8)) {
			p = chapter_number(sc, skip_blanks(sc, q + 8), &r->number);
		} else if (!odg && !r->number.len && chapter_number(sc, q, &r->number) > q) {
			p = chapter_number(sc, q, &r->number);
		} else if (acoem && !r->title.len && ((n = longest(sc, q, &sc->vocab->titles))
						      || (n = longest(sc, q, &sc->vocab->acoem)))) {
			r->title = (struct name){sc->s + q, n};
			p = q + n;
			if (at(sc, skip_blanks(sc, p), "Chapter"))
				p = skip_blanks(sc, p) + 7;
			topics = 1;
		} else if ((n = regulation_at(sc, q)) > q) {
			mark_add(sc->marks, q, n, "section", GROUP_NONE);
			p = n;
			struct name year = {0};
			size_t dated = dated_at(sc, skip_blanks(sc, p), &year);
			if (dated > skip_blanks(sc, p)) {
				if (!r->year.len)
					r->year = year;
				p = dated;
			}
			topics = 1;
		} else if (at(sc, q, "Table") && isdigit((unsigned char)sc->s[skip_blanks(sc, q + 5)])) {
			size_t end = skip_blanks(sc, q + 5);
			while (end < sc->len && (isdigit((unsigned char)sc->s[end]) || (sc->s[end] == '-'
			       && end + 1 < sc->len && isdigit((unsigned char)sc->s[end + 1]))))
				end++;
			mark_add(sc->marks, q, end, "section", GROUP_NONE);
			p = end;
		} else if (odg && !r->chapter && (n = chapter_at(sc, q, &canonical))) {
			r->chapter = canonical;
			p = chapter_label(sc, q + n);
			topics = 1;
		} else if ((n = pages_at(sc, q, sc->len, &from, &to))) {
			p = q + n;
		} else if (topics && q > was && (n = rationale_topic(sc, q)) > q) {
			mark_add(sc->marks, q, n, "section", GROUP_NONE);
			p = n;
		} else if (r->title.len && q > was && (n = topic_then_page(sc, q)) > q) {
			mark_add(sc->marks, q, n, "section", GROUP_NONE);
			p = n;     /* "MTUS Chronic Pain Medical Treatment Guidelines, Opioids, page 78" */
		} else if (topics && at(sc, q, "and") && (n = rationale_topic(sc, skip_blanks(sc, q + 3)))
			   > skip_blanks(sc, q + 3) && n < sc->len && sc->s[n] == ','
			   && pages_at(sc, skip_blanks(sc, n + 1), sc->len, &from, &to)) {
			mark_add(sc->marks, skip_blanks(sc, q + 3), n, "section", GROUP_NONE);
			p = n;     /* "Page 300 and Summary of Evidence and Recommendations, Page 309" */
		} else {
			return p;
		}
	}
}

/* The guideline a reference of a rationale names at p: its source ("MTUS", "ACOEM", "ODG") and the length of
 * its name, with "MTUS/ACOEM", "CA MTUS ACOEM" and "ACOEM/MTUS" one MTUS name, and a title of the vocabulary's
 * "alone" ("Chronic Pain Medical Treatment Guidelines", "CPMTG") an MTUS name with its title in r->title and
 * *named 0 (the word MTUS may follow); or 0. */
static size_t guideline_name(const struct scan *sc, size_t p, struct ref *r, int *named)
{
	size_t q = p + longest(sc, p, &sc->vocab->prefixes), n;
	const struct entry *name;
	*named = 1;
	q = skip_blanks(sc, q);
	if ((n = longest(sc, q, &sc->vocab->mtus))) {
		r->source = "MTUS";
		q += n;
		if (q < sc->len && sc->s[q] == ')' && p > 0 && sc->s[p - 1] == '(')
			q++;               /* "(MTUS)" */
		size_t a = q < sc->len && sc->s[q] == '/' ? q + 1 : skip_blanks(sc, q);
		return (at(sc, a, "ACOEM") ? a + 5 : q) - p;
	}
	if ((n = longest(sc, q, &sc->vocab->alone))) {
		r->source = "MTUS";
		r->title = (struct name){sc->s + q, n};
		*named = 0;
		return q + n - p;
	}
	if (q != p || !(n = match(sc, p, &sc->vocab->names, &name)))
		return 0;
	r->source = name->canonical;
	q = p + n;
	size_t abbreviation = strlen(name->canonical), b = skip_blanks(sc, q);
	if (n > abbreviation && b + abbreviation + 2 <= sc->len && sc->s[b] == '('
	    && strncmp(sc->s + b + 1, name->canonical, abbreviation) == 0 && sc->s[b + 1 + abbreviation] == ')')
		q = b + abbreviation + 2;          /* "Official Disability Guidelines (ODG)" */
	if (strcmp(name->canonical, "ACOEM") == 0 && q < sc->len && sc->s[q] == '/' && at(sc, q + 1, "MTUS")) {
		r->source = "MTUS";                /* "ACOEM/MTUS" */
		q += 5;
	}
	return q - p;
}

/* A year or an edition written just before a guideline's name at p ("2016 MTUS", "the 2016 Chronic Pain
 * Treatment Guidelines", "Third Edition ACOEM"): moves r->start back over it and keeps it in r. */
static void reference_head(const struct scan *sc, struct ref *r, size_t p, size_t floor)
{
	size_t at_year;
	if (p >= floor + 5 && sc->s[p - 1] == ' ' && year_at(sc, p - 5, &at_year) == 4 && (p == 5 || sc->s[p - 6] == ' ')) {
		r->year = (struct name){sc->s + p - 5, 4};
		r->start = p - 5;
		return;
	}
	if (p < floor + 10 || sc->s[p - 1] != ' ' || strncasecmp(sc->s + p - 8, "Edition", 7) != 0)
		return;
	size_t w = p - 9;          /* the blank before "Edition" */
	while (w > floor && isalnum((unsigned char)sc->s[w - 1]))
		w--;
	struct name edition;
	if (sc->s[p - 9] == ' ' && edition_at(sc, w, &edition) == p - 1 - w) {
		r->edition = edition;
		r->start = w;
	}
}

/* Whether one of the 8 bytes of w is an ASCII capital, a '"' or a byte from 0x80 (SWAR: each byte's low seven bits
 * plus a constant carry into its high bit only, never into the next byte). */
static inline uint64_t may_hold_candidate(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x80 * ones, low = w & ~high;
	uint64_t capital = (low + (0x80 - 'A') * ones) & ~(low + (0x80 - 'Z' - 1) * ones) & high;
	uint64_t quote = ~((low ^ ('"' * ones)) + 0x7f * ones) & high;
	return capital | quote | (w & high);
}

/* The first byte at or after p that vocab->candidate marks, or len. Eight bytes at a time where none of them can
 * be one, when all are capitals, '"' or from 0x80. */
static size_t next_candidate(const char *text, size_t len, size_t p, const struct vocabulary *vocab)
{
	const char *candidate = vocab->candidate;
	for (;;) {
		uint64_t w;
		while (vocab->capitals && p + 8 <= len) {
			memcpy(&w, text + p, 8);
			if (may_hold_candidate(w))
				break;
			p += 8;
		}
		size_t end = p + 8 < len ? p + 8 : len;
		while (p < end && !candidate[(unsigned char)text[p]])
			p++;
		if (p < end || p == len)
			return p;
	}
}

void find_references(const char *text, size_t len, const struct vocabulary *vocab, struct marks *marks)
{
	/* the bytes where something may begin: a quotation mark ('"', or U+201C/D's first byte) and the first
	 * letters of the names a reference begins with (vocabulary_load); the scan jumps from one to the next
	 * (most bytes are none) */
	struct scan sc = {text, len, marks, vocab};
	int quoted = 0, opens;
	size_t resume = 0;             /* where the scan went on after a mark: a word may begin there */
	for (size_t p = 0, n; p < len;) {
		p = next_candidate(text, len, p, vocab);
		if (p == len)
			break;
		unsigned char c = (unsigned char)text[p];
		if (c == '"' || c == 0xe2) {
			if ((n = quote_at(&sc, p, &opens))) {
				quoted = opens;
				resume = p += n;
			} else {
				p++;
			}
			continue;
		}
		if (p != resume && isalnum((unsigned char)text[p - 1])) {     /* inside a word */
			p++;
			continue;
		}
		if (!(vocab->second[tolower(c)] & second_letter(p + 1 < len ? text[p + 1] : '\0'))) {
			while (p < len && isalnum((unsigned char)text[p]))
				p++;             /* no name begins with these two letters: most capitals */
			continue;
		}
		struct ref r = {.start = p};
		int named;
		if (!quoted && !(p >= 4 && at(&sc, p - 4, "Non"))      /* "Non MTUS" */
		    && (n = guideline_name(&sc, p, &r, &named))) {
			reference_head(&sc, &r, p, resume);
			size_t end = reference_tail(&sc, &r, p + n, named);
			ref_mark(&sc, &r, end);
			resume = p = end;
			continue;
		}
		while (p < len && isalnum((unsigned char)text[p]))
			p++;
	}
}
