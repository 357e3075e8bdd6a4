/* SPDX-License-Identifier: GPL-3.0-or-later */
/* requests.c: request categories, subcategories and drugs (see requests.h). The words of grammar/drugs.vocab
 * and grammar/services.vocab become phrases of lower-case words, hashed by their first word once per process;
 * a request is cut into words the same way and each word looks up the phrases that begin there. The rules
 * that place a request are described in grammar/services.vocab and grammar/drugs.vocab; the few of SPEC
 * section 7 that name a category are here: a drug is pharmaceuticals unless injected (injections), a visit
 * about a surgery or injection is evaluation-management, a therapy with a device is dmepos, a topical is
 * topical-compounded unless a transdermal opioid (opioids), and what nothing places is other. */
#include "requests.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern const char imrc_drugs_start[], imrc_drugs_end[], imrc_services_start[], imrc_services_end[];

/* What a phrase is to a request. */
enum role {
	ROLE_DRUG,                 /* a drug's name: kind is its subcategory */
	ROLE_SERVICE,              /* a service's words: kind is its category */
	ROLE_WEAK,                 /* a weak service word */
	ROLE_TOPICAL, ROLE_TRANSDERMAL, ROLE_FORM, ROLE_UNIT, ROLE_SUFFIX, ROLE_JOINER, ROLE_CONSULT, ROLE_DEVICE,
	ROLE_COUNT
};

#define MAX_WORDS 8            /* words a phrase has at most (longer entries are cut) */
#define FILTER_BITS 8192       /* a bit per first-word hash (1 KB that stays in the cache; the table is 32 KB and
				* most words of a request begin no phrase) */
#define REQUEST_MAX 4096       /* the bytes of a request read at most: real headings are far shorter, and the
				* work and memory grow with the words (a damaged letter's heading may run on) */

struct phrase {
	const char *words[MAX_WORDS];
	size_t count;
	enum role role;
	const char *kind;          /* subcategory (ROLE_DRUG) or category (services) */
	const char *generic;       /* ROLE_DRUG: "hydrocodone/acetaminophen" */
	char wildcard;             /* 0, 'p': words[0] begins the word, 's': words[0] ends it */
	size_t first_len;          /* of words[0] */
	uint32_t first_hash;       /* of words[0] */
};

/* A place of the hash table: the hash of a phrase's first word and the phrase (its index plus one; 0: empty). */
struct slot {
	uint32_t hash, phrase;
};

struct request_rules {
	struct vocab drugs, services;
	struct phrase *phrases;
	size_t count;
	struct slot *table;        /* by the hash of their first word (open addressing, linear probing): the phrases
				    * of one first word in the file's order, and only their places read to pass others */
	size_t mask;
	uint64_t first_words[FILTER_BITS / 64];   /* bit h % FILTER_BITS: a phrase's first word hashes to h */
	const struct phrase **wild;
	size_t wild_count;
	char wild_first[256], wild_last[256];   /* the first letters of the 'p' wildcards, the last of the 's' ones */
	char *words;               /* the phrases' words, each NUL-terminated */
	const struct vocab_entry **consulted, **discipline, **counts;
	size_t consulted_count, discipline_count, count_marks;
};

/* A word of a text: [start, end) in it, and its lower-case copy. */
struct token {
	size_t start, end;
	const char *word;
	size_t len;                /* of word */
	uint32_t hash;             /* of word (FNV-1a: hash_step from HASH_START) */
};

/* FNV-1a, one byte at a time. */
static uint32_t hash_step(uint32_t h, unsigned char c)
{
	return (h ^ c) * 16777619u;
}
#define HASH_START 2166136261u

/* Cuts s[0, len) into words: runs of letters, runs of digits, and a "%" alone; everything else separates them.
 * Each word is copied in lower case into store (room for 2 * len + 1 bytes). Returns the count (at most len). */
static size_t tokenize(const char *s, size_t len, struct token *out, char *store)
{
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		size_t start = i;
		if (isalpha(c) && c < 128)
			while (i < len && isalpha((unsigned char)s[i]) && (unsigned char)s[i] < 128)
				i++;
		else if (isdigit(c))
			while (i < len && isdigit((unsigned char)s[i]))
				i++;
		else if (c == '%')
			i++;
		else {
			i++;
			continue;
		}
		uint32_t h = HASH_START;
		out[n] = (struct token){start, i, store, i - start, 0};
		for (size_t k = start; k < i; k++) {
			*store = (char)tolower((unsigned char)s[k]);
			h = hash_step(h, (unsigned char)*store++);
		}
		*store++ = '\0';
		out[n++].hash = h;
	}
	return n;
}

