/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fields.c: the indexed fields of a letter (see fields.h). */
#include "fields.h"

#include "diagnoses.h"

#include <ctype.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct { const char *name, *code; } states[] = {
	{"Alabama", "AL"}, {"Alaska", "AK"}, {"Arizona", "AZ"}, {"Arkansas", "AR"}, {"California", "CA"},
	{"Colorado", "CO"}, {"Connecticut", "CT"}, {"Delaware", "DE"}, {"District of Columbia", "DC"},
	{"Florida", "FL"}, {"Georgia", "GA"}, {"Hawaii", "HI"}, {"Idaho", "ID"}, {"Illinois", "IL"},
	{"Indiana", "IN"}, {"Iowa", "IA"}, {"Kansas", "KS"}, {"Kentucky", "KY"}, {"Louisiana", "LA"},
	{"Maine", "ME"}, {"Maryland", "MD"}, {"Massachusetts", "MA"}, {"Michigan", "MI"}, {"Minnesota", "MN"},
	{"Mississippi", "MS"}, {"Missouri", "MO"}, {"Montana", "MT"}, {"Nebraska", "NE"}, {"Nevada", "NV"},
	{"New Hampshire", "NH"}, {"New Jersey", "NJ"}, {"New Mexico", "NM"}, {"New York", "NY"},
	{"North Carolina", "NC"}, {"North Dakota", "ND"}, {"Ohio", "OH"}, {"Oklahoma", "OK"}, {"Oregon", "OR"},
	{"Pennsylvania", "PA"}, {"Rhode Island", "RI"}, {"South Carolina", "SC"}, {"South Dakota", "SD"},
	{"Tennessee", "TN"}, {"Texas", "TX"}, {"Utah", "UT"}, {"Vermont", "VT"}, {"Virginia", "VA"},
	{"Washington", "WA"}, {"West Virginia", "WV"}, {"Wisconsin", "WI"}, {"Wyoming", "WY"},
};

/* The USPS code of a state or DC as written ("California", "north carolina"), or NULL. */
static const char *state_code(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
		if (strlen(states[i].name) == len && strncasecmp(states[i].name, name, len) == 0)
			return states[i].code;
	return NULL;
}

int date_is_real(int year, int month, int day)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1)
		return 0;
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return day <= days[month - 1] + (month == 2 && leap);
}

/* Writes "YYYY-MM-DD" for a real date given as "MM/DD/YYYY" (the scanner's DATE) and returns 0; returns -1 if it is
 * no such date. */
static int us_date_to_iso(const char *text, size_t len, char out[11])
{
	static const char shape[] = "00/00/0000";
	if (len != sizeof shape - 1)
		return -1;
	for (size_t i = 0; i < len; i++)
		if (shape[i] == '/' ? text[i] != '/' : !isdigit((unsigned char)text[i]))
			return -1;
	int month = (text[0] - '0') * 10 + text[1] - '0', day = (text[3] - '0') * 10 + text[4] - '0';
	int year = ((text[6] - '0') * 10 + text[7] - '0') * 100 + (text[8] - '0') * 10 + text[9] - '0';
	if (!date_is_real(year, month, day))
		return -1;
	memcpy(out, text + 6, 4);
	out[4] = '-';
	memcpy(out + 5, text, 2);
	out[7] = '-';
	memcpy(out + 8, text + 3, 2);
	out[10] = '\0';
	return 0;
}

/* The text of a field's value: a VALUE node, or the lines of a PARAGRAPH joined by single spaces. */
static char *field_text(const struct node *field, struct arena *arena)
{
	const struct node *value = field->first ? field->first->next : NULL;
	if (!value)
		return arena_strndup(arena, "", 0);
	if (value->kind == NODE_VALUE)
		return arena_strndup(arena, value->text, value->text_len);
	struct buffer buf = {0};
	for (const struct node *line = value->first; line; line = line->next) {
		if (buf.len)
			buffer_addc(&buf, ' ');
		buffer_add(&buf, line->text, line->text_len);
	}
	char *s = arena_strndup(arena, buf.data ? buf.data : "", buf.len);
	buffer_free(&buf);
	return s;
}

