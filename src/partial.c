/* SPDX-License-Identifier: GPL-3.0-or-later */
/* partial.c: the tree of a letter that does not parse, for --partial (see partial.h). The parser knows nothing
 * of it but two hooks: the sections it pops off its stack at an error (partial_let_go, its %destructor) and the
 * errors it reports (partial_note_error, from parse_error_at). Everything here works on node kinds and spans:
 * no word of a letter is spelled in this file. */
#include "partial.h"

#include <stdio.h>
#include <string.h>

#include "parse.h"

void partial_let_go(struct parse_state *ps, struct node *node, enum node_kind opens)
{
	if (!node)
		return;
	struct piece *p = arena_alloc(ps->arena, sizeof *p), **at = &ps->partial.pieces;
	p->node = node;
	p->opens = opens;
	while (*at && (*at)->node->span.start < node->span.start)   /* the stack is popped from its top */
		at = &(*at)->next;
	p->next = *at;
	*at = p;
}

/* The place of a section in a letter (its sections come in this order), 0 for what is no section. */
static int rank(enum node_kind kind)
{
	switch (kind) {
	case NODE_CASE_HEADER: return 1;
	case NODE_HOW_MADE: return 2;
	case NODE_SUMMARY: return 3;
	case NODE_ISSUES: return 4;
	default: return 0;
	}
}

/* Appends section (a node, or one being assembled) to root when it comes after the sections there and, when
 * assembled from a title, holds a paragraph; else leaves its text to be unparsed. */
static void close_section(struct node *root, struct node *section)
{
	if (!section || (root->last && rank(root->last->kind) >= rank(section->kind)))
		return;
	if (section->kind == NODE_HOW_MADE || section->kind == NODE_SUMMARY) {
		if (!node_child(section, NODE_PARAGRAPH))
			return;
	}
	node_append(root, section);
}

/* The sections the parser let go of, in a new root: whole ones as they are, and the one it was reading (how-made
 * or summary) from its title and the paragraphs and credentials that follow it. */
static struct node *assemble(struct parse_state *ps)
{
	struct node *root = node_new(ps->arena, NODE_LETTER, (struct span){0, 0}, NULL, 0), *open = NULL;
	for (const struct piece *p = ps->partial.pieces; p; p = p->next) {
		struct node *n = p->node;
		if (p->opens != NODE_LIST) {
			close_section(root, open);
			open = node_new(ps->arena, p->opens, n->span, NULL, 0);
			node_append(open, n);
		} else if (n->kind == NODE_LIST) {
			for (struct node *c = n->first, *next; open && c; c = next) {
				next = c->next;
				node_append(open, c);
			}
		} else if (n->kind == NODE_CREDENTIALS) {
			if (open && open->kind == NODE_HOW_MADE && open->last->kind == NODE_PARAGRAPH)
				node_append(open, n);
		} else {
			close_section(root, open);
			open = NULL;
			close_section(root, n);
		}
	}
	close_section(root, open);
	return root;
}

void partial_note_error(struct parse_state *ps, size_t at, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int len = vsnprintf(NULL, 0, fmt, ap);
	char *message = arena_alloc(ps->arena, len > 0 ? (size_t)len + 1 : 1);
	if (len > 0)
		vsnprintf(message, (size_t)len + 1, fmt, again);
	va_end(again);
	struct parse_error *e = arena_alloc(ps->arena, sizeof *e);
	e->at = at;
	e->message = message;
	*ps->partial.errors_end = e;
	ps->partial.errors_end = &e->next;
}

