/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ast.h: the tree of one letter. Every node lives in the letter's arena and carries its span in the
 * normalised text (map it to the original input through struct text's origin). */
#ifndef IMRC_AST_H
#define IMRC_AST_H

#include <stddef.h>

#include "util.h"

struct span {
	size_t start, end;         /* byte offsets in the normalised text, end exclusive */
};

enum node_kind {
	NODE_LETTER,               /* the root */
	NODE_LETTERHEAD,           /* PARAGRAPH+: letterhead or cover lines before the first section */
	NODE_CASE_HEADER,          /* a FIELD per header field, in the order of enum field (a set: spans unordered) */
	NODE_FIELD,                /* a LABEL and, for header fields, a VALUE; sub = enum field */
	NODE_LABEL,                /* structural words as written ("Claims Administrator guideline:") */
	NODE_VALUE,                /* a header value (case number, date, priority) */
	NODE_TITLE,                /* a section title as written */
	NODE_HOW_MADE,             /* TITLE, PARAGRAPH+, CREDENTIALS? */
	NODE_CREDENTIALS,          /* TITLE, FIELD (licensure) with LINE children, FIELD (specialty) */
	NODE_SUMMARY,              /* TITLE, PARAGRAPH+ */
	NODE_ISSUES,               /* TITLE, PARAGRAPH (the intro sentence), ITEM+ */
	NODE_ITEM,                 /* REQUEST, DECISION, GUIDELINE (claims administrator), GUIDELINE (IMRO), RATIONALE */
	NODE_REQUEST,              /* LINE+: the heading without its decision */
	NODE_DECISION,             /* the decision as written; sub = enum decision */
	NODE_GUIDELINE,            /* LABEL, PARAGRAPH*; sub = enum guideline_by */
	NODE_RATIONALE,            /* LABEL, PARAGRAPH+ */
	NODE_PARAGRAPH,            /* LINE+ */
	NODE_LINE,                 /* the text of one logical line */
	NODE_LIST,                 /* a list of siblings while parsing; node_build splices it away */
	NODE_TEXT,                 /* inline text, after the inlines phase has replaced a paragraph's LINEs */
	NODE_MARK,                 /* inline markup (a date, a citation, ...): name, attrs, TEXT and MARK children */
	NODE_UNPARSED,             /* --partial: a span the parser could not read, its text verbatim; attrs: error
	                              (the message), line, column; sub = 1 when it stands for one item (partial.h) */
	NODE_KIND_COUNT
};

enum field {
	FIELD_NONE,
	FIELD_CASE_NUMBER, FIELD_ASSIGNED, FIELD_INJURED, FIELD_DECIDED, FIELD_UR_DENIED, FIELD_PRIORITY,
	FIELD_RECEIVED, FIELD_LICENSURE, FIELD_SPECIALTY
};

enum decision { DECISION_UPHELD = 1, DECISION_OVERTURNED };
enum guideline_by { BY_CLAIMS_ADMINISTRATOR = 1, BY_IMRO };

/* An attribute of a node, written as an XML attribute; kept in the order they were set. */
struct attr {
	const char *name, *value;
	struct attr *next;
};

struct node {
	enum node_kind kind;
	int sub;                   /* enum field, decision or guideline_by, by kind */
	struct span span;
	const char *text;          /* LINE, LABEL, VALUE, TITLE, DECISION, TEXT: NUL-terminated copy */
	size_t text_len;
	const char *name;          /* MARK: its element name */
	struct attr *attrs;
	struct node *parent, *first, *last, *next;
};

/* Makes a node in the arena; text (may be NULL) is copied. */
struct node *node_new(struct arena *arena, enum node_kind kind, struct span span, const char *text, size_t len);
/* Appends child (may be NULL: then nothing happens) as the last child of parent, widening the spans of parent and
 * its ancestors. */
void node_append(struct node *parent, struct node *child);
/* A new node of the given kind with the given children, a NULL-terminated list (so a NULL child ends the list:
 * pass a possibly NULL child last); the children of a NODE_LIST child are appended in its place. */
struct node *node_build(struct arena *arena, enum node_kind kind, ...);

/* Adds (or replaces) an attribute; name and value must outlive the node (arena or static strings). */
void node_set_attr(struct arena *arena, struct node *n, const char *name, const char *value);
const char *node_attr(const struct node *n, const char *name);

/* The kind's name in the tree backend; one table for every kind. */
const char *node_kind_name(enum node_kind kind);
const char *field_name(enum field field);
const char *decision_name(enum decision decision);
/* "claims-administrator" or "imro": the names of guideline/@by. */
const char *guideline_by_name(enum guideline_by by);
/* The outcome of a letter whose items are upheld and overturned in these numbers (SPEC section 7): "upheld" when
 * every item is upheld, "overturned" when every item is overturned, "mixed" otherwise. */
const char *outcome_name(int upheld, int overturned);
/* Counts the items of the ISSUES node issues by their decision. */
void count_decisions(const struct node *issues, int *upheld, int *overturned);

/* Appends the text under n (TEXT and LINE nodes, lines joined by a blank) to buf. */
void node_plain_text(const struct node *n, struct buffer *buf);

/* The first child of parent with the given kind, or NULL. */
struct node *node_child(const struct node *parent, enum node_kind kind);

/* Checks the links of the tree (parent, last, spans nested in order). Returns NULL or a message. */
const char *node_check(const struct node *root);

#endif