/* Splits a comma-separated list ("Arizona, California", "Texas,Ohio") into trimmed, non-empty parts. */
static const char **split_list(char *text, struct arena *arena, size_t *count)
{
	size_t n = 1;
	for (const char *p = text; *p; p++)
		n += *p == ',';
	const char **parts = arena_alloc(arena, n * sizeof *parts);
	*count = 0;
	for (char *part = text, *comma; part; part = comma) {
		comma = strchr(part, ',');
		if (comma)
			*comma++ = '\0';
		while (*part == ' ')
			part++;
		size_t len = strlen(part);
		while (len > 0 && part[len - 1] == ' ')
			part[--len] = '\0';
		if (len)
			parts[(*count)++] = part;
	}
	return parts;
}

/* The value of one header field (a VALUE node; its field is given). */
static void header_value(enum field field, const struct node *value, const struct text *text, struct arena *arena,
			 struct fields *out, struct diagnostics *d)
{
	char *dest = NULL;
	switch (field) {
	case FIELD_CASE_NUMBER:
		out->case_number = arena_strndup(arena, value->text, value->text_len);
		return;
	case FIELD_PRIORITY:
		out->priority = value->text[0] == 'S' ? "standard" : "expedited";
		return;
	case FIELD_ASSIGNED: dest = out->assigned; break;
	case FIELD_DECIDED: dest = out->decided; break;
	case FIELD_UR_DENIED: dest = out->ur_denied; break;
	case FIELD_RECEIVED: dest = out->received; break;
	case FIELD_INJURED: dest = out->injured; break;
	default: return;
	}
	if (us_date_to_iso(value->text, value->text_len, dest) != 0) {
		dest[0] = '\0';
		diag_at(d, SEVERITY_WARNING, text->origin[value->span.start], "'%s' is not a real date: left out",
			value->text);
	}
}

static size_t where_named(const struct node *field, const char *name);

/* Sets the licensures from the states as written, each with its USPS code; warns of a name that is no state, at
 * the name in the credentials field when there is one, else at the offset fallback of the normalised text. */
static void set_licensures(struct fields *out, const char **names, size_t count, const struct node *field,
			   size_t fallback, const struct text *text, struct arena *arena, struct diagnostics *d)
{
	out->licensures = arena_alloc(arena, (count ? count : 1) * sizeof *out->licensures);
	out->licensure_count = count;
	for (size_t i = 0; i < count; i++) {
		out->licensures[i].name = names[i];
		out->licensures[i].state = state_code(names[i], strlen(names[i]));
		int shown = d->warnings < DIAG_MAX_WARNINGS;        /* finding the name costs: only for shown ones */
		if (!out->licensures[i].state)
			diag_at(d, SEVERITY_WARNING, text->origin[field && shown ? where_named(field, names[i]) : fallback],
				"'%s' is not a US state: licensure kept without a state code", names[i]);
	}
}

/* Where name is written in the lines of a credentials field (the start of its value when it is not found). */
static size_t where_named(const struct node *field, const char *name)
{
	const struct node *value = field->first->next;
	for (const struct node *line = value->first; line; line = line->next) {
		const char *at = strstr(line->text, name);
		if (at)
			return line->span.start + (size_t)(at - line->text);
	}
	return value->span.start;
}

static void credentials(const struct node *creds, const struct text *text, struct arena *arena,
			struct fields *out, struct diagnostics *d)
{
	for (const struct node *f = creds->first; f; f = f->next) {
		if (f->kind != NODE_FIELD)
			continue;
		size_t count;
		const char **parts = split_list(field_text(f, arena), arena, &count);
		if (f->sub == FIELD_SPECIALTY) {
			out->specialties = parts;
			out->specialty_count = count;
			continue;
		}
		set_licensures(out, parts, count, f, f->span.start, text, arena, d);
	}
}

