/* SPDX-License-Identifier: GPL-3.0-or-later */
/* parse.c: the whole life of the scanner and the parser for one letter (see parse.h). */
#include "parse.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "letter.tab.h"
#define YYSTYPE LETTER_STYPE
#define YYLTYPE LETTER_LTYPE
#include "letter.lex.h"

void parse_error_at(struct parse_state *ps, struct span span, const char *fmt, ...)
{
	va_list ap, again;
	va_start(ap, fmt);
	va_copy(again, ap);
	diag_vat(ps->diag, SEVERITY_ERROR, ps->text->origin[span.start], fmt, ap);
	partial_note_error(ps, span.start, fmt, again);
	va_end(again);
	va_end(ap);
}

/* The first node under n whose text would be one XML text node longer than MAX_TEXT_RUN, or NULL. */
static const struct node *overlong_text(const struct node *n)
{
	switch (n->kind) {
	case NODE_PARAGRAPH: case NODE_REQUEST: case NODE_LINE: case NODE_LABEL: case NODE_VALUE: case NODE_TITLE:
	case NODE_DECISION: case NODE_FIELD: case NODE_UNPARSED:
		if (n->span.end - n->span.start > MAX_TEXT_RUN)
			return n;
		return NULL;
	default:
		for (const struct node *c = n->first; c; c = c->next) {
			const struct node *found = overlong_text(c);
			if (found)
				return found;
		}
		return NULL;
	}
}

/* Runs the scanner and the parser over ps->text, from a fresh state. Returns letter_parse's result. When the parser
 * gave up (failed), *blank_from gets the start of the line where its last error is and *resume where the first
 * section title after it begins, as the scanner, going on to the end, finds it (SIZE_MAX: none). */
static int run(struct parse_state *ps, size_t *blank_from, size_t *resume)
{
	const struct text *text = ps->text;
	ps->ca_label.text = letter_spelling(T_LABEL_CA_GUIDELINE, &ps->ca_label.len);
	ps->original.text = letter_spelling(T_PHRASE_ORIGINAL, &ps->original.len);
	yyscan_t scanner;
	if (letter_lex_init_extra(ps, &scanner) != 0) {
		fputs("imrc: out of memory\n", stderr);
		exit(4);
	}
	/* the scanner's own copy, ending in the two NULs flex wants (yy_scan_bytes copies byte by byte): its one
	 * buffer, in which SKIP_TO (letter.l) moves it on; lex_destroy frees the buffer, not the copy */
	ps->scan_copy = xmalloc(text->len + 2);
	memcpy(ps->scan_copy, text->buf, text->len);
	ps->scan_copy[text->len] = ps->scan_copy[text->len + 1] = '\0';
	letter__scan_buffer(ps->scan_copy, text->len + 2, scanner);
	struct diag_mark mark = diag_mark(ps->diag);
	int failed = letter_parse(scanner, ps);
	*resume = SIZE_MAX;
	if (failed || ps->diag->errors > mark.errors) {
		/* the scanner goes on to the end: for --partial, the first section title after the line of the last
		 * error; and the titles of another layout, anywhere in the letter, which tell why it did not parse:
		 * they replace the messages of what broke */
		size_t at = 0;
		for (const struct parse_error *e = ps->partial.errors; e; e = e->next)
			at = e->at;
		while (at > 0 && text->buf[at - 1] != '\n')
			at--;
		*blank_from = at;
		LETTER_STYPE value;
		LETTER_LTYPE loc;
		while (!ps->at_end) {
			int token = letter_lex(&value, &loc, scanner);
			if (*resume == SIZE_MAX && failed && ps->partial.errors && loc.start > at
			    && (token == T_TITLE_HOW_MADE || token == T_TITLE_SUMMARY || token == T_TITLE_ISSUES))
				*resume = loc.start;
		}
		if (ps->layout.count) {
			diag_drop_errors_since(ps->diag, mark);
			letter_report_layout(ps);
		}
	}
	letter_lex_destroy(scanner);
	free(ps->scan_copy);
	return failed;
}

/* --partial, after the parser gave up: the letter parsed again with the lines from its last error to the next
 * section title blanked out, as often as it gives up again, so that the sections after a damaged one are read
 * too. Returns the tree of partial.h, or NULL (no section of a letter read). The errors it carries are those
 * reported (printed) and those the parses after the blanked spans found further on (not printed). */
static struct node *reparse(struct parse_state *ps, int failed, size_t blank_from, size_t resume)
{
	const struct text *text = ps->text;
	struct diagnostics *diag = ps->diag;
	struct text view = *text;
	char *blanked = NULL;
	struct parse_error *reported = ps->partial.errors, **tail = ps->partial.errors_end;
	struct diagnostics quiet = {.src = diag->src, .quiet = 1};
	size_t blanked_to = 0;
	for (int tries = 0; failed && !ps->root && resume != SIZE_MAX && tries < 16; tries++) {
		if (!blanked) {
			blanked = xmalloc(text->len + 1);
			memcpy(blanked, text->buf, text->len + 1);
			view.buf = blanked;
		}
		memset(blanked + blank_from, '\n', resume - blank_from);   /* offsets stay: the origin map holds */
		blanked_to = resume;
		*ps = (struct parse_state){.arena = ps->arena, .text = &view, .diag = &quiet};
		ps->partial.errors_end = &ps->partial.errors;
		failed = run(ps, &blank_from, &resume);
	}
	if (blanked) {              /* the errors reported, then those found after the last blanked span */
		*tail = NULL;
		for (struct parse_error *e = ps->partial.errors; e; e = e->next)
			if (e->at > blanked_to) {
				*tail = e;
				tail = &e->next;
			}
		*tail = NULL;
		ps->partial.errors = reported;
	}
	ps->text = text;            /* the spans not read are taken from the letter itself */
	ps->diag = diag;
	struct node *root = partial_letter(ps);
	free(blanked);
	buffer_free(&quiet.text);
	return root;
}

struct node *parse_letter(const struct text *text, struct arena *arena, struct diagnostics *diag, int partial,
			  int *is_partial)
{
	struct parse_state ps = {.arena = arena, .text = text, .diag = diag};
	ps.partial.errors_end = &ps.partial.errors;
	*is_partial = 0;
	if (text->len > INT_MAX - 2) {       /* flex counts in int */
		diag_at(diag, SEVERITY_ERROR, 0, "the text is too large to parse (%zu bytes once decoded)", text->len);
		return NULL;
	}
	size_t blank_from = 0, resume;
	int failed = run(&ps, &blank_from, &resume);
	if ((failed || diag->errors) && !(partial && ps.partial.errors))
		return NULL;
	if (failed || diag->errors) {         /* syntax errors (reported), and --partial */
		ps.root = reparse(&ps, failed, blank_from, resume);
		if (!ps.root)
			return NULL;
		*is_partial = 1;
	}
	const char *broken = node_check(ps.root);
	if (broken) {
		diag_at(diag, SEVERITY_ERROR, 0, "internal error: %s", broken);
		return NULL;
	}
	const struct node *overlong = overlong_text(ps.root);
	if (overlong) {
		diag_at(diag, SEVERITY_ERROR, text->origin[overlong->span.start],
			"%zu bytes of text without a paragraph break: no letter's paragraph is longer than %d bytes",
			overlong->span.end - overlong->span.start, MAX_TEXT_RUN);
		return NULL;
	}
	return ps.root;
}
