/* SPDX-License-Identifier: GPL-3.0-or-later */
/* csv.c: the CSV backend (see render.h): the tables of -t csv (RFC 4180), for loading a year of letters into a
 * spreadsheet or pandas. items: a row per item; citations: a row per citation; letters: a row per letter. The
 * columns of each are in `tables` below (README, "CSV tables", says what each holds); the batch writes a
 * table's header row once above the rows of all its letters, or atop each file under -d. */
#include <stdio.h>
#include <string.h>

#include "render.h"

void csv_quote(struct buffer *out, const char *s, size_t len)
{
	int formula = len > 0 && s[0] && strchr("=+-@\t\r", s[0]);
	if (strcspn(s, ",\"\r\n") >= len) {
		if (formula)
			buffer_addc(out, '\'');
		buffer_add(out, s, len);
		return;
	}
	buffer_addc(out, '"');
	if (formula)
		buffer_addc(out, '\'');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			buffer_addc(out, '"');
		buffer_addc(out, s[i]);
	}
	buffer_addc(out, '"');
}

/* A cell and the comma after it (s may be NULL: an empty cell). */
static void cell(struct buffer *out, const char *s)
{
	csv_quote(out, s ? s : "", s ? strlen(s) : 0);
	buffer_addc(out, ',');
}

/* A cell holding n, and the comma after it. */
static void number_cell(struct buffer *out, int n)
{
	char number[16];
	snprintf(number, sizeof number, "%d", n);
	cell(out, number);
}

/* Ends the row: the comma after its last cell becomes its CRLF. */
static void end_row(struct buffer *out)
{
	out->data[out->len - 1] = '\r';
	buffer_addc(out, '\n');
}

/* Appends s to list, after "; " unless it is the list's first entry. */
static void join(struct buffer *list, int *count, const char *s)
{
	if ((*count)++)
		buffer_adds(list, "; ");
	buffer_adds(list, s);
}

/* The reviewer's specialties and licensure states (USPS codes, or the name as written for a place that is no
 * US state), each joined by "; ". The caller frees both buffers. */
static void reviewer(const struct fields *f, struct buffer *specialties, struct buffer *states)
{
	int count = 0;
	for (size_t i = 0; i < f->specialty_count; i++)
		join(specialties, &count, f->specialties[i]);
	count = 0;
	for (size_t i = 0; i < f->licensure_count; i++)
		join(states, &count, f->licensures[i].state ? f->licensures[i].state : f->licensures[i].name);
}

/* Calls visit(ctx, citation) for each citation mark under n, in document order. */
static void each_citation(const struct node *n, void (*visit)(void *ctx, const struct node *citation), void *ctx)
{
	for (const struct node *c = n->first; c; c = c->next) {
		if (c->kind == NODE_MARK && strcmp(c->name, "citation") == 0)
			visit(ctx, c);
		else if (c->first)
			each_citation(c, visit, ctx);
	}
}

/* The mark under n named name, or carrying the attribute reviewed="true" when name is NULL; NULL when none. */
static const struct node *find_mark(const struct node *n, const char *name)
{
	for (const struct node *c = n->first; c; c = c->next) {
		if (c->kind != NODE_MARK)
			continue;
		const char *reviewed = node_attr(c, "reviewed");
		if (name ? strcmp(c->name, name) == 0 : reviewed && strcmp(reviewed, "true") == 0)
			return c;
		const struct node *inner = find_mark(c, name);
		if (inner)
			return inner;
	}
	return NULL;
}

/* Appends the generic of each drug mark under n to list, joined by "; ". */
static void add_generics(const struct node *n, struct buffer *list, int *count)
{
	for (const struct node *c = n->first; c; c = c->next) {
		if (c->kind != NODE_MARK)
			continue;
		if (strcmp(c->name, "drug") == 0)
			join(list, count, node_attr(c, "generic"));
		else
			add_generics(c, list, count);
	}
}

/* The generics of the drugs of a request's decided part (SPEC section 7): the part marked reviewed="true", else
 * the remaining portion of a modified request, else the whole request. */
static void request_generics(const struct node *request, struct buffer *list)
{
	const struct node *part = find_mark(request, NULL);
	if (!part)
		part = find_mark(request, "remaining");
	int count = 0;
	add_generics(part ? part : request, list, &count);
}

