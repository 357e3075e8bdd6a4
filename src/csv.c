/* csv.c: the CSV backend (see render.h): one row per item (RFC 4180), for loading a year of letters into a
 * spreadsheet. The header row is csv_header; the batch writes it once above the rows of all its letters. */
#include <stdio.h>
#include <string.h>

#include "render.h"

const char csv_header[] = "file,case,decided,specialties,licensure,age,sex,injured,item,request,decision,"
			  "conclusion,citation_sources,citation_pages\r\n";

/* A field: quoted when it holds a comma, a quote or a line break; a quote inside is doubled. */
static void field(struct buffer *out, const char *s, size_t len, int last)
{
	if (strcspn(s, ",\"\r\n") < len) {
		buffer_addc(out, '"');
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '"')
				buffer_addc(out, '"');
			buffer_addc(out, s[i]);
		}
		buffer_addc(out, '"');
	} else {
		buffer_add(out, s, len);
	}
	buffer_adds(out, last ? "\r\n" : ",");
}

static void fields(struct buffer *out, const char *s)
{
	field(out, s ? s : "", s ? strlen(s) : 0, 0);
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
		fields(out, letter->src->name);
		fields(out, f->case_number);
		fields(out, f->decided);
		fields(out, specialties.data);
		fields(out, states.data);
		fields(out, age);
		fields(out, f->sex);
		fields(out, f->injured);
		fields(out, number);
		text.len = 0;
		node_plain_text(node_child(item, NODE_REQUEST), &text);
		fields(out, text.data);
		fields(out, decision_name(item->sub));
		fields(out, node_attr(node_child(item, NODE_RATIONALE), "conclusion"));
		int count = 0;
		text.len = 0;
		citations(item, "source", &text, &count);
		fields(out, text.data);
		count = 0;
		text.len = 0;
		citations(item, "pages", &text, &count);
		field(out, text.data ? text.data : "", text.len, 1);
	}
	buffer_free(&specialties);
	buffer_free(&states);
	buffer_free(&text);
	return STATUS_OK;
}