/* The role of a data file's kind: a drug name's subcategory or a service's category unless the kind names
 * another role; -1 for the entries that are no phrases (the lists consulted and discipline, count marks). */
static int role_of(const char *kind, int drugs_file, int weak)
{
	static const struct { const char *kind; enum role role; } drug_roles[] = {
		{"topical", ROLE_TOPICAL}, {"transdermal", ROLE_TRANSDERMAL}, {"form", ROLE_FORM}, {"unit", ROLE_UNIT},
		{"suffix", ROLE_SUFFIX}, {"joiner", ROLE_JOINER},
	};
	if (!drugs_file) {
		if (strcmp(kind, "consult") == 0)
			return ROLE_CONSULT;
		if (strcmp(kind, "device") == 0)
			return ROLE_DEVICE;
		if (strcmp(kind, "consulted") == 0 || strcmp(kind, "discipline") == 0)
			return -1;
		return weak ? ROLE_WEAK : ROLE_SERVICE;
	}
	for (size_t i = 0; i < sizeof drug_roles / sizeof drug_roles[0]; i++)
		if (strcmp(kind, drug_roles[i].kind) == 0)
			return (int)drug_roles[i].role;
	return strcmp(kind, "count") == 0 ? -1 : ROLE_DRUG;
}

/* Adds the phrases of one data file, their words and generics copied to *store (room for 4 * length + 4 bytes
 * an entry), scratch having room for the longest entry's words. */
static void add_phrases(struct request_rules *r, const struct vocab *v, int drugs_file, char **store,
			struct token *scratch)
{
	for (size_t e = 0; e < v->count; e++) {
		const char *text = v->entries[e].text;
		size_t len = v->entries[e].len;
		int weak = text[0] == '~';
		int role = role_of(v->entries[e].kind, drugs_file, weak);
		if (role < 0)
			continue;
		if (weak) {
			text++;
			len--;
		}
		struct phrase *p = &r->phrases[r->count];
		*p = (struct phrase){.role = (enum role)role, .kind = v->entries[e].kind};
		const char *eq = strstr(text, " = ");
		size_t name_len = eq ? (size_t)(eq - text) : len;
		if (name_len && text[name_len - 1] == '*') {
			p->wildcard = 'p';
			name_len--;
		} else if (name_len && text[0] == '*') {
			p->wildcard = 's';
			text++;
			name_len--;
		}
		size_t n = tokenize(text, name_len, scratch, *store);
		if (n == 0)
			continue;
		for (size_t k = 0; k < n && k < MAX_WORDS; k++)
			p->words[p->count++] = scratch[k].word;
		p->first_len = scratch[0].len;
		p->first_hash = scratch[0].hash;
		*store += 2 * name_len + 1;
		if (eq) {
			memcpy(*store, eq + 3, len - name_len - 3);
			p->generic = *store;
			*store += len - name_len - 3 + 1;
		} else {
			char *g = *store;
			for (size_t k = 0; k < p->count; k++) {
				size_t wl = strlen(p->words[k]);
				memcpy(g, p->words[k], wl);
				g[wl] = k + 1 < p->count ? ' ' : '\0';
				g += wl + 1;
			}
			p->generic = *store;
			*store = g;
		}
		r->count++;
	}
}

