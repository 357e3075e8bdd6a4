/* SPDX-License-Identifier: GPL-3.0-or-later */
/* partial.h: the tree of a letter that does not parse, for --partial (SPEC section 5): everything the parser
 * read in its place, and each span it could not read kept verbatim in an UNPARSED node, with the message of the
 * error found there. */
#ifndef IMRC_PARTIAL_H
#define IMRC_PARTIAL_H

#include <stdarg.h>
#include <stddef.h>

#include "ast.h"

struct parse_state;

/* An error the parser reported: where (an offset of the normalised text) and its message. */
struct parse_error {
	size_t at;
	const char *message;       /* in the letter's arena */
	struct parse_error *next;
};

/* A node the parser let go of at an error: a whole section or credentials block, a list of paragraphs, or the
 * title of the section of kind opens (NODE_LIST for the others). */
struct piece {
	struct node *node;
	enum node_kind opens;
	struct piece *next;
};

/* What a parse leaves for a partial tree; every node and message lives in the letter's arena. */
struct partial_log {
	struct piece *pieces;      /* in the letter's order */
	struct parse_error *errors, **errors_end;   /* in the order reported */
};

/* Keeps a node that the parser pops off its stack or discards at an error (the grammar's %destructor): a whole
 * section (case header, how-made, summary, issues), credentials, a NODE_LIST of paragraphs, or a section title
 * (opens: the kind of its section; NODE_LIST for the others). */
void partial_let_go(struct parse_state *ps, struct node *node, enum node_kind opens);

/* Notes an error the parser reports at offset at of the normalised text. */
void partial_note_error(struct parse_state *ps, size_t at, const char *fmt, va_list ap);

/* The tree of a letter whose parse reported errors: the root the parser built in spite of them, or the sections
 * it let go of (a how-made or summary section it was reading made of its title and the paragraphs read, with the
 * credentials if read); of these, each item and each section that holds an error becomes an UNPARSED node of its span
 * (one that stands for an item says so: sub = 1), and each stretch of text that no node holds becomes one too,
 * where a section, an item or an item's part was expected. Every UNPARSED node carries the message of the first
 * error in it (an error outside any gets an empty one at its place). Returns NULL when no section of a letter was
 * read (how-made, summary, items, or a case header with a value): not a letter at all. */
struct node *partial_letter(struct parse_state *ps);

#endif