void fields_header(const struct node *letter, const struct text *text, struct arena *arena,
		   struct fields *out, struct diagnostics *d)
{
	memset(out, 0, sizeof *out);
	out->age = -1;
	const struct node *header = node_child(letter, NODE_CASE_HEADER);
	for (const struct node *f = header ? header->first : NULL; f; f = f->next)
		header_value(f->sub, f->first->next, text, arena, out, d);
	const struct node *how = node_child(letter, NODE_HOW_MADE);
	const struct node *creds = how ? node_child(how, NODE_CREDENTIALS) : NULL;
	if (creds)
		credentials(creds, text, arena, out, d);
}

/* ---- running text ----------------------------------------------------------------------------------------- */

extern const char imrc_verdicts_start[], imrc_verdicts_end[];

/* The entries of grammar/verdicts.vocab of one kind. */
struct word_list {
	const struct vocab_entry **at;
	size_t count;
	char first[256];           /* the first letters of its words: most words of a sentence are none of them */
};

/* grammar/verdicts.vocab, by kind (see its header). */
struct verdict_words {
	struct vocab file;
	struct word_list verdict, noun, verb, negation, advisory;
};

struct field_rules {
	regex_t injured_before, injured_after;
	struct verdict_words verdicts;
	struct diagnosis_rules *diagnoses;
};

/* Reads the embedded grammar/verdicts.vocab into w, its entries sorted into their kinds' lists. */
static void verdict_words_load(struct verdict_words *w)
{
	vocab_parse(&w->file, imrc_verdicts_start, imrc_verdicts_end);
	struct word_list *lists[] = {&w->verdict, &w->noun, &w->verb, &w->negation, &w->advisory};
	static const char *const kinds[] = {"verdict", "noun", "verb", "negation", "advisory"};
	for (size_t k = 0; k < 5; k++) {
		lists[k]->at = vocab_kind(&w->file, kinds[k], &lists[k]->count);
		for (size_t i = 0; i < lists[k]->count; i++)
			lists[k]->first[(unsigned char)lists[k]->at[i]->text[0]] = 1;
	}
}

static void verdict_words_free(struct verdict_words *w)
{
	free(w->verdict.at);
	free(w->noun.at);
	free(w->verb.at);
	free(w->negation.at);
	free(w->advisory.at);
	vocab_free(&w->file);
}



struct field_rules *field_rules_new(void)
{
	struct field_rules *r = xcalloc(1, sizeof *r);
	pattern_compile(&r->injured_before, "\\b(injury|injury date|date of injury|injured)( (on|of))?:? ?$");
	pattern_compile(&r->injured_after, "^,? date of injury\\b");
	verdict_words_load(&r->verdicts);
	r->diagnoses = diagnosis_rules_new();
	return r;
}

void field_rules_free(struct field_rules *r)
{
	if (!r)
		return;
	regfree(&r->injured_before);
	regfree(&r->injured_after);
	verdict_words_free(&r->verdicts);
	diagnosis_rules_free(r->diagnoses);
	free(r);
}

static const char *sex_of(const char *word)
{
	return strncasecmp(word, "male", 4) == 0 || strncasecmp(word, "man", 3) == 0
	       || strncasecmp(word, "gentleman", 9) == 0 ? "male" : "female";
}

/* The summary's phrasings are matched by hand, as the POSIX patterns (REG_ICASE) that were used would match
 * them, text[0, end) standing for the text they were run on: each part below leaves a single way on, so the
 * match at a place is the only one there, and the first place that matches is the pattern's leftmost match. */

/* Whether \b holds at text[i] (C locale): a word character (letter, digit or '_') on one side only, outside
 * text[0, end) counting as none. */
static int word_boundary(const char *text, size_t i, size_t end)
{
	int before = i > 0 && (isalnum((unsigned char)text[i - 1]) || text[i - 1] == '_');
	return before != (i < end && (isalnum((unsigned char)text[i]) || text[i] == '_'));
}