struct request_rules *request_rules_new(void)
{
	struct request_rules *r = xcalloc(1, sizeof *r);
	vocab_parse(&r->drugs, imrc_drugs_start, imrc_drugs_end);
	vocab_parse(&r->services, imrc_services_start, imrc_services_end);
	size_t total = r->drugs.count + r->services.count, bytes = 1, longest = 1;
	for (int f = 0; f < 2; f++) {
		const struct vocab *v = f ? &r->services : &r->drugs;
		for (size_t e = 0; e < v->count; e++) {
			bytes += 4 * v->entries[e].len + 4;
			if (v->entries[e].len > longest)
				longest = v->entries[e].len;
		}
	}
	r->phrases = xcalloc(total ? total : 1, sizeof *r->phrases);
	r->words = xcalloc(bytes, 1);
	struct token *scratch = xcalloc(longest + 1, sizeof *scratch);
	char *store = r->words;
	add_phrases(r, &r->drugs, 1, &store, scratch);
	add_phrases(r, &r->services, 0, &store, scratch);
	free(scratch);
	r->consulted = vocab_kind(&r->services, "consulted", &r->consulted_count);
	r->discipline = vocab_kind(&r->services, "discipline", &r->discipline_count);
	r->counts = vocab_kind(&r->drugs, "count", &r->count_marks);
	size_t size = 64;
	while (size < 2 * r->count)
		size *= 2;
	r->mask = size - 1;
	r->table = xcalloc(size, sizeof *r->table);
	r->wild = xcalloc(r->count + 1, sizeof *r->wild);
	for (size_t i = 0; i < r->count; i++) {
		struct phrase *p = &r->phrases[i];
		if (p->wildcard) {
			r->wild[r->wild_count++] = p;
			if (p->wildcard == 'p')
				r->wild_first[(unsigned char)p->words[0][0]] = 1;
			else
				r->wild_last[(unsigned char)p->words[0][p->first_len - 1]] = 1;
			continue;
		}
		uint32_t h = p->first_hash;
		r->first_words[h / 64 % (FILTER_BITS / 64)] |= (uint64_t)1 << (h % 64);
		size_t at = h & r->mask;
		while (r->table[at].phrase)
			at = (at + 1) & r->mask;
		r->table[at] = (struct slot){h, (uint32_t)i + 1};
	}
	return r;
}

void request_rules_free(struct request_rules *r)
{
	if (!r)
		return;
	free(r->phrases);
	free(r->table);
	free(r->wild);
	free(r->words);
	free(r->consulted);
	free(r->discipline);
	free(r->counts);
	vocab_free(&r->drugs);
	vocab_free(&r->services);
	free(r);
}

/* The longest phrase of each role that begins at word i of t[0, n): best[role] and its length in words (best
 * must be zeroed: only longer phrases replace what it holds). */
struct found {
	const struct phrase *p;
	size_t n;
};

static void lookup(const struct request_rules *r, const struct token *t, size_t n, size_t i,
		   struct found best[ROLE_COUNT])
{
	uint32_t h = t[i].hash;
	int maybe = (r->first_words[h / 64 % (FILTER_BITS / 64)] >> (h % 64)) & 1;
	for (size_t at = h & r->mask; maybe && r->table[at].phrase; at = (at + 1) & r->mask) {
		if (r->table[at].hash != h)
			continue;
		const struct phrase *p = &r->phrases[r->table[at].phrase - 1];
		if (p->count > n - i || p->count <= best[p->role].n || p->first_len != t[i].len)
			continue;
		size_t w = 0;
		while (w < p->count && strcmp(p->words[w], t[i + w].word) == 0)
			w++;
		if (w == p->count)
			best[p->role] = (struct found){p, p->count};
	}
	const char *word = t[i].word;
	size_t wl = t[i].len;
	if (!r->wild_first[(unsigned char)word[0]] && !r->wild_last[(unsigned char)word[wl - 1]])
		return;                               /* no wildcard can match: most words */
	for (size_t k = 0; k < r->wild_count; k++) {
		const struct phrase *p = r->wild[k];
		size_t pl = p->first_len;
		if (best[p->role].n || pl > wl)
			continue;
		if (p->wildcard == 'p' ? word[0] == p->words[0][0] && memcmp(word, p->words[0], pl) == 0
				       : word[wl - 1] == p->words[0][pl - 1] && memcmp(word + wl - pl, p->words[0], pl) == 0)
			best[p->role] = (struct found){p, 1};
	}
}

static int listed(const struct vocab_entry **list, size_t count, const char *kind)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(list[i]->text, kind) == 0)
			return 1;
	return 0;
}

