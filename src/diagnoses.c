/* SPDX-License-Identifier: GPL-3.0-or-later */
/* diagnoses.c: the diagnoses of a clinical case summary (see diagnoses.h). A statement is an intro phrase and
 * the rest of its sentence; the list it holds splits at semicolons, then at commas, "and" and "as well as", and
 * the pieces that are no diagnosis of their own (more sites of a neighbour's condition, a qualifier, one of a
 * pair of conditions over one site) join their neighbour again. */
#include "diagnoses.h"

#include <ctype.h>
#include <stdio.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

extern const char imrc_diagnoses_start[], imrc_diagnoses_end[];

/* The entries of one kind of grammar/diagnoses.vocab, by first letter and then longest first: those beginning
 * with the byte c are at[start[c]] to at[start[c + 1] - 1]. */
struct phrases {
	const struct vocab_entry **at;
	size_t count;
	size_t start[257];
};

struct diagnosis_rules {
	struct vocab file;
	struct phrases intro, site, qualifier, paired, article, keep, none, stop, when, cancel;
	char intro_first[256];     /* the first letters of the intros, both cases: most words begin none */
	const struct vocab_entry *anchor[4];   /* words every intro holds one of: where to look for intros */
	char anchor_tail[4][2][32];  /* each anchor but its first letter, in lower and in upper case */
	size_t anchor_count;
	struct anchored *anchored;  /* the intros by their first anchor and the letter after it */
	size_t anchored_start[4 * 256 + 1];   /* those of anchor a and letter c: anchored[start[256a + c]] on */
	regex_t level;
};

/* An intro, the first anchor it holds (its index) and where that stands in it. */
struct anchored {
	const struct vocab_entry *intro;
	size_t anchor, offset;
};

/* The bucket of an anchored intro: its anchor, then the letter (lower case) after the anchor in it. */
static size_t anchored_key(const struct diagnosis_rules *r, const struct anchored *a)
{
	return 256 * a->anchor + (unsigned char)a->intro->text[a->offset + r->anchor[a->anchor]->len];
}

/* By first letter, then longer phrases first, so that the first intro found at a place is the longest there. */
static int longer_first(const void *a, const void *b)
{
	const struct vocab_entry *pa = *(const struct vocab_entry *const *)a, *pb = *(const struct vocab_entry *const *)b;
	unsigned char ca = (unsigned char)pa->text[0], cb = (unsigned char)pb->text[0];
	if (ca != cb)
		return (ca > cb) - (ca < cb);
	return (pa->len < pb->len) - (pa->len > pb->len);
}