/* The end of the lower-case word w at text[i] in any case, within end, or 0. */
static size_t word_end(const char *text, size_t i, size_t end, const char *w)
{
	size_t n = strlen(w);
	return i <= end && n <= end - i && strncasecmp(text + i, w, n) == 0 ? i + n : 0;
}

/* Where (male|female|man|woman|gentleman|lady)\b at text[i] ends, or 0 (the words differ by their first three
 * letters: one at most is there). */
static size_t sex_at(const char *text, size_t i, size_t end)
{
	static const char *const words[] = {"male", "female", "man", "woman", "gentleman", "lady"};
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
		size_t e = word_end(text, i, end, words[k]);
		if (e && word_boundary(text, e, end))
			return e;
	}
	return 0;
}

/* Where \b[0-9]{1,3}[- ]years?[- ]old ("45-year-old", "45 years old") at text[s] ends, or 0. */
static size_t age_at(const char *text, size_t s, size_t end)
{
	size_t i = s;
	while (i < end && isdigit((unsigned char)text[i]))
		i++;
	if (i == s || i - s > 3 || !word_boundary(text, s, end) || i == end || (text[i] != '-' && text[i] != ' ')
	    || !(i = word_end(text, i + 1, end, "year")))
		return 0;
	if (i < end && tolower((unsigned char)text[i]) == 's')
		i++;
	if (i == end || (text[i] != '-' && text[i] != ' '))
		return 0;
	return word_end(text, i + 1, end, "old");
}

/* Age and sex from the summary's own phrasing ("46-year-old male", "43 years old female", "is a female"):
 * "N-year-old,? SEX" in a window at each "year" of the text (the window the pattern was run on), else the age
 * alone ("N-year-old\b") and the sex alone ("\b(is|was) an? SEX"). */
static void age_and_sex(const char *text, struct fields *out)
{
	size_t len = strlen(text);
	for (const char *year = strstr(text, "year"); year; year = strstr(year + 4, "year")) {
		size_t from = (size_t)(year - text) > 5 ? (size_t)(year - text) - 5 : 0;
		size_t end = len - from < 40 ? len : from + 40, age = SIZE_MAX;
		for (size_t s = from; s < end; s++) {
			size_t e = age_at(text, s, end);
			if (!e)
				continue;
			size_t sex = e + (e < end && text[e] == ',');
			if (sex < end && text[sex] == ' ' && sex_at(text, sex + 1, end)) {
				out->age = atoi(text + s);
				out->sex = sex_of(text + sex + 1);
				return;
			}
			if (age == SIZE_MAX && word_boundary(text, e, end))
				age = s;
		}
		if (out->age < 0 && age != SIZE_MAX)
			out->age = atoi(text + age);
	}
	for (size_t s = 0; s < len; s++) {
		int c = tolower((unsigned char)text[s]);
		size_t i = c == 'i' ? word_end(text, s, len, "is a") : c == 'w' ? word_end(text, s, len, "was a") : 0;
		if (!i || !word_boundary(text, s, len))
			continue;
		if (i < len && tolower((unsigned char)text[i]) == 'n')
			i++;
		if (i < len && text[i] == ' ' && sex_at(text, i + 1, len)) {
			out->sex = sex_of(text + i + 1);
			return;
		}
	}
}

/* The date of injury from a summary paragraph: the first date mark of a whole date (not "October 2016") after "industrial injury on", "injury date
 * of", "date of injury:" and the like, or before ", date of injury". Returns the mark, or NULL. */
static const struct node *injury_date(const struct field_rules *r, const struct node *para)
{
	struct buffer before = {0};
	const struct node *found = NULL;
	for (const struct node *c = para->first; c && !found; c = c->next) {
		if (c->kind == NODE_MARK && strcmp(c->name, "date") == 0 && strlen(node_attr(c, "value")) == 10) {
			const char *after = c->next && c->next->kind == NODE_TEXT ? c->next->text : "";
			regmatch_t tail = {(regoff_t)(before.len > 40 ? before.len - 40 : 0), (regoff_t)before.len};
			if ((before.len && regexec(&r->injured_before, before.data, 1, &tail, REG_STARTEND) == 0)
			    || regexec(&r->injured_after, after, 0, NULL, 0) == 0)
				found = c;
		}
		if (c->kind == NODE_TEXT)
			buffer_add(&before, c->text, c->text_len);
		else
			node_plain_text(c, &before);
	}
	buffer_free(&before);
	return found;
}

