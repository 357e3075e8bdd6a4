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
	va_list ap;
	va_start(ap, fmt);
	diag_vat(ps->diag, SEVERITY_ERROR, ps->text->origin[span.start], fmt, ap);
	va_end(ap);
}

/* The first node under n whose text would be one XML text node longer than MAX_TEXT_RUN, or NULL. */
static const struct node *overlong_text(const struct node *n)
{
	switch (n->kind) {
	case NODE_PARAGRAPH: case NODE_REQUEST: case NODE_LINE: case NODE_LABEL: case NODE_VALUE: case NODE_TITLE:
	case NODE_DECISION: case NODE_FIELD:
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

struct node *parse_letter(const struct text *text, struct arena *arena, struct diagnostics *diag)
{
	struct parse_state ps = {.arena = arena, .text = text, .diag = diag};
	ps.ca_label.text = letter_spelling(T_LABEL_CA_GUIDELINE, &ps.ca_label.len);
	ps.original.text = letter_spelling(T_PHRASE_ORIGINAL, &ps.original.len);
	if (text->len > INT_MAX - 2) {       /* flex counts in int */
		diag_at(diag, SEVERITY_ERROR, 0, "the text is too large to parse (%zu bytes once decoded)", text->len);
		return NULL;
	}
	yyscan_t scanner;
	if (letter_lex_init_extra(&ps, &scanner) != 0) {
		fputs("imrc: out of memory\n", stderr);
		exit(4);
	}
	/* the scanner's own copy, ending in the two NULs flex wants (yy_scan_bytes copies byte by byte); the
	 * scanner moves from buffer to buffer over it (SKIP_TO in letter.l), and lex_destroy frees the last */
	ps.scan_copy = xmalloc(text->len + 2);
	memcpy(ps.scan_copy, text->buf, text->len);
	ps.scan_copy[text->len] = ps.scan_copy[text->len + 1] = '\0';
	letter__scan_buffer(ps.scan_copy, text->len + 2, scanner);
	struct diag_mark mark = diag_mark(diag);
	int failed = letter_parse(scanner, &ps);
	if (failed || diag->errors > mark.errors) {
		/* the titles of another layout, anywhere in the letter, tell why it did not parse: they replace the
		 * messages of what broke */
		LETTER_STYPE value;
		LETTER_LTYPE location;
		while (!ps.at_end)
			letter_lex(&value, &location, scanner);
		if (ps.layout.count) {
			diag_drop_errors_since(diag, mark);
			letter_report_layout(&ps);
		}
	}
	letter_lex_destroy(scanner);
	free(ps.scan_copy);
	if (failed || diag->errors)
		return NULL;
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