/* A drug product: words [first, mark_end) of the request (with the salt or release form after its last name), its generic name and subcategory. */
struct product {
	size_t first, mark_end;
	struct buffer generic;
	const char *subcategory;
};

/* One request being classified. Its arrays have a place for each word and one more, zeroed (request_classify). */
struct request {
	const struct request_rules *rules;
	const char *text;
	struct token *t;
	size_t n;
	struct found (*found)[ROLE_COUNT];
	size_t *drug_at;           /* the product a drug name at word i belongs to, plus one (0: none) */
	struct product *products;
	size_t product_count;
	size_t *hit_at, *hit_len;  /* find_products: the drug names, their first word and length in words */
	int *topical, *transdermal;                /* ... whether each is topical, transdermal */
	char *covered;             /* ... whether word i is part of a drug name */
};

/* The memory request_classify reuses from one request to the next: the words and their lower-case copies (for
 * text_cap bytes of text), and the arrays of struct request (for words_cap words). */
struct request_scratch {
	struct token *t;
	char *store;
	size_t text_cap;
	unsigned char *words;
	size_t words_cap;
};

struct request_scratch *request_scratch_new(void)
{
	return xcalloc(1, sizeof(struct request_scratch));
}

void request_scratch_free(struct request_scratch *s)
{
	if (!s)
		return;
	free(s->t);
	free(s->store);
	free(s->words);
	free(s);
}

/* The bytes of the arrays of struct request for n words and one more (as take_word_arrays lays them out: each
 * rounded up to keep the next aligned). */
#define ROUNDED(bytes) (((bytes) + 15) & ~(size_t)15)
static size_t word_arrays_size(size_t n)
{
	n++;
	return ROUNDED(n * sizeof(struct found[ROLE_COUNT])) + 3 * ROUNDED(n * sizeof(size_t))
	       + ROUNDED(n * sizeof(struct product)) + 2 * ROUNDED(n * sizeof(int)) + ROUNDED(n);
}

/* Takes q's arrays for its q->n words from the scratch memory, zeroed. */
static void take_word_arrays(struct request *q, struct request_scratch *s)
{
	size_t size = word_arrays_size(q->n), n = q->n + 1;
	if (s->words_cap < size) {
		free(s->words);
		s->words = xmalloc(s->words_cap = size);
	}
	memset(s->words, 0, size);
	unsigned char *at = s->words;
#define TAKE(field, count)                                      \
	do {                                                    \
		q->field = (void *)at;                          \
		at += ROUNDED((count) * sizeof *q->field);      \
	} while (0)
	TAKE(found, n);
	TAKE(drug_at, n);
	TAKE(products, n);
	TAKE(hit_at, n);
	TAKE(hit_len, n);
	TAKE(topical, n);
	TAKE(transdermal, n);
	TAKE(covered, n);
#undef TAKE
}

static int is_digits(const char *w)
{
	return isdigit((unsigned char)w[0]);
}

/* Whether any word of [from, to) begins a phrase of role. */
static int any_role(const struct request *q, size_t from, size_t to, enum role role)
{
	for (size_t i = from; i < to; i++)
		if (q->found[i][role].n)
			return 1;
	return 0;
}

/* Whether the text between words a and b (a < b, both indexes of q->t) holds only characters of set. */
static int gap_only(const struct request *q, size_t a_end, size_t b_start, const char *set)
{
	for (size_t c = a_end; c < b_start; c++)
		if (!strchr(set, q->text[c]))
			return 0;
	return 1;
}

/* Whether words [from, to) and the characters around them can stand between two actives of one compound:
 * strengths, salts and joiners ("and", "in"), with blanks, commas, "/", ".", "+", "&", "-". A form between them
 * ends the first product: "Lidocaine 5% ointment and Flurbiprofen cream" are two. */
static int compound_gap(const struct request *q, size_t from, size_t to)
{
	for (size_t w = from; w < to; w++)
		if (!is_digits(q->t[w].word) && !q->found[w][ROLE_UNIT].n && !q->found[w][ROLE_SUFFIX].n
		    && !q->found[w][ROLE_JOINER].n)
			return 0;
	for (size_t c = q->t[from - 1].end; c < q->t[to].start; c++)
		if (!isalnum((unsigned char)q->text[c]) && !strchr(" ,/.%+&-", q->text[c]))
			return 0;
	return 1;
}