struct diagnosis_rules *diagnosis_rules_new(void)
{
	struct diagnosis_rules *r = xcalloc(1, sizeof *r);
	vocab_parse(&r->file, imrc_diagnoses_start, imrc_diagnoses_end);
	struct phrases *lists[] = {&r->intro, &r->site, &r->qualifier, &r->paired, &r->article, &r->keep, &r->none,
				   &r->stop, &r->when, &r->cancel};
	static const char *const kinds[] = {"intro", "site", "qualifier", "paired", "article", "keep", "none",
					    "stop", "when", "cancel"};
	for (size_t k = 0; k < sizeof lists / sizeof *lists; k++) {
		lists[k]->at = vocab_kind(&r->file, kinds[k], &lists[k]->count);
		qsort(lists[k]->at, lists[k]->count, sizeof *lists[k]->at, longer_first);
		for (size_t c = 0, i = 0; c <= 256; c++) {
			while (i < lists[k]->count && (unsigned char)lists[k]->at[i]->text[0] < c)
				i++;
			lists[k]->start[c] = i;
		}
	}
	for (size_t i = 0; i < r->file.count; i++)
		if (strcmp(r->file.entries[i].kind, "anchor") == 0 && r->anchor_count < 4
		    && r->file.entries[i].len >= 2 && r->file.entries[i].len < 32) {
			const char *word = r->file.entries[i].text;
			for (size_t k = 1; word[k]; k++) {
				r->anchor_tail[r->anchor_count][0][k - 1] = (char)tolower((unsigned char)word[k]);
				r->anchor_tail[r->anchor_count][1][k - 1] = (char)toupper((unsigned char)word[k]);
			}
			r->anchor[r->anchor_count++] = &r->file.entries[i];
		}
	r->anchored = xcalloc(r->intro.count + 1, sizeof *r->anchored);
	for (size_t i = 0; i < r->intro.count; i++) {
		const char *text = r->intro.at[i]->text, *first = NULL;
		r->intro_first[(unsigned char)text[0]] = 1;
		r->intro_first[toupper((unsigned char)text[0])] = 1;
		for (size_t a = 0; a < r->anchor_count; a++) {
			const char *at = strstr(text, r->anchor[a]->text);
			if (at && (!first || at < first)) {
				first = at;
				r->anchored[i] = (struct anchored){r->intro.at[i], a, (size_t)(at - text)};
			}
		}
		if (!first) {       /* the data file is ours: a bug, not the letter's */
			fprintf(stderr, "imrc: grammar/diagnoses.vocab: the intro '%s' holds no anchor\n", text);
			exit(4);
		}
	}
	for (size_t i = 1; i < r->intro.count; i++)      /* insertion sort by bucket: stable, a few dozen */
		for (size_t j = i; j > 0 && anchored_key(r, &r->anchored[j - 1]) > anchored_key(r, &r->anchored[j]); j--) {
			struct anchored t = r->anchored[j];
			r->anchored[j] = r->anchored[j - 1];
			r->anchored[j - 1] = t;
		}
	for (size_t key = 0, i = 0; key <= 4 * 256; key++) {
		while (i < r->intro.count && anchored_key(r, &r->anchored[i]) < key)
			i++;
		r->anchored_start[key] = i;
	}
	const char *level = "^$";
	for (size_t i = 0; i < r->file.count; i++)
		if (strcmp(r->file.entries[i].kind, "level") == 0)
			level = r->file.entries[i].text;
	pattern_compile(&r->level, level);
	return r;
}

void diagnosis_rules_free(struct diagnosis_rules *r)
{
	if (!r)
		return;
	struct phrases *lists[] = {&r->intro, &r->site, &r->qualifier, &r->paired, &r->article, &r->keep, &r->none,
				   &r->stop, &r->when, &r->cancel};
	for (size_t k = 0; k < sizeof lists / sizeof *lists; k++)
		free(lists[k]->at);
	free(r->anchored);
	regfree(&r->level);
	vocab_free(&r->file);
	free(r);
}

/* Whether the n bytes at s and at t are the same but for the case of ASCII letters (strncasecmp, inline: most
 * comparisons here end at the first bytes, and the call cost more than the comparing). */
static int same_ignoring_case(const char *s, const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char a = (unsigned char)s[i], b = (unsigned char)t[i];
		if (a != b && (a | 0x20) != (b | 0x20))
			return 0;
		if (a != b && !((a | 0x20) >= 'a' && (a | 0x20) <= 'z'))
			return 0;
	}
	return 1;
}

/* Where the phrase p (lower case) stands at s in any case as whole words, within end: its end, or NULL. */
static const char *phrase_at(const char *s, const char *end, const struct vocab_entry *p)
{
	if ((size_t)(end - s) < p->len
	    || (p->len && ((unsigned char)s[p->len - 1] | 0x20) != ((unsigned char)p->text[p->len - 1] | 0x20))
	    || !same_ignoring_case(s, p->text, p->len))    /* the last byte first: where most phrases differ */
		return NULL;
	const char *e = s + p->len;
	if (e < end && isalnum((unsigned char)p->text[p->len - 1]) && isalnum((unsigned char)*e))
		return NULL;
	return e;
}

/* The end of the first phrase of list at s (the longest, as lists are sorted), or NULL. */
static const char *any_at(const struct phrases *list, const char *s, const char *end)
{
	if (s == end)
		return NULL;
	unsigned char c = (unsigned char)tolower((unsigned char)*s);
	for (size_t i = list->start[c]; i < list->start[c + 1]; i++) {
		const char *e = phrase_at(s, end, list->at[i]);
		if (e)
			return e;
	}
	return NULL;
}

