/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ast.c: nodes of the letter's tree (see ast.h). */
#include "ast.h"

#include <stdarg.h>
#include <string.h>

struct node *node_new(struct arena *arena, enum node_kind kind, struct span span, const char *text, size_t len)
{
	struct node *n = arena_alloc(arena, sizeof *n);
	n->kind = kind;
	n->span = span;
	if (text) {
		n->text = arena_strndup(arena, text, len);
		n->text_len = len;
	}
	return n;
}

void node_append(struct node *parent, struct node *child)
{
	if (!child)
		return;
	child->parent = parent;
	child->next = NULL;
	if (parent->last) {
		parent->last->next = child;
	} else {
		parent->first = child;
		if (parent->span.start == parent->span.end)
			parent->span = child->span;
	}
	parent->last = child;
	/* the ancestors too: a paragraph appended to the rationale of an item already in the items widens both */
	for (struct node *p = parent; p; p = p->parent) {
		int wider = 0;
		if (child->span.start < p->span.start) {
			p->span.start = child->span.start;
			wider = 1;
		}
		if (child->span.end > p->span.end) {
			p->span.end = child->span.end;
			wider = 1;
		}
		if (!wider)
			break;
	}
}

struct node *node_build(struct arena *arena, enum node_kind kind, ...)
{
	struct node *n = node_new(arena, kind, (struct span){0, 0}, NULL, 0);
	va_list ap;
	va_start(ap, kind);
	for (struct node *child; (child = va_arg(ap, struct node *));) {
		if (child->kind != NODE_LIST) {
			node_append(n, child);
			continue;
		}
		for (struct node *c = child->first, *next; c; c = next) {
			next = c->next;
			node_append(n, c);
		}
	}
	va_end(ap);
	return n;
}

void node_set_attr(struct arena *arena, struct node *n, const char *name, const char *value)
{
	struct attr **at = &n->attrs;
	for (; *at; at = &(*at)->next)
		if (strcmp((*at)->name, name) == 0) {
			(*at)->value = value;
			return;
		}
	*at = arena_alloc(arena, sizeof **at);
	(*at)->name = name;
	(*at)->value = value;
}

const char *node_attr(const struct node *n, const char *name)
{
	for (const struct attr *a = n->attrs; a; a = a->next)
		if (strcmp(a->name, name) == 0)
			return a->value;
	return NULL;
}

static const char *const kind_names[NODE_KIND_COUNT] = {
	[NODE_LETTER] = "letter",
	[NODE_LETTERHEAD] = "letterhead",
	[NODE_CASE_HEADER] = "case-header",
	[NODE_FIELD] = "field",
	[NODE_LABEL] = "label",
	[NODE_VALUE] = "value",
	[NODE_TITLE] = "title",
	[NODE_HOW_MADE] = "how-made",
	[NODE_CREDENTIALS] = "credentials",
	[NODE_SUMMARY] = "summary",
	[NODE_ISSUES] = "issues",
	[NODE_ITEM] = "item",
	[NODE_REQUEST] = "request",
	[NODE_DECISION] = "decision",
	[NODE_GUIDELINE] = "guideline",
	[NODE_RATIONALE] = "rationale",
	[NODE_PARAGRAPH] = "paragraph",
	[NODE_LINE] = "line",
	[NODE_LIST] = "list",
	[NODE_TEXT] = "text",
	[NODE_MARK] = "mark",
	[NODE_UNPARSED] = "unparsed",
};

const char *node_kind_name(enum node_kind kind)
{
	return kind < NODE_KIND_COUNT ? kind_names[kind] : "?";
}

const char *field_name(enum field field)
{
	static const char *const names[] = {
		[FIELD_NONE] = "", [FIELD_CASE_NUMBER] = "number", [FIELD_ASSIGNED] = "assigned",
		[FIELD_INJURED] = "injured", [FIELD_DECIDED] = "decided", [FIELD_UR_DENIED] = "urDenied",
		[FIELD_PRIORITY] = "priority", [FIELD_RECEIVED] = "received", [FIELD_LICENSURE] = "licensure",
		[FIELD_SPECIALTY] = "specialty",
	};
	return field <= FIELD_SPECIALTY ? names[field] : "?";
}

const char *decision_name(enum decision decision)
{
	return decision == DECISION_UPHELD ? "upheld" : decision == DECISION_OVERTURNED ? "overturned" : "?";
}

const char *guideline_by_name(enum guideline_by by)
{
	return by == BY_CLAIMS_ADMINISTRATOR ? "claims-administrator" : by == BY_IMRO ? "imro" : "?";
}

const char *outcome_name(int upheld, int overturned)
{
	return overturned == 0 ? "upheld" : upheld == 0 ? "overturned" : "mixed";
}

void count_decisions(const struct node *issues, int *upheld, int *overturned)
{
	*upheld = *overturned = 0;
	for (const struct node *item = issues->first; item; item = item->next) {
		*upheld += item->kind == NODE_ITEM && item->sub == DECISION_UPHELD;
		*overturned += item->kind == NODE_ITEM && item->sub == DECISION_OVERTURNED;
	}
}

void node_plain_text(const struct node *n, struct buffer *buf)
{
	for (const struct node *c = n->first; c; c = c->next) {
		if (c->kind == NODE_TEXT || c->kind == NODE_LINE) {
			if (c->kind == NODE_LINE && buf->len)
				buffer_addc(buf, ' ');
			buffer_add(buf, c->text, c->text_len);
		} else {
			node_plain_text(c, buf);
		}
	}
}

struct node *node_child(const struct node *parent, enum node_kind kind)
{
	for (struct node *c = parent->first; c; c = c->next)
		if (c->kind == kind)
			return c;
	return NULL;
}

const char *node_check(const struct node *root)
{
	const struct node *n = root;
	while (n) {
		const struct node *prev = NULL;
		/* the case header is a set of fields in a fixed order, whatever the letter's: its fields, and the
		 * label and value of each, may lie in any order and inside each other */
		int set = n->kind == NODE_CASE_HEADER || (n->kind == NODE_FIELD && n->parent->kind == NODE_CASE_HEADER);
		for (const struct node *c = n->first; c; c = c->next) {
			if (c->parent != n)
				return "a child's parent link is wrong";
			if (c->span.start < n->span.start || c->span.end > n->span.end)
				return "a child's span is outside its parent's";
			if (prev && c->span.start < prev->span.end && !set)
				return "children's spans overlap or are out of order";
			prev = c;
		}
		if (prev != n->last)
			return "a node's last link is wrong";
		/* next node in document order, without recursion */
		if (n->first) {
			n = n->first;
			continue;
		}
		while (n && n != root && !n->next)
			n = n->parent;
		n = (n && n != root) ? n->next : NULL;
	}
	return NULL;
}