/* Where the parentheses that word w opens end, when they hold only drug names (covered), strengths, salts and
 * joiners; else 0. */
static size_t parenthesised_names(const struct request *q, size_t w, const char *covered)
{
	const char *close = strchr(q->text + q->t[w].start, ')');
	if (!close)
		return 0;
	size_t end = (size_t)(close - q->text);
	if (memchr(q->text + q->t[w].start, '(', end - q->t[w].start))
		return 0;
	for (; w < q->n && q->t[w].start < end; w++)
		if (!covered[w] && !is_digits(q->t[w].word) && !q->found[w][ROLE_UNIT].n && !q->found[w][ROLE_SUFFIX].n
		    && !q->found[w][ROLE_JOINER].n)
			return 0;
	return end;
}

/* Appends the generic names of phrase p to a product's generic, each active once. */
static void add_generic(struct buffer *g, const char *generic)
{
	for (const char *a = generic; *a;) {
		const char *slash = strchr(a, '/');
		size_t al = slash ? (size_t)(slash - a) : strlen(a);
		int seen = 0;
		for (const char *b = g->data ? g->data : ""; *b;) {
			const char *bs = strchr(b, '/');
			size_t bl = bs ? (size_t)(bs - b) : strlen(b);
			if (bl == al && strncmp(a, b, al) == 0)
				seen = 1;
			b += bl + (bs != NULL);
		}
		if (!seen) {
			if (g->len)
				buffer_addc(g, '/');
			buffer_add(g, a, al);
		}
		a += al + (slash != NULL);
	}
}

/* Finds the drug names of the request, groups them into products and gives each its generic name and
 * subcategory. A service phrase at least as long as a drug name at the same word hides it. */
static void find_products(struct request *q)
{
	size_t hits = 0, *at = q->hit_at, *len = q->hit_len;
	for (size_t i = 0; i < q->n;) {
		size_t d = q->found[i][ROLE_DRUG].n, s = q->found[i][ROLE_SERVICE].n;
		if (d && d > s) {
			at[hits] = i;
			len[hits++] = d;
			i += d;
		} else {
			i += s ? s : 1;
		}
	}
	/* topical: the name's own class, or a topical word from the topical words right before it ("Compound
	 * Ketoprofen") to the next name ("Lidocaine 5% patch") */
	int *topical = q->topical, *transdermal = q->transdermal;
	for (size_t h = 0; h < hits; h++) {
		size_t from = at[h], to = h + 1 < hits ? at[h + 1] : q->n;
		while (from > (h ? at[h - 1] + len[h - 1] : 0) && q->found[from - 1][ROLE_TOPICAL].n)
			from--;
		const struct phrase *p = q->found[at[h]][ROLE_DRUG].p;
		topical[h] = strcmp(p->kind, "topical-compounded") == 0 || any_role(q, from, to, ROLE_TOPICAL);
		transdermal[h] = any_role(q, from, to, ROLE_TRANSDERMAL);
	}
	char *covered = q->covered;
	for (size_t h = 0; h < hits; h++)
		memset(covered + at[h], 1, len[h]);
	size_t alias_until = 0;                         /* where the parentheses of names of the same product end */
	for (size_t h = 0; h < hits; h++) {
		const struct phrase *p = q->found[at[h]][ROLE_DRUG].p;
		struct product *last = q->product_count ? &q->products[q->product_count - 1] : NULL;
		size_t prev_end = h ? q->t[at[h - 1] + len[h - 1] - 1].end : 0, start = q->t[at[h]].start;
		size_t end_word = at[h] + len[h];
		int alias = 0, join = 0;
		if (last && h) {
			/* names in parentheses right after a product name it again: Meloxicam (Mobic), Norco
			 * (hydrocodone/APAP 10/325mg) */
			if (start < alias_until)
				alias = 1;
			else if (gap_only(q, prev_end, start, " (") && memchr(q->text + prev_end, '(', start - prev_end))
				alias = (alias_until = parenthesised_names(q, at[h], covered)) > 0;
			/* a combination: Hydrocodone/APAP; a compound: Flurbiprofen 20%, Baclofen 5% in cream base */
			join = (at[h - 1] + len[h - 1] == at[h] && gap_only(q, prev_end, start, " /-+"))
			       || (topical[h] && topical[h - 1] && compound_gap(q, at[h - 1] + len[h - 1], at[h]));
		}
		if (alias) {
			q->drug_at[at[h]] = q->product_count;
			continue;
		}
		if (!join) {
			last = &q->products[q->product_count++];
			last->first = at[h];
			last->subcategory = p->kind;
		}
		q->drug_at[at[h]] = q->product_count;
		add_generic(&last->generic, p->generic);
		/* the mark runs on over a salt or a release form: Orphenadrine Citrate ER */
		while (end_word < q->n && q->found[end_word][ROLE_SUFFIX].n
		       && gap_only(q, q->t[end_word - 1].end, q->t[end_word].start, " -"))
			end_word += q->found[end_word][ROLE_SUFFIX].n;
		last->mark_end = end_word;
		if (topical[h] && strcmp(last->subcategory, "topical-compounded") != 0
		    && !(strcmp(last->subcategory, "opioids") == 0 && transdermal[h]))
			last->subcategory = "topical-compounded";
	}
}