/* Whether c ends a word of a diagnosis list: space and list punctuation. */
static int breaks_word(char c)
{
	return c == ' ' || c == ',' || c == ';' || c == ':' || c == '.' || c == '(' || c == ')' || c == '"';
}

/* Whether the word [w, w + n) is a spinal level ("L4-L5", "C5-6"). */
static int is_level(const struct diagnosis_rules *r, const char *w, size_t n)
{
	char word[32];
	if (n == 0 || n >= sizeof word)
		return 0;
	memcpy(word, w, n);
	word[n] = '\0';
	return regexec(&r->level, word, 0, NULL, 0) == 0;
}

/* Whether [s, e) holds at least one word and each of its words is one of list's (single-word entries); for the
 * site list, a spinal level counts too. */
static int only_words(const struct diagnosis_rules *r, const struct phrases *list, const char *s, const char *e)
{
	int words = 0;
	for (const char *p = s; p < e;) {
		while (p < e && breaks_word(*p))
			p++;
		const char *w = p;
		while (p < e && !breaks_word(*p))
			p++;
		if (w == p)
			break;
		const char *found = NULL;
		unsigned char c = (unsigned char)tolower((unsigned char)*w);
		for (size_t i = list->start[c]; i < list->start[c + 1] && !found; i++)
			if (list->at[i]->len == (size_t)(p - w) && same_ignoring_case(w, list->at[i]->text, list->at[i]->len))
				found = w;
		if (!found && !(list == &r->site && is_level(r, w, (size_t)(p - w))))
			return 0;
		words++;
	}
	return words > 0;
}

/* The last word of [s, e): its start; *len its length. */
static const char *last_word(const char *s, const char *e, size_t *len)
{
	const char *p = e;
	while (p > s && breaks_word(p[-1]))
		p--;
	const char *w = p;
	while (w > s && !breaks_word(w[-1]))
		w--;
	*len = (size_t)(p - w);
	return w;
}

/* A piece of a list: its text, and whether "and" (or "as well as") stands before it rather than a comma. */
struct piece {
	const char *s, *e;
	int after_and;
};

/* The length of the first word of piece p. */
static size_t first_word(const struct piece *p)
{
	size_t n = strcspn(p->s, " ,;");
	return n < (size_t)(p->e - p->s) ? n : (size_t)(p->e - p->s);
}

/* The end of the sentence that goes on at s: a full stop before a space, a capital or the end of the text, or
 * one that glues a word to a number ("radiculopathy.5/5/14"). */
static const char *sentence_end(const char *s)
{
	for (; *s; s++)
		if (*s == '.' && (s[1] == '\0' || s[1] == ' ' || isupper((unsigned char)s[1])
				  || (isdigit((unsigned char)s[1]) && isalpha((unsigned char)s[-1]))))
			return s;
	return s;
}

/* Where the list item numbered k ("k. " or "k) ") begins at s, after spaces: the end of its number, or NULL. */
static const char *numbered(const char *s, int k)
{
	while (*s == ' ')
		s++;
	char *end;
	long n = strtol(s, &end, 10);
	if (end == s || n != k || (*end != '.' && *end != ')') || end[1] != ' ')
		return NULL;
	return end + 1;
}

/* Trims spaces and list punctuation around a piece (a closing parenthesis stays: "pain (M25.561)") and a
 * leading or trailing "and", "or" or "as well as", then a leading article. */
static void trim(const struct diagnosis_rules *r, struct piece *p)
{
	static const struct vocab_entry words[] = {{"", "and ", 4}, {"", "or ", 3}, {"", "as well as ", 11}};
	for (int changed = 1; changed;) {
		changed = 0;
		while (p->s < p->e && strchr(" ,;:.-\"", *p->s))
			p->s++;
		while (p->e > p->s && strchr(" ,;:.", p->e[-1]))
			p->e--;
		for (size_t i = 0; i < 3 && !changed; i++) {
			size_t n = words[i].len, len = (size_t)(p->e - p->s);
			if (len > n && strncasecmp(p->s, words[i].text, n) == 0) {
				p->s += n;
				changed = 1;
			} else if (len >= n - 1 && (len == n - 1 || *(p->e - n) == ' ')
				   && strncasecmp(p->e - (n - 1), words[i].text, n - 1) == 0) {
				p->e -= n - 1;    /* "cervical strain, and 3) ...", or a piece "and" alone */
				changed = 1;
			}
		}
	}
	for (size_t i = 0; i < r->article.count; i++) {
		const char *e = phrase_at(p->s, p->e, r->article.at[i]);
		if (e && e < p->e && *e == ' ') {
			p->s = e + 1;
			break;
		}
	}
}

