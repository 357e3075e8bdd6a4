/* SPDX-License-Identifier: GPL-3.0-or-later */
/* document.c: the XML document of a letter (schemas/imrc.xsd) as a stream of events (see render.h). The one
 * place that names elements and attributes: the XML backend serialises and validates these events, the JSON
 * backend turns them into objects. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

/* An attribute in a list the walk builds on the stack. */
#define ATTR(n, v) ((struct attr){.name = (n), .value = (v), .next = NULL})

/* State of one walk. */
struct walk {
	const struct letter *letter;
	const struct xml_events *events;
	void *ctx;
	int item_number;
};

/* Links the count attributes of a into a list ending in tail; returns its head. */
static const struct attr *chain(struct attr *a, size_t count, const struct attr *tail)
{
	for (size_t i = 0; i < count; i++)
		a[i].next = i + 1 < count ? &a[i + 1] : (struct attr *)tail;
	return count ? a : tail;
}

static void start(struct walk *w, const char *name, const struct attr *attrs, int holds_text, const struct node *from)
{
	w->events->start(w->ctx, name, attrs, holds_text, from ? w->letter->text.origin[from->span.start] : SIZE_MAX);
}

static void text(struct walk *w, const char *s, size_t len)
{
	w->events->text(w->ctx, s, len);
}

static void end(struct walk *w, const char *name)
{
	w->events->end(w->ctx, name);
}

/* An element holding text only (a specialty, a licensure). */
static void text_element(struct walk *w, const char *name, const struct attr *attrs, const char *s)
{
	start(w, name, attrs, 1, NULL);
	text(w, s, strlen(s));
	end(w, name);
}

/* Whether n's element gets text of its own (not only elements): XML writers indent element-only content. */
static int holds_text(const struct node *n)
{
	if (n->kind == NODE_LABEL || n->kind == NODE_VALUE || n->kind == NODE_TITLE || n->kind == NODE_DECISION
	    || n->kind == NODE_UNPARSED)
		return 1;
	for (const struct node *c = n->first; c; c = c->next)
		if (c->kind == NODE_TEXT || c->kind == NODE_LINE
		    || (n->kind == NODE_FIELD && c->kind == NODE_PARAGRAPH && c->first))
			return 1;
	return 0;
}

/* The ": " between an item's request and its decision word, the item's own text (SPEC section 4): the colon of the
 * decision node, and a blank where blanks or a line break stood after it (lines are joined by single spaces). */
static void decision_separator(struct walk *w, const struct node *decision)
{
	const char *s = decision->text;
	if (*s != ':')
		return;
	text(w, ": ", s[1] == ' ' || s[1] == '\t' || s[1] == '\n' ? 2 : 1);
}

/* The inline content of a paragraph or request (TEXT and MARK nodes), or its lines joined by single spaces. */
static void inlines(struct walk *w, const struct node *n)
{
	for (const struct node *c = n->first; c; c = c->next) {
		if (c->kind == NODE_LINE && c != n->first)
			text(w, " ", 1);
		if (c->kind == NODE_TEXT || c->kind == NODE_LINE) {
			text(w, c->text, c->text_len);
			continue;
		}
		start(w, c->name, c->attrs, holds_text(c), c);
		inlines(w, c);
		end(w, c->name);
	}
}

static void index_fields(struct walk *w)
{
	const struct letter *l = w->letter;
	const struct fields *f = &l->fields;
	char *name = text_sanitize(l->src->name);   /* a path may hold any bytes; XML may not */
	char pages[16] = "";
	if (l->page_count)
		snprintf(pages, sizeof pages, "%d", l->page_count);
	struct attr source[] = {
		ATTR("name", name), ATTR("sha256", l->sha256), ATTR("shape", shape_name(l->text.shape)),
		ATTR("encoding", l->encoding), ATTR("pageCount", pages), ATTR("generator", "imrc " IMRC_VERSION),
	};
	start(w, "source", chain(source, 6, NULL), 0, NULL);
	end(w, "source");
	free(name);
	if (f->case_number) {
		struct attr c[] = {
			ATTR("number", f->case_number), ATTR("assigned", f->assigned), ATTR("decided", f->decided),
			ATTR("urDenied", f->ur_denied), ATTR("received", f->received), ATTR("priority", f->priority),
		};
		start(w, "case", chain(c, 6, NULL), 0, NULL);
		end(w, "case");
	}
	start(w, "reviewer", NULL, 0, NULL);
	for (size_t i = 0; i < f->specialty_count; i++)
		text_element(w, "specialty", NULL, f->specialties[i]);
	for (size_t i = 0; i < f->subspecialty_count; i++)
		text_element(w, "subspecialty", NULL, f->subspecialties[i]);
	for (size_t i = 0; i < f->licensure_count; i++) {
		struct attr state = ATTR("state", f->licensures[i].state);
		text_element(w, "licensure", &state, f->licensures[i].name);
	}
	end(w, "reviewer");
	if (f->age >= 0 || f->sex || f->injured[0] || f->diagnosis_count) {
		char age[16];
		snprintf(age, sizeof age, "%d", f->age);
		struct attr p[] = {
			ATTR("age", f->age >= 0 ? age : NULL), ATTR("sex", f->sex), ATTR("injured", f->injured),
		};
		start(w, "patient", chain(p, 3, NULL), 0, NULL);
		for (size_t i = 0; i < f->diagnosis_count; i++)
			text_element(w, "diagnosis", NULL, f->diagnoses[i]);
		end(w, "patient");
	}
}