/* The citation sources and guideline pages of citations, each joined by "; " (a missing one as ""). */
struct item_citations {
	struct buffer sources, pages;
	int count;
};

static void add_item_citation(void *ctx, const struct node *citation)
{
	struct item_citations *ic = ctx;
	const char *source = node_attr(citation, "source"), *pages = node_attr(citation, "pages");
	if (ic->count++) {
		buffer_adds(&ic->sources, "; ");
		buffer_adds(&ic->pages, "; ");
	}
	buffer_adds(&ic->sources, source ? source : "");
	buffer_adds(&ic->pages, pages ? pages : "");
}

/* An item's citations: [0] of both guidelines in order (the first table's citation_sources and citation_pages,
 * from before rationales had citations), [1] the claims administrator's, [2] the IMRO's, [3] the rationale's.
 * The caller frees their buffers. */
static void item_citations(const struct node *item, struct item_citations ic[4])
{
	for (const struct node *part = item->first; part; part = part->next) {
		if (part->kind == NODE_GUIDELINE) {
			each_citation(part, add_item_citation, &ic[0]);
			each_citation(part, add_item_citation, &ic[part->sub == BY_IMRO ? 2 : 1]);
		} else if (part->kind == NODE_RATIONALE) {
			each_citation(part, add_item_citation, &ic[3]);
		}
	}
}

/* The part of a request that was decided: the portion of a modified request marked reviewed (request_marks.c),
 * or the whole request. */
static const struct node *reviewed_part(const struct node *request)
{
	for (const struct node *c = request->first; c; c = c->next)
		if (c->kind == NODE_MARK && node_attr(c, "reviewed"))
			return c;
	return request;
}

/* items: a row per item. The columns of the first table imrc wrote come first, in their order, so that scripts
 * reading them by position go on working; the ones added later follow. */
static void item_rows(const struct letter *letter, struct buffer *out)
{
	const struct fields *f = &letter->fields;
	struct buffer specialties = {0}, states = {0}, text = {0};
	reviewer(f, &specialties, &states);
	char age[16] = "";
	if (f->age >= 0)
		snprintf(age, sizeof age, "%d", f->age);
	int n = 0;
	for (const struct node *item = node_child(letter->root, NODE_ISSUES)->first; item; item = item->next) {
		if (item->kind != NODE_ITEM)
			continue;
		cell(out, letter->src->name);
		cell(out, f->case_number);
		cell(out, f->decided);
		cell(out, specialties.data);
		cell(out, states.data);
		cell(out, age);
		cell(out, f->sex);
		cell(out, f->injured);
		number_cell(out, ++n);
		buffer_clear(&text);
		node_plain_text(node_child(item, NODE_REQUEST), &text);
		cell(out, text.data);
		cell(out, decision_name(item->sub));
		cell(out, node_attr(node_child(item, NODE_RATIONALE), "conclusion"));
		struct item_citations ic[4];
		memset(ic, 0, sizeof ic);
		item_citations(item, ic);
		cell(out, ic[0].sources.data);
		cell(out, ic[0].pages.data);
		cell(out, node_attr(item, "page"));
		cell(out, f->assigned);
		cell(out, f->ur_denied);
		cell(out, f->received);
		cell(out, f->priority);
		for (int i = 1; i < 4; i++)
			cell(out, ic[i].sources.data);
		const struct node *request = node_child(item, NODE_REQUEST);
		buffer_clear(&text);
		node_plain_text(reviewed_part(request), &text);
		cell(out, text.data);
		cell(out, node_attr(request, "category"));
		cell(out, node_attr(request, "subcategory"));
		buffer_clear(&text);
		request_generics(request, &text);
		cell(out, text.data);
		for (int i = 0; i < 4; i++) {
			buffer_free(&ic[i].sources);
			buffer_free(&ic[i].pages);
		}
		end_row(out);
	}
	buffer_free(&specialties);
	buffer_free(&states);
	buffer_free(&text);
}

/* What a citation row takes from where the citation stands. */
struct citation_place {
	const struct letter *letter;
	struct buffer *out, sections;
	int item;
	const char *by;
};