/* The value node of a case header's field, or NULL. */
static const struct node *field_value(const struct node *letter, enum field field)
{
	const struct node *header = node_child(letter, NODE_CASE_HEADER);
	for (const struct node *c = header ? header->first : NULL; c; c = c->next) {
		if (c->kind == NODE_VALUE && c->sub == (int)field)         /* pdftotext: apart from its label */
			return c;
		if (c->kind == NODE_FIELD && c->sub == (int)field)
			return node_child(c, NODE_VALUE);
	}
	return NULL;
}

/* The summary's date of injury (the mark date): the patient's when the header gives none; a warning at it when
 * the header gives another. */
static void summary_injury(const struct node *letter, const struct node *date, const struct text *text,
			   struct fields *out, struct diagnostics *d)
{
	const char *value = node_attr(date, "value");
	if (!out->injured[0]) {
		snprintf(out->injured, sizeof out->injured, "%s", value);
		return;
	}
	if (strcmp(value, out->injured) == 0)
		return;
	struct buffer said = {0};
	node_plain_text(date, &said);
	const struct node *v = field_value(letter, FIELD_INJURED);
	const char *h = v ? v->text : out->injured;
	size_t hn = v ? v->text_len : strlen(out->injured);
	while (hn && (*h == ' ' || *h == '\t'))
		h++, hn--;
	while (hn && (h[hn - 1] == ' ' || h[hn - 1] == '\t'))
		hn--;
	diag_at(d, SEVERITY_WARNING, text->origin[date->span.start],
		"the summary's date of injury (%s) is not the header's (%.*s)", said.data, (int)hn, h);
	buffer_free(&said);
}

/* The credential sentence of 2014-15 letters: "The expert reviewer is Board Certified in S[, has a subspecialty
 * in U][,] and is licensed to practice in STATE." */
static void credential_sentence(const char *text, const struct text *t, const struct node *at,
				struct arena *arena, struct fields *out, struct diagnostics *d)
{
	static const char board[] = "Board Certified in ", licensed[] = " is licensed to practice in ",
			  sub[] = ", has a subspecialty in ";
	const char *s = strstr(text, board);
	const char *l = s ? strstr(s, licensed) : NULL;
	if (!l)
		return;
	s += sizeof board - 1;
	const char *e = l;
	if (e - s > 4 && strncmp(e - 4, " and", 4) == 0)
		e -= 4;
	if (e > s && e[-1] == ',')
		e--;
	const char *u = strstr(s, sub);
	if (u && u < e) {
		out->subspecialties = arena_alloc(arena, sizeof *out->subspecialties);
		out->subspecialties[0] = arena_strndup(arena, u + sizeof sub - 1, (size_t)(e - u) - (sizeof sub - 1));
		out->subspecialty_count = 1;
		e = u;
	}
	out->specialties = arena_alloc(arena, sizeof *out->specialties);
	out->specialties[0] = arena_strndup(arena, s, (size_t)(e - s));
	out->specialty_count = 1;
	const char *named = l + sizeof licensed - 1;
	size_t n = strcspn(named, ".");
	char *list = arena_strndup(arena, named, n);
	for (char *and; (and = strstr(list, " and "));)
		memcpy(and, ",   ", 4);
	size_t count;
	const char **parts = split_list(list, arena, &count);
	set_licensures(out, parts, count, NULL, at->span.start, t, arena, d);
}