/* The letter's own nodes, recursively: the depth is fixed by the grammar (at most five levels). */
static void body(struct walk *w, const struct node *n)
{
	static const char *const names[NODE_KIND_COUNT] = {
		[NODE_LETTERHEAD] = "letterhead", [NODE_CASE_HEADER] = "header", [NODE_FIELD] = "field", [NODE_LABEL] = "label", [NODE_VALUE] = "value",
		[NODE_TITLE] = "title", [NODE_HOW_MADE] = "howMade", [NODE_CREDENTIALS] = "credentials",
		[NODE_SUMMARY] = "summary", [NODE_ISSUES] = "items", [NODE_ITEM] = "item", [NODE_REQUEST] = "request",
		[NODE_DECISION] = "decisionText", [NODE_GUIDELINE] = "guideline", [NODE_RATIONALE] = "rationale",
		[NODE_PARAGRAPH] = "p", [NODE_UNPARSED] = "unparsed",
	};
	if (n->kind == NODE_PARAGRAPH && n->parent->kind == NODE_FIELD) {
		/* a credentials field's value: its lines are the field's text after the label */
		for (const struct node *line = n->first; line; line = line->next) {
			text(w, " ", 1);
			text(w, line->text, line->text_len);
		}
		return;
	}
	const char *name = names[n->kind];
	struct attr own[2];
	int upheld, overturned;
	char number[16];
	size_t count = 0;
	switch (n->kind) {
	case NODE_FIELD:
		own[count++] = ATTR("name", field_name(n->sub));
		break;
	case NODE_UNPARSED:
		w->item_number += n->sub;                /* it stands for an item: the next keeps its number */
		break;
	case NODE_ITEM:
		snprintf(number, sizeof number, "%d", ++w->item_number);
		own[count++] = ATTR("number", number);
		own[count++] = ATTR("decision", decision_name(n->sub));
		break;
	case NODE_GUIDELINE:
		own[count++] = ATTR("by", guideline_by_name(n->sub));
		break;
	case NODE_ISSUES:
		if (w->letter->partial)          /* the outcome of the items read is not the letter's */
			break;
		count_decisions(n, &upheld, &overturned);
		own[count++] = ATTR("outcome", outcome_name(upheld, overturned));
		break;
	default:
		break;
	}
	if (n->kind == NODE_DECISION)
		decision_separator(w, n);
	start(w, name, chain(own, count, n->attrs), holds_text(n), n);
	switch (n->kind) {
	case NODE_VALUE: case NODE_LABEL: case NODE_TITLE: case NODE_UNPARSED:
		text(w, n->text, n->text_len);
		break;
	case NODE_DECISION: {
		const char *word = n->text;       /* ": Upheld" keeps its colon in the tree, not in the element */
		while (*word == ':' || *word == ' ' || *word == '\t' || *word == '\n')
			word++;
		text(w, word, strlen(word));
		break;
	}
	case NODE_PARAGRAPH: case NODE_REQUEST:
		inlines(w, n);
		break;
	default:
		for (const struct node *c = n->first; c; c = c->next)
			body(w, c);
		break;
	}
	end(w, name);
}

void xml_walk(const struct letter *letter, const struct xml_events *events, void *ctx)
{
	struct walk w = {.letter = letter, .events = events, .ctx = ctx};
	/* a partial letter's root is an element of its own (the schema's PartialDetermination), which says so */
	const char *root = letter->partial ? "partialDetermination" : "determination";
	struct attr attrs[] = {ATTR("schemaVersion", IMRC_SCHEMA_VERSION), ATTR("status", "partial")};
	start(&w, root, chain(attrs, letter->partial ? 2 : 1, NULL), 0, NULL);
	index_fields(&w);
	for (const struct node *n = letter->root->first; n; n = n->next)
		body(&w, n);
	end(&w, root);
}