/* Where the mark of a product whose names run over [start, end) of text ends: a compound holds its actives'
 * strengths ("Gabapentin 10%, Bupivacaine 5%"), so its mark runs on over the strength of its last active, right
 * after end with only blanks between; any other product's strength stands beside it ("Norco 10/325mg"). */
static size_t strength_after(const struct marks *marks, const char *text, size_t start, size_t end)
{
	size_t from = end, after = end;
	int inside = 0;
	while (text[from] == ' ')
		from++;
	for (size_t i = 0; i < marks->n; i++)
		if (strcmp(marks->v[i].name, "strength") == 0) {
			inside |= marks->v[i].start >= start && marks->v[i].end <= end;
			if (marks->v[i].start == from)
				after = marks->v[i].end;
		}
	return inside ? after : end;
}

/* The decided part of the request, as character offsets: the mark with reviewed="true", else "remaining". */
static void decided_part(const struct marks *marks, size_t len, size_t *from, size_t *to)
{
	const struct mark *remaining = NULL;
	for (size_t i = 0; i < marks->n; i++) {
		const struct mark *m = &marks->v[i];
		for (const struct attr *a = m->attrs; a; a = a->next)
			if (strcmp(a->name, "reviewed") == 0 && strcmp(a->value, "true") == 0) {
				*from = m->start;
				*to = m->end;
				return;
			}
		if (strcmp(m->name, "remaining") == 0)
			remaining = m;
	}
	*from = remaining ? remaining->start : 0;
	*to = remaining ? remaining->end : len;
}

/* The first word of [from, to) where a service (not weak) or a drug begins, or to. */
static size_t head_word(const struct request *q, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (q->found[i][ROLE_SERVICE].n || q->drug_at[i])
			return i;
	return to;
}

/* The category of words [from, to) (the decided part, or what follows its colon); *subcategory is set for
 * pharmaceuticals. */