/* Appends the text of every section mark under n to list, joined by "; ". */
static void sections(const struct node *n, struct buffer *list, int *count)
{
	for (const struct node *c = n->first; c; c = c->next) {
		if (c->kind == NODE_MARK && strcmp(c->name, "section") == 0) {
			join(list, count, "");
			node_plain_text(c, list);
		} else if (c->first) {
			sections(c, list, count);
		}
	}
}

/* The row of one citation (ctx: its struct citation_place). */
static void citation_row(void *ctx, const struct node *citation)
{
	struct citation_place *at = ctx;
	struct buffer *out = at->out;
	cell(out, at->letter->src->name);
	cell(out, at->letter->fields.case_number);
	number_cell(out, at->item);
	cell(out, at->by);
	cell(out, node_attr(citation, "source"));
	cell(out, node_attr(citation, "title"));
	cell(out, node_attr(citation, "chapter"));
	int count = 0;
	buffer_clear(&at->sections);
	sections(citation, &at->sections, &count);
	cell(out, at->sections.data);
	cell(out, node_attr(citation, "pages"));
	cell(out, node_attr(citation, "page"));
	end_row(out);
}

/* citations: a row per citation, in document order. by is the guideline's author for a citation in a guideline,
 * and otherwise the name of the item's part it stands in ("rationale"). */
static void citation_rows(const struct letter *letter, struct buffer *out)
{
	struct citation_place at = {.letter = letter, .out = out};
	for (const struct node *item = node_child(letter->root, NODE_ISSUES)->first; item; item = item->next) {
		if (item->kind != NODE_ITEM)
			continue;
		at.item++;
		for (const struct node *part = item->first; part; part = part->next) {
			at.by = part->kind == NODE_GUIDELINE ? guideline_by_name(part->sub) : node_kind_name(part->kind);
			each_citation(part, citation_row, &at);
		}
	}
	buffer_free(&at.sections);
}

/* letters: a row per letter. */
static void letter_rows(const struct letter *letter, struct buffer *out)
{
	const struct fields *f = &letter->fields;
	int upheld, overturned;
	count_decisions(node_child(letter->root, NODE_ISSUES), &upheld, &overturned);
	struct buffer specialties = {0}, states = {0}, diagnoses = {0};
	reviewer(f, &specialties, &states);
	int count = 0;
	for (size_t i = 0; i < f->diagnosis_count; i++)
		join(&diagnoses, &count, f->diagnoses[i]);
	cell(out, letter->src->name);
	cell(out, f->case_number);
	cell(out, f->assigned);
	cell(out, f->decided);
	cell(out, f->ur_denied);
	cell(out, f->received);
	cell(out, f->priority);
	cell(out, specialties.data);
	cell(out, states.data);
	cell(out, outcome_name(upheld, overturned));
	number_cell(out, upheld + overturned);
	number_cell(out, upheld);
	number_cell(out, overturned);
	cell(out, diagnoses.data);
	end_row(out);
	buffer_free(&specialties);
	buffer_free(&states);
	buffer_free(&diagnoses);
}

static const struct {
	const char *name, *header;
	void (*rows)(const struct letter *letter, struct buffer *out);
} tables[] = {
	[TABLE_ITEMS] = {"items", "file,case,decided,specialties,licensure,age,sex,injured,item,request,decision,"
				  "conclusion,citation_sources,citation_pages,page,assigned,ur_denied,received,priority,"
				  "ca_citation_sources,imro_citation_sources,rationale_citation_sources,reviewed_request,category,"
				  "subcategory,generics\r\n",
			 item_rows},
	[TABLE_CITATIONS] = {"citations", "file,case,item,by,source,title,chapter,sections,guideline_pages,page\r\n",
			     citation_rows},
	[TABLE_LETTERS] = {"letters", "file,case,assigned,decided,ur_denied,received,priority,specialties,licensure,"
				      "outcome,items,upheld,overturned,diagnoses\r\n",
			   letter_rows},
};

const char *csv_header(enum csv_table table)
{
	return tables[table].header;
}

int csv_table_parse(const char *name, enum csv_table *table)
{
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		if (strcmp(name, tables[i].name) == 0) {
			*table = (enum csv_table)i;
			return 0;
		}
	}
	return -1;
}

enum status render_csv(const struct letter *letter, enum csv_table table, struct buffer *out)
{
	tables[table].rows(letter, out);
	return STATUS_OK;
}
