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

/* What a parse leaves for a partial tree; every node and message lives in the letter's arena. */
struct partial_log {
	struct node *sections;     /* the sections the parser let go of at an error, in the letter's order (linked
	                              by next) */
	struct parse_error *errors, **errors_end;   /* in the order reported */
};

/* Keeps a section (a case header, how-made, summary or issues node) that the parser pops off its stack at an
 * error: the grammar's %destructor. */
void partial_let_go(struct parse_state *ps, struct node *section);

/* Notes an error the parser reports at offset at of the normalised text. */
void partial_note_error(struct parse_state *ps, size_t at, const char *fmt, va_list ap);

/* The tree of a letter whose parse reported errors: the root the parser built in spite of them, or the sections
 * it let go of; of these, each item and each section that holds an error becomes an UNPARSED node of its span
 * (one that stands for an item says so: sub = 1), and each stretch of text that no node holds becomes one too,
 * where a section, an item or an item's part was expected. Every UNPARSED node carries the message of the first
 * error in it (an error outside any gets an empty one at its place). Returns NULL when no section of a letter was
 * found: not a letter at all. */
struct node *partial_letter(struct parse_state *ps);

#endif