/* Whether c is a blank or a line end: the layout between a letter's words. */
static int layout(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* The errors of the letter, and which of them an UNPARSED node carries already. */
struct placing {
	struct parse_state *ps;
	struct parse_error *errors;
	unsigned char *placed;     /* per error, in order */
};

/* Gives the UNPARSED node n the message of error e, and its line and column in the input. */
static void carry_error(struct placing *p, struct node *n, const struct parse_error *e)
{
	struct arena *arena = p->ps->arena;
	size_t line, col;
	char buf[24];
	source_position(p->ps->diag->src, p->ps->text->origin[e->at], &line, &col);
	node_set_attr(arena, n, "error", e->message);
	snprintf(buf, sizeof buf, "%zu", line);
	node_set_attr(arena, n, "line", arena_strndup(arena, buf, strlen(buf)));
	snprintf(buf, sizeof buf, "%zu", col);
	node_set_attr(arena, n, "column", arena_strndup(arena, buf, strlen(buf)));
}

/* Gives n the first error not yet placed at an offset from start to end (both included), and marks every such
 * error placed. Returns whether there was one. */
static int claim_errors(struct placing *p, struct node *n, size_t start, size_t end)
{
	int found = 0;
	size_t i = 0;
	for (const struct parse_error *e = p->errors; e; e = e->next, i++) {
		if (p->placed[i] || e->at < start || e->at > end)
			continue;
		if (!found)
			carry_error(p, n, e);
		p->placed[i] = 1;
		found = 1;
	}
	return found;
}

/* Turns n (an item, or a section) into an UNPARSED node holding the text of its span. */
static void unparse(struct placing *p, struct node *n, int stands_for_item)
{
	const struct text *t = p->ps->text;
	n->kind = NODE_UNPARSED;
	n->sub = stands_for_item;
	n->first = n->last = NULL;
	n->attrs = NULL;
	n->text = arena_strndup(p->ps->arena, t->buf + n->span.start, n->span.end - n->span.start);
	n->text_len = n->span.end - n->span.start;
	claim_errors(p, n, n->span.start, n->span.end);
}

/* Links child into parent before next (NULL: last), widening parent's span. */
static void insert_before(struct node *parent, struct node *child, struct node *next)
{
	if (!next) {
		node_append(parent, child);
		return;
	}
	child->parent = parent;
	child->next = next;
	struct node **link = &parent->first;
	while (*link != next)
		link = &(*link)->next;
	*link = child;
	if (child->span.start < parent->span.start)
		parent->span.start = child->span.start;
}

/* The message for a span that holds no error of its own: the last error reported before its end, or the first. */
static const struct parse_error *nearest_error(const struct placing *p, size_t end)
{
	const struct parse_error *best = p->errors;
	for (const struct parse_error *e = p->errors; e; e = e->next)
		if (e->at <= end && (best->at > end || e->at >= best->at))
			best = e;
	return best;
}

/* The text from start to end, when it holds more than layout, as an UNPARSED node linked into parent before next
 * (NULL: last). */
static void fill_gap(struct placing *p, struct node *parent, struct node *next, size_t start, size_t end)
{
	const char *buf = p->ps->text->buf;
	size_t a = start, b = end;
	while (a < b && layout(buf[a]))
		a++;
	while (b > a && layout(buf[b - 1]))
		b--;
	if (a == b)
		return;
	struct node *n = node_new(p->ps->arena, NODE_UNPARSED, (struct span){a, b}, buf + a, b - a);
	if (!claim_errors(p, n, start, end))
		carry_error(p, n, nearest_error(p, end));
	insert_before(parent, n, next);
}

/* Fills every gap between the children of parent, from start to end. */
static void fill_gaps(struct placing *p, struct node *parent, size_t start, size_t end)
{
	size_t at = start;
	for (struct node *c = parent->first; c; c = c->next) {
		if (c->span.start > at)
			fill_gap(p, parent, c, at, c->span.start);
		at = c->span.end > at ? c->span.end : at;
	}
	if (end > at)
		fill_gap(p, parent, NULL, at, end);
}

/* An empty UNPARSED node at offset at for an error that no span holds (a section missing between two that were
 * read): among the items when it falls after their title (the items are the last section), else between the
 * sections. */
static void place_alone(struct placing *p, struct node *root, const struct parse_error *e)
{
	struct node *parent = root;
	for (struct node *c = root->first; c; c = c->next)
		if (c->kind == NODE_ISSUES && c->span.start < e->at)
			parent = c;
	struct node *next = parent->first, *prev = NULL;
	while (next && (next->span.start < e->at || next->kind == NODE_CASE_HEADER)) {   /* the header comes first */
		prev = next;
		next = next->next;
	}
	size_t at = prev && prev->span.end > e->at ? prev->span.end : e->at;
	struct node *n = node_new(p->ps->arena, NODE_UNPARSED, (struct span){at, at}, "", 0);
	carry_error(p, n, e);
	insert_before(parent, n, next);
}

/* Whether root holds a section of a letter that was read: how-made, summary, items, or a case header with a value
 * (not its first label alone). */
static int found_letter(const struct node *root)
{
	for (const struct node *s = root->first; s; s = s->next) {
		if (s->kind == NODE_HOW_MADE || s->kind == NODE_SUMMARY || s->kind == NODE_ISSUES)
			return 1;
		for (const struct node *c = s->kind == NODE_CASE_HEADER ? s->first : NULL; c; c = c->next)
			if (c->kind == NODE_FIELD || c->kind == NODE_VALUE)
				return 1;
	}
	return 0;
}

struct node *partial_letter(struct parse_state *ps)
{
	struct node *root = ps->root ? ps->root : assemble(ps);
	size_t count = 0;
	for (const struct parse_error *e = ps->partial.errors; e; e = e->next)
		count++;
	struct placing p = {.ps = ps, .errors = ps->partial.errors, .placed = arena_alloc(ps->arena, count + 1)};

	/* the items and sections that hold an error */
	for (const struct parse_error *e = p.errors; e; e = e->next) {
		for (struct node *s = root->first; s; s = s->next) {
			if (s->kind == NODE_ISSUES) {
				for (struct node *item = s->first; item; item = item->next)
					if (item->kind == NODE_ITEM && item->span.start <= e->at && e->at < item->span.end)
						unparse(&p, item, 1);
			} else if (s->kind != NODE_UNPARSED && s->span.start < e->at && e->at < s->span.end) {
				unparse(&p, s, 0);
			}
		}
	}
	if (!found_letter(root))
		return NULL;
	/* the text no node holds: among the items up to the end of the letter or the next section, then between
	 * the sections */
	const size_t len = ps->text->len;
	for (struct node *s = root->first; s; s = s->next)
		if (s->kind == NODE_ISSUES)
			fill_gaps(&p, s, s->span.start, s->next ? s->next->span.start : len);
	fill_gaps(&p, root, 0, len);
	size_t i = 0;
	for (const struct parse_error *e = p.errors; e; e = e->next, i++)
		if (!p.placed[i])
			place_alone(&p, root, e);
	root->span = (struct span){0, len};
	return root;
}