/* Where sentence [s, e) holds word as a whole word (both in lower case), or NULL. */
static const char *find_word(const char *s, const char *e, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = s; p + n <= e; p++) {
		p = memchr(p, word[0], (size_t)(e - p) - n + 1);
		if (!p)
			break;
		if (strncmp(p, word, n) == 0 && (p == s || !isalpha((unsigned char)p[-1]))
		    && (p + n == e || !isalpha((unsigned char)p[n])))
			return p;
	}
	return NULL;
}

/* Whether one of the phrases of list stands in [s, e) as a whole word; with where, the last place of one that
 * does, and its length in *len. */
static int has_phrase(const struct word_list *list, const char *s, const char *e, const char **where, size_t *len)
{
	int found = 0;
	for (size_t i = 0; i < list->count; i++) {
		for (const char *p = s, *at; (at = find_word(p, e, list->at[i]->text)); p = at + 1) {
			found = 1;
			if (!where)
				return 1;
			if (!*where || at > *where) {
				*where = at;
				*len = list->at[i]->len;
			}
		}
	}
	return found;
}

/* Whether the word [w, w + n) is one of list's words. */
static int is_word(const struct word_list *list, const char *w, size_t n)
{
	if (!list->first[(unsigned char)w[0]])
		return 0;
	for (size_t i = 0; i < list->count; i++)
		if (list->at[i]->len == n && list->at[i]->text[0] == w[0] && memcmp(list->at[i]->text, w, n) == 0)
			return 1;
	return 0;
}

/* The next word in [*p, e) (letters and apostrophes), or NULL; *p moves past it. */
static const char *next_word(const char **p, const char *e, size_t *n)
{
	const char *s = *p;
	while (s < e && !isalpha((unsigned char)*s))
		s++;
	const char *w = s;
	while (s < e && (isalpha((unsigned char)*s) || *s == '\'' || (e - s >= 3 && memcmp(s, "\xE2\x80\x99", 3) == 0)))
		s += *s == '\'' || isalpha((unsigned char)*s) ? 1 : 3;
	*p = s;
	*n = (size_t)(s - w);
	return s > w ? w : NULL;
}

/* Whether the word [w, w + n) negates: a negation word, or one ending in "n't". */
static int is_negation(const struct verdict_words *words, const char *w, size_t n)
{
	return is_word(&words->negation, w, n) || (n > 3 && memcmp(w + n - 3, "n't", 3) == 0)
	       || (n > 5 && memcmp(w + n - 5, "n\xE2\x80\x99t", 5) == 0);
}

/* Whether [s, e) holds a negation. */
static int negated(const struct verdict_words *words, const char *s, const char *e)
{
	size_t n;
	for (const char *p = s, *w; (w = next_word(&p, e, &n));)
		if (is_negation(words, w, n))
			return 1;
	return 0;
}

/* Whether the verdict at [v, v + len) of sentence [s, e) is negative, judged on the sentence's grammar, in one pass
 * over its words:
 * - the verdict's clause begins after the last comma or semicolon before it that ends a clause of its own (one
 *   with a finite verb: "As the surgery is not medically necessary, ...");
 * - its verb group runs from the clause's last finite verb, and the verbs and negations right before it ("does
 *   not appear"), to the verdict; a negation counts only there, so the request's name, the subject, never
 *   negates it ("MRI without contrast is medically necessary"), while "is not supported by the records as being
 *   medically necessary" is negative; with no finite verb, the whole clause counts;
 * - a noun verdict ("medical necessity") may have its verb after it ("... has not been established");
 * - a clause that hangs on a "that" of a negated one ("There is no evidence that X is medically necessary") turns
 *   the verdict over. */
