/* SPDX-License-Identifier: GPL-3.0-or-later */
/* parse.h: the parse phase. Turns the normalised text of a letter into its tree, with the flex scanner and the
 * bison grammar of grammar/. All state of one parse lives in struct parse_state: there are no globals. */
#ifndef IMRC_PARSE_H
#define IMRC_PARSE_H

#include "ast.h"
#include "diag.h"
#include "input.h"
#include "partial.h"

/* Shared by the scanner (as its extra data) and the parser (as its parameter). */
struct parse_state {
	struct arena *arena;
	const struct text *text;
	struct diagnostics *diag;
	struct node *root;
	size_t offset;             /* the scanner's position in text->buf */
	char *scan_copy;           /* the scanner's copy of text->buf, ending in two NULs */
	int para_pending;          /* an empty line was seen: a paragraph break, unless a title or label follows */
	int after_heading;         /* the last token was a title or a label: a paragraph break after it is layout */
	size_t next_heading;       /* where the next item's heading begins (SIZE_MAX: none) */
	size_t heading_scan_end;   /* ... as found by a scan that ended here */
	size_t wrap_width;         /* the length of a full line of text (0: not known yet) */
	/* phrases the scanner's C code looks for (letter_spelling), found once */
	struct phrase {
		const char *text;
		size_t len;
	} ca_label, original;      /* the label after an item's heading; the first sentence of a modified request's */
	/* Where the scanner is, to say where an error is: the last structural token and the number of
	 * 'Claims Administrator guideline:' labels seen (the item's number); now and before the last token
	 * (the parser reports an error with that token in hand, not yet part of the letter). */
	struct place {
		int context, items;
	} now, before;
	const struct node *last_line; /* the last text line, to point at a bad decision word */
	struct partial_log partial;   /* what an error leaves, for --partial */
	/* The case header's current run of labels and how many of their values have come (letter.l), so that an
	 * error can say which value was expected. */
	struct header_run {
		int fields[8];             /* enum field of each label of the run */
		int labels, values;
	} header_run;
	/* The titles of a layout the grammar does not describe, as the scanner met them (letter_report_layout). */
	struct layout_found {
		enum layout { LAYOUT_2013 = 1, LAYOUT_MPR } layout;    /* the layout of the first title */
		int tokens[8];             /* its distinct title tokens, in the order met */
		int count;
		struct span first;         /* where the first one is */
	} layout;
	int at_end;                /* the scanner has reached the end of the text */
};

/* The longest paragraph (or other run of text) a letter may hold: a real letter's longest is some kilobytes, and
 * XML readers built on libxml2 refuse a text node over 10 MB (README, "Limits"). */
#define MAX_TEXT_RUN 1000000

/* Parses the letter. Returns its tree (in arena), or NULL after reporting every error in diag (a run of text
 * longer than MAX_TEXT_RUN is one). With partial (--partial), a letter with syntax errors still gets a tree,
 * the partial one of partial.h, and *is_partial is set; a letter in which no section was found, or whose tree
 * would hold a run of text longer than MAX_TEXT_RUN, gets none. */
struct node *parse_letter(const struct text *text, struct arena *arena, struct diagnostics *diag, int partial,
			  int *is_partial);

/* Reports an error at a span of the normalised text, in original coordinates. */
void parse_error_at(struct parse_state *ps, struct span span, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