/* Where a list word splits [s, e) at s: the end of the separator (", ", ", and ", " and ", " as well as "), or
 * NULL. "and or" does not split; neither does "and" after a keep word (kept says whether one has been seen in
 * the piece). The caller skips what stands in parentheses ("(M54.5, M54.16)"). */
static const char *separator_at(const char *s, const char *e, int kept)
{
	if (*s == ',')
		return s + 1;
	static const char *const words[] = {" and ", " as well as "};
	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(words[i]);
		if ((size_t)(e - s) > n && memcmp(s, words[i], n) == 0) {
			if (kept || ((size_t)(e - s) > n + 3 && strncasecmp(s + n, "or ", 3) == 0))
				return NULL;
			return s + n - 1;
		}
	}
	return NULL;
}

/* Splits the group [s, e) (no semicolon in it) into pieces; returns how many (at most max). */
static size_t split_group(const struct diagnosis_rules *r, const char *s, const char *e, struct piece *pieces,
			  size_t max)
{
	size_t n = 0;
	int kept = 0, after_and = 0, depth = 0;
	const char *start = s;
	for (const char *p = s; p < e && n + 1 < max; p++) {
		depth += (*p == '(') - (*p == ')' && depth > 0);
		if ((p == s || p[-1] == ' ') && any_at(&r->keep, p, e))
			kept = 1;
		const char *sep = depth ? NULL : separator_at(p, e, kept);
		if (!sep)
			continue;
		const char *q = start;
		while (q < p && *q == ' ')
			q++;
		if (q < p)                 /* ", and": the word after a comma splits nothing more */
			pieces[n++] = (struct piece){start, p, after_and};
		if (q < p || *p == ',')
			after_and = *p != ',';
		kept = *p == ',' ? 0 : kept;
		start = sep;
		p = sep - 1;
	}
	pieces[n++] = (struct piece){start, e, after_and};
	size_t kept_n = 0;
	for (size_t i = 0; i < n; i++) {
		trim(r, &pieces[i]);
		if (pieces[i].e > pieces[i].s)
			pieces[kept_n++] = pieces[i];
	}
	return kept_n;
}

/* Appends the diagnosis [s, e) to the list unless it is there already. */
static void add(const char *s, const char *e, struct arena *arena, const char ***list, size_t *count, size_t *cap)
{
	size_t len = (size_t)(e - s);
	for (size_t i = 0; i < *count; i++)
		if (strlen((*list)[i]) == len && memcmp((*list)[i], s, len) == 0)
			return;
	if (*count == *cap) {
		size_t more = *cap ? 2 * *cap : 8;
		const char **grown = arena_alloc(arena, more * sizeof *grown);
		if (*count)
			memcpy(grown, *list, *count * sizeof *grown);
		*list = grown;
		*cap = more;
	}
	(*list)[(*count)++] = arena_strndup(arena, s, len);
}