static int negative_verdict(const struct verdict_words *words, const char *s, const char *e, const char *v, size_t len,
			    int noun)
{
	const char *clause = s, *group = NULL, *run = NULL, *first_negation = NULL, *last_negation = NULL;
	const char *that = NULL, *p = s, *w, *prev_end = s;
	int clause_verb = 0;
	size_t n;
	while ((w = next_word(&p, v, &n))) {
		const char *comma = NULL;      /* the last comma or semicolon between the last word and this one */
		for (const char *q = prev_end; q < w; q++)
			if (*q == ',' || *q == ';')
				comma = q;
		if (comma) {
			run = NULL;
			if (clause_verb) {         /* a clause of its own ends there */
				clause = comma + 1;
				clause_verb = 0;
				group = first_negation = last_negation = that = NULL;
			}
		}
		int verb = is_word(&words->verb, w, n), negation = is_negation(words, w, n);
		if (!verb && !negation)
			run = NULL;
		else if (!run)
			run = w;
		if (verb) {
			group = run;
			clause_verb = 1;
		}
		if (negation) {
			last_negation = w;
			first_negation = first_negation ? first_negation : w;
		}
		if (n == 4 && memcmp(w, "that", 4) == 0)
			that = w;
		prev_end = p;
	}
	int negative = last_negation && last_negation >= (group ? group : clause);
	if (noun) {                        /* "medical necessity of X has not been established" */
		const char *after = v + len, *end = after + strcspn(after, ",;");
		end = end < e ? end : e;
		p = after;
		while ((w = next_word(&p, end, &n)) && !is_word(&words->verb, w, n))
			;
		if (w)
			negative |= negated(words, w, end);
	}
	if (that && that < (group ? group : v) && first_negation && first_negation < that)
		negative = !negative;
	return negative;
}

/* The conclusion of a rationale (its text in lower case): its last sentence that states a verdict (the words of
 * grammar/verdicts.vocab), skipping advisory sentences such as the note on weaning opioids; the sentence's last
 * verdict is read by negative_verdict. NULL when no sentence states one. *last says whether that sentence is the
 * rationale's last but for advisory ones. */
static const char *conclusion(const struct verdict_words *words, const char *text, int *last)
{
	const char *end = text + strlen(text);
	*last = 1;
	while (end > text) {
		const char *start = end;          /* the sentence ending at end: back to the previous ". " */
		while (start > text && !(start - text >= 2 && start[-1] == ' ' && (start[-2] == '.' || start[-2] == '?')))
			start--;
		const char *v = NULL;
		size_t len = 0;
		if (!has_phrase(&words->advisory, start, end, NULL, NULL)) {
			has_phrase(&words->verdict, start, end, &v, &len);
			const char *noun = NULL;
			size_t noun_len = 0;
			if (has_phrase(&words->noun, start, end, &noun, &noun_len) && (!v || noun > v)) {
				v = noun;
				len = noun_len;
			}
			if (v)
				return negative_verdict(words, start, end, v, len, v == noun)
					       ? "not-medically-necessary" : "medically-necessary";
			*last = 0;
		}
		end = start > text ? start - 1 : text;
	}
	return NULL;
}

/* Sets the page attribute of n from where it starts, when the input has form feeds. */
static void set_page(struct node *n, const struct text *text, struct arena *arena)
{
	size_t page = text_page(text, text->origin[n->span.start]);
	if (!page)
		return;
	char buf[24];
	snprintf(buf, sizeof buf, "%zu", page);
	node_set_attr(arena, n, "page", arena_strndup(arena, buf, strlen(buf)));
}

/* Sets the page of every citation mark under n. */
static void set_citation_pages(struct node *n, const struct text *text, struct arena *arena)
{
	for (struct node *c = n->first; c; c = c->next) {
		if (c->kind == NODE_MARK && strcmp(c->name, "citation") == 0)
			set_page(c, text, arena);
		else if (c->first)
			set_citation_pages(c, text, arena);
	}
}

/* Warns where the letter may have been cut short (a page lost, a file cut), each at its place: the last item's
 * rationale does not end in its verdict (the rationales of real letters do, but for advice that follows it,
 * grammar/verdicts.vocab), or text with page breaks (pdftotext's form feeds) does not end with one, as every
 * page of pdftotext's does. A cut right after a complete item at a page break cannot be told from a letter. */