static const char *categorize(const struct request *q, size_t from, size_t to, const char **subcategory)
{
	const struct request_rules *r = q->rules;
	size_t h = head_word(q, from, to);
	if (h < to) {
		const struct found *s = &q->found[h][ROLE_SERVICE];
		if (q->drug_at[h]) {             /* (a drug name is found only where it is longer than a service's) */
			for (size_t i = from; i < to; i++)
				if (q->found[i][ROLE_SERVICE].n && strcmp(q->found[i][ROLE_SERVICE].p->kind, "injections") == 0)
					return "injections";
			*subcategory = q->products[q->drug_at[h] - 1].subcategory;
			return "pharmaceuticals";
		}
		const char *category = s->p->kind;
		size_t after = h + s->n;          /* after the service's words: "epidural injection" */
		while (after < to && q->found[after][ROLE_SERVICE].n
		       && strcmp(q->found[after][ROLE_SERVICE].p->kind, category) == 0)
			after += q->found[after][ROLE_SERVICE].n;
		if (listed(r->consulted, r->consulted_count, category) && after < to && q->found[after][ROLE_CONSULT].n)
			return "evaluation-management";
		/* a therapy with a device: the home unit (dmepos), not the sessions ("NMES unit", "E-stim rental") */
		if (strcmp(category, "physical-therapy") == 0 && any_role(q, from, to, ROLE_DEVICE))
			return "dmepos";
		if (strcmp(category, "evaluation-management") == 0)
			for (size_t i = after; i < to; i++)
				if (q->found[i][ROLE_SERVICE].n
				    && listed(r->discipline, r->discipline_count, q->found[i][ROLE_SERVICE].p->kind))
					return q->found[i][ROLE_SERVICE].p->kind;
		return category;
	}
	/* else the first weak word, or sign of a drug: a form, a strength, a count of pills */
	for (size_t i = from; i < to; i++) {
		if (q->found[i][ROLE_WEAK].n)
			return q->found[i][ROLE_WEAK].p->kind;
		int drug = q->found[i][ROLE_FORM].n || (q->found[i][ROLE_UNIT].n && i > from && is_digits(q->t[i - 1].word)
							&& gap_only(q, q->t[i - 1].end, q->t[i].start, " "));
		for (size_t k = 0; !drug && is_digits(q->t[i].word) && k < r->count_marks; k++) {
			size_t n = r->counts[k]->len;
			drug = q->t[i].start >= n && memcmp(q->text + q->t[i].start - n, r->counts[k]->text, n) == 0;
		}
		if (drug) {
			*subcategory = any_role(q, from, to, ROLE_TOPICAL) ? "topical-compounded" : "other";
			return "pharmaceuticals";
		}
	}
	return "other";
}

void request_classify(const struct request_rules *rules, struct request_scratch *scratch, struct node *request,
		      const char *text, size_t len, struct marks *marks, struct arena *arena)
{
	struct request q = {.rules = rules, .text = text};
	size_t scanned = len < REQUEST_MAX ? len : REQUEST_MAX;
	if (scratch->text_cap < scanned + 1) {
		free(scratch->t);
		free(scratch->store);
		scratch->text_cap = scanned + 1;
		scratch->t = xmalloc(scratch->text_cap * sizeof *scratch->t);
		scratch->store = xmalloc(2 * scratch->text_cap);
	}
	q.t = scratch->t;
	q.n = tokenize(text, scanned, q.t, scratch->store);
	take_word_arrays(&q, scratch);
	for (size_t i = 0; i < q.n; i++)
		lookup(rules, q.t, q.n, i, q.found[i]);
	find_products(&q);
	for (size_t p = 0; p < q.product_count; p++) {
		const struct product *d = &q.products[p];
		size_t start = q.t[d->first].start, end = strength_after(marks, text, start, q.t[d->mark_end - 1].end);
		struct mark *m = mark_add(marks, start, end, "drug", GROUP_NONE);
		if (m)
			mark_attr(marks, m, "generic", d->generic.data, d->generic.len);
	}
	/* the decided part's words; a colon's words after it name the service when they hold one */
	size_t cfrom, cto, from = 0, to = 0;
	decided_part(marks, len, &cfrom, &cto);
	while (from < q.n && q.t[from].start < cfrom)
		from++;
	to = from;
	while (to < q.n && q.t[to].end <= cto)
		to++;
	for (size_t c = cfrom; c < cto; c++) {
		if (text[c] != ':')
			continue;
		size_t w = from;
		while (w < to && q.t[w].start < c)
			w++;
		if (head_word(&q, w, to) < to) {
			from = w;
			break;
		}
	}
	const char *subcategory = NULL, *category = categorize(&q, from, to, &subcategory);
	node_set_attr(arena, request, "category", arena_strndup(arena, category, strlen(category)));
	if (subcategory && strcmp(category, "pharmaceuticals") == 0)
		node_set_attr(arena, request, "subcategory", arena_strndup(arena, subcategory, strlen(subcategory)));
	for (size_t p = 0; p < q.product_count; p++)
		buffer_free(&q.products[p].generic);
}