/* The diagnoses of one group: its pieces, each joined to its neighbour where it is no diagnosis of its own. */
static void read_group(const struct diagnosis_rules *r, const char *s, const char *e, struct arena *arena,
		       const char ***list, size_t *count, size_t *cap)
{
	enum { MAX = 64 };
	struct piece pieces[MAX];
	int join[MAX] = {0};             /* join[i]: piece i continues the diagnosis of piece i - 1 */
	size_t n = split_group(r, s, e, pieces, MAX);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		if (i > 0 && any_at(&r->qualifier, pieces[i].s, pieces[i].e))
			join[i] = 1;
		const char *w = i > 0 ? last_word(pieces[i - 1].s, pieces[i - 1].e, &len) : NULL;
		if (w && pieces[i].after_and && is_level(r, w, len) && is_level(r, pieces[i].s, first_word(&pieces[i])))
			join[i] = 1;      /* "L4-L5 and L5-S1 fusion" */
		if (only_words(r, &r->paired, pieces[i].s, pieces[i].e)) {
			if (w && pieces[i].after_and && only_words(r, &r->paired, w, w + len))
				join[i] = 1;
			else if (i + 1 < n && pieces[i + 1].after_and)
				join[i + 1] = 1;
		}
	}
	for (size_t i = 0; i < n;) {       /* runs of pieces that only name sites */
		size_t j = i;
		while (j < n && only_words(r, &r->site, pieces[j].s, pieces[j].e))
			j++;
		if (j == i) {
			i++;
			continue;
		}
		if (j < n && only_words(r, &r->site, pieces[j].s, pieces[j].s + first_word(&pieces[j])))
			for (size_t k = i + 1; k <= j; k++)
				join[k] = 1;
		else if (i > 0)
			for (size_t k = i; k < j; k++)
				join[k] = 1;
		else if (j < n)
			for (size_t k = i + 1; k <= j; k++)
				join[k] = 1;
		i = j;
	}
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && join[j])
			j++;
		add(pieces[i].s, pieces[j - 1].e, arena, list, count, cap);
		i = j;
	}
}

/* Whether a when phrase followed by a number (a date, a year) begins at p: "on 03/04/2015", "in 2014". */
static int dated_at(const struct diagnosis_rules *r, const char *p, const char *e)
{
	const char *w = any_at(&r->when, p, e);
	while (w && w < e && *w == ' ')
		w++;
	return w && w < e && isdigit((unsigned char)*w);
}

/* The diagnoses of the list [s, e), up to a stop phrase or a date: each group between semicolons. */
static void read_list(const struct diagnosis_rules *r, const char *s, const char *e, struct arena *arena,
		      const char ***list, size_t *count, size_t *cap)
{
	for (const char *p = s; p < e; p++)
		if (p[-1] == ' ' && (any_at(&r->stop, p, e) || dated_at(r, p, e))) {
			e = p;
			break;
		}
	for (const char *g = s; g < e;) {
		const char *semi = memchr(g, ';', (size_t)(e - g));
		const char *ge = semi ? semi : e;
		read_group(r, g, ge, arena, list, count, cap);
		g = semi ? semi + 1 : e;
	}
}

/* Whether a cancel phrase ends just before the intro at p, an article between them allowed ("to rule out a
 * diagnosis of"): the words cancel phrases hold are few, so the place before p is read word by word. */
static int cancelled(const struct diagnosis_rules *r, const char *text, const char *p)
{
	const char *end = p;
	while (end > text && end[-1] == ' ')
		end--;
	size_t len;
	const char *w = last_word(text, end, &len);
	if (len && any_at(&r->article, w, end) == end) {
		end = w;
		while (end > text && end[-1] == ' ')
			end--;
	}
	for (size_t words = 0, n; words < 3 && end > text; words++) {
		w = last_word(text, end, &n);
		if (!n || w + n != end)
			return 0;
		if ((w == text || w[-1] == ' ') && any_at(&r->cancel, w, p) && any_at(&r->cancel, w, p) >= end)
			return 1;
		end = w;
		while (end > text && end[-1] == ' ')
			end--;
	}
	return 0;
}

/* Where each anchor is next found, the search moving through the text once: its tail after the first letter
 * (glibc's strstr is fast, strcasestr is not) in lower and in upper case, then the letter before it in any case. */
struct anchor_search {
	const char *text;
	const char *next[4][2];    /* per anchor, the next lower-case and upper-case tail (NULL: none) */
};

/* The next place at or after p where anchor a's tail (case c: 0 lower, 1 upper) stands after its first letter. */
static const char *tail_at(const struct diagnosis_rules *r, const struct anchor_search *s, size_t a, int c,
			   const char *p)
{
	const char *tail = r->anchor_tail[a][c];
	for (const char *at = strstr(p + (p > s->text), tail); at; at = strstr(at + 1, tail))
		if (at > s->text && tolower((unsigned char)at[-1]) == r->anchor[a]->text[0] && at - 1 >= p)
			return at - 1;
	return NULL;
}