static void check_complete(const struct node *last_rationale, int number, int ends_in_verdict,
			   const struct text *text, struct diagnostics *d)
{
	if (last_rationale && !ends_in_verdict)
		diag_at(d, SEVERITY_WARNING, text->origin[last_rationale->span.end - 1] + 1,
			"the rationale of item %d, the last, ends before a verdict ('... is (not) medically necessary'): "
			"the letter may be cut short", number);
	const unsigned char *s = d->src->bytes;
	size_t end = d->src->size;
	while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\n' || s[end - 1] == '\r' || s[end - 1] == '\t'))
		end--;
	if (text->page_break_count && end > 0 && s[end - 1] != '\f')
		diag_at(d, SEVERITY_WARNING, end,
			"the text ends without a form feed, as pdftotext ends every page: the last page may be missing");
}

void fields_body(struct node *letter, const struct field_rules *rules, const struct text *text,
		 struct arena *arena, struct fields *out, struct diagnostics *d)
{
	struct buffer buf = {0};
	const struct node *how = node_child(letter, NODE_HOW_MADE);
	if (how && !node_child(how, NODE_CREDENTIALS)) {
		for (const struct node *p = how->first; p && !out->specialty_count; p = p->next) {
			if (p->kind != NODE_PARAGRAPH)
				continue;
			buffer_clear(&buf);
			node_plain_text(p, &buf);
			credential_sentence(buf.data, text, p, arena, out, d);
		}
	}
	const struct node *summary = node_child(letter, NODE_SUMMARY);
	const struct node *injured = NULL;           /* the summary's date of injury */
	struct buffer all = {0};           /* the summary's paragraphs: a list of diagnoses may cross a page */
	for (const struct node *p = summary ? summary->first : NULL; p; p = p->next) {   /* none: partial.h */
		if (p->kind != NODE_PARAGRAPH)
			continue;
		if (all.len)
			buffer_addc(&all, ' ');
		node_plain_text(p, &all);
		if (out->age < 0 && !out->sex) {
			buffer_clear(&buf);
			node_plain_text(p, &buf);
			age_and_sex(buf.data, out);
		}
		if (!injured && (injured = injury_date(rules, p)) != NULL)
			summary_injury(letter, injured, text, out, d);
	}
	if (all.data)
		diagnoses_read(rules->diagnoses, all.data, arena, &out->diagnoses, &out->diagnosis_count);
	buffer_free(&all);
	const struct node *issues = node_child(letter, NODE_ISSUES);
	int number = 0, ends_in_verdict = 1;
	const struct node *last_rationale = NULL;
	for (struct node *item = issues ? issues->first : NULL; item; item = item->next) {
		if (item->kind != NODE_ITEM)
			continue;
		number++;
		set_page(item, text, arena);
		set_citation_pages(item, text, arena);
		struct node *rationale = node_child(item, NODE_RATIONALE);
		buffer_clear(&buf);
		for (const struct node *p = rationale->first; p; p = p->next) {
			if (p->kind == NODE_PARAGRAPH) {
				if (buf.len)
					buffer_addc(&buf, ' ');
				node_plain_text(p, &buf);
			}
		}
		for (char *c = buf.data, *e = c + buf.len; c < e; c++)   /* conclusion() reads lower case (ASCII) */
			if (*c >= 'A' && *c <= 'Z')
				*c += 'a' - 'A';
		const char *said = buf.data ? conclusion(&rules->verdicts, buf.data, &ends_in_verdict) : NULL;
		ends_in_verdict &= said != NULL;
		last_rationale = rationale;
		if (!said)
			continue;
		node_set_attr(arena, rationale, "conclusion", said);
		if ((item->sub == DECISION_UPHELD) != (strcmp(said, "not-medically-necessary") == 0))
			diag_at(d, SEVERITY_WARNING, text->origin[rationale->span.start],
				"the rationale of item %d concludes the request is %s, but the decision is '%s'", number,
				said[0] == 'n' ? "not medically necessary" : "medically necessary",
				item->sub == DECISION_UPHELD ? "Upheld" : "Overturned");
	}
	check_complete(last_rationale, number, ends_in_verdict, text, d);
	buffer_free(&buf);
}
