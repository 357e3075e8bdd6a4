/* csv.c: the CSV backend (see render.h): one row per item (RFC 4180), for loading a year of letters into a
 * spreadsheet. The header row is csv_header; the batch writes it once above the rows of all its letters. */
#include <stdio.h>
#include <string.h>

#include "render.h"

const char csv_header[] = "file,case,decided,specialties,licensure,age,sex,injured,item,request,decision,"
			  "conclusion,citation_sources,citation_pages\r\n";

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

/* Appends the attribute name of every citation under n to list, joined by "; " (a missing one as ""). */
static void citations(const struct node *n, const char *name, struct buffer *list, int *count)
{
	for (const struct node *c = n->first; c; c = c->next) {
		if (c->kind == NODE_MARK && strcmp(c->name, "citation") == 0) {
			if ((*count)++)
				buffer_adds(list, "; ");
			const char *value = node_attr(c, name);
			buffer_adds(list, value ? value : "");
		} else if (c->first) {
			citations(c, name, list, count);
		}
	}
}

enum status render_csv(const struct letter *letter, struct buffer *out)
{
	const struct fields *f = &letter->fields;
	struct buffer specialties = {0}, states = {0}, text = {0};
	for (size_t i = 0; i < f->specialty_count; i++) {
		if (i)
			buffer_adds(&specialties, "; ");
		buffer_adds(&specialties, f->specialties[i]);
	}
	for (size_t i = 0; i < f->licensure_count; i++) {
		if (i)
			buffer_adds(&states, "; ");
		buffer_adds(&states, f->licensures[i].state ? f->licensures[i].state : f->licensures[i].name);
	}
	char age[16] = "", number[16];
	if (f->age >= 0)
		snprintf(age, sizeof age, "%d", f->age);
	int n = 0;
	for (const struct node *item = node_child(letter->root, NODE_ISSUES)->first; item; item = item->next) {
		if (item->kind != NODE_ITEM)
			continue;
		snprintf(number, sizeof number, "%d", ++n);
		cell(out, letter->src->name);
		cell(out, f->case_number);
		cell(out, f->decided);
		cell(out, specialties.data);
		cell(out, states.data);
		cell(out, age);
		cell(out, f->sex);
		cell(out, f->injured);
		cell(out, number);
		buffer_clear(&text);
		node_plain_text(node_child(item, NODE_REQUEST), &text);
		cell(out, text.data);
		cell(out, decision_name(item->sub));
		cell(out, node_attr(node_child(item, NODE_RATIONALE), "conclusion"));
		int count = 0;
		buffer_clear(&text);
		citations(item, "source", &text, &count);
		cell(out, text.data);
		count = 0;
		buffer_clear(&text);
		citations(item, "pages", &text, &count);
		csv_quote(out, text.data ? text.data : "", text.len);
		buffer_adds(out, "\r\n");
	}
	buffer_free(&specialties);
	buffer_free(&states);
	buffer_free(&text);
	return STATUS_OK;
}