/* The first place at or after p that holds an anchor word, in any case, or NULL. */
static const char *next_anchor(const struct diagnosis_rules *r, struct anchor_search *s, const char *p)
{
	const char *first = NULL;
	for (size_t a = 0; a < r->anchor_count; a++)
		for (int c = 0; c < 2; c++) {
			const char **at = &s->next[a][c];
			if (*at && *at < p)
				*at = tail_at(r, s, a, c, p);
			if (*at && (!first || *at < first))
				first = *at;
		}
	return first;
}

/* The earliest intro that begins at or after p, as a whole word, and whose first anchor is the one at a (an intro
 * that begins before the next anchor holds that one first): its start, the longest there, its end in *after; or
 * NULL. Only the intros of the anchor's buckets are tried: those with the letter after a after their anchor, and
 * those that end in it. */
static const char *intro_at(const struct diagnosis_rules *r, const char *text, const char *p, const char *a,
			    const char *text_end, const char **after)
{
	const char *best = NULL;
	for (size_t k = 0; k < r->anchor_count; k++) {
		size_t alen = r->anchor[k]->len;
		if ((size_t)(text_end - a) < alen || !same_ignoring_case(a, r->anchor[k]->text, alen))
			continue;
		size_t next = (unsigned char)tolower((unsigned char)a[alen]);
		size_t keys[2] = {256 * k + next, 256 * k};     /* the second: intros that end in their anchor */
		for (size_t j = 0; j < (next ? 2u : 1u); j++) {
			for (size_t i = r->anchored_start[keys[j]]; i < r->anchored_start[keys[j] + 1]; i++) {
				size_t offset = r->anchored[i].offset;
				if ((size_t)(a - p) < offset)
					continue;
				const char *s = a - offset, *e;
				if ((best && s > best) || (s > text && isalnum((unsigned char)s[-1])))
					continue;
				if ((e = phrase_at(s, text_end, r->anchored[i].intro)) && (!best || s < best || e > *after)) {
					best = s;
					*after = e;
				}
			}
		}
	}
	return best;
}

void diagnoses_read(const struct diagnosis_rules *r, const char *text, struct arena *arena, const char ***list,
		    size_t *count)
{
	size_t cap = *count;
	const char *text_end = text + strlen(text);
	struct anchor_search search = {.text = text};
	for (size_t a = 0; a < r->anchor_count; a++)
		for (int c = 0; c < 2; c++)
			search.next[a][c] = tail_at(r, &search, a, c, text);
	const char *anchor = next_anchor(r, &search, text);
	for (const char *p = text; *p;) {
		if (anchor && anchor < p)         /* passed: the next one */
			anchor = next_anchor(r, &search, p);
		if (!anchor)
			break;
		const char *after = NULL, *start = intro_at(r, text, p, anchor, text_end, &after);
		if (!start) {
			p = anchor + 1;
			continue;
		}
		p = start;
		for (const char *q = p + 1; q < after; q++) {  /* an intro inside this one may go on further */
			const char *e = q[-1] == ' ' && r->intro_first[(unsigned char)*q] ? any_at(&r->intro, q, text_end)
										       : NULL;
			if (e && e > after)
				after = e;
		}
		while (*after == ' ' || *after == ':')
			after++;
		const char *end = sentence_end(after);
		if (any_at(&r->none, after, end) || cancelled(r, text, p)) {
			p = end;
			continue;
		}
		const char *item = numbered(after, 1);
		for (int k = 2; item; k++) {    /* "1. Degenerative cervical disk disease. 2. Mild stenosis." */
			end = sentence_end(item);
			const char *next = *end ? numbered(end + 1, k) : NULL, *stop = end;
			for (const char *q = item; q < end && !next; q++)     /* "1) lumbar strain 2) ..." */
				if (*q == ' ' && (next = numbered(q, k)))
					stop = q;
			read_list(r, item, stop, arena, list, count, &cap);
			item = next;
		}
		if (!numbered(after, 1))
			read_list(r, after, end, arena, list, count, &cap);
		p = *end ? end + 1 : end;
	}
}
