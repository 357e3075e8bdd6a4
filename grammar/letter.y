/* SPDX-License-Identifier: GPL-3.0-or-later */
/* letter.y: the layout of a California IMR final determination letter.
 *
 * The scanner (letter.l) hands over the letter as logical lines: each line of text is a LINE token, the words
 * that give a letter its structure (section titles, labels at the start of a line, header labels, the decision
 * at the end of an item's heading) are tokens of their own, and PARA is a paragraph break between two lines of
 * text. A letter reads, top to bottom:
 *
 *   an optional case header         Case Number: CM16-0213037  Date Assigned: 11/09/2016 ...
 *   how the determination was made  HOW THE IMR FINAL DETERMINATION WAS MADE, boilerplate, and either the
 *                                   reviewer's credentials block or (2014 letters) a sentence naming them
 *   the clinical case summary       CLINICAL CASE SUMMARY, narrative paragraphs
 *   the disputed items              IMR ISSUES, DECISIONS AND RATIONALES, an intro sentence, then items
 *
 * Each item is a heading ending in its decision ("MRI of the right shoulder: Upheld"), the claims
 * administrator's guideline, the MAXIMUS guideline and the decision rationale, one or more paragraphs.
 */

%code requires {
#include "ast.h"
#include "parse.h"
typedef void *yyscan_t;

/* Locations are spans of byte offsets in the normalised text. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                          \
	do {                                                                 \
		if (N) {                                                     \
			(Cur).start = YYRHSLOC(Rhs, 1).start;                \
			(Cur).end = YYRHSLOC(Rhs, N).end;                    \
		} else {                                                     \
			(Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;      \
		}                                                            \
	} while (0)
}

%code provides {
int letter_lex(LETTER_STYPE *value, LETTER_LTYPE *location, yyscan_t scanner);
}

%code {
#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* A node of the given kind with the given children (NULL-terminated; NODE_LIST children are spliced in). */
#define NODE(kind, ...) node_build(ps->arena, (kind), __VA_ARGS__, (struct node *)NULL)
static struct node *field(struct parse_state *ps, struct node *label, struct node *value);
static void letter_error(const LETTER_LTYPE *loc, yyscan_t scanner, struct parse_state *ps, const char *msg);
static void missing_summary(struct parse_state *ps, struct span at);
static struct node *item(struct parse_state *ps, struct node *heading, struct node *decision, struct node *body);
}

%define api.prefix {letter_}
%define api.pure full
%define api.value.type {struct node *}
%define api.location.type {struct span}
%define parse.error custom
%define parse.lac full
%locations
%param {yyscan_t scanner}
%parse-param {struct parse_state *ps}

/* Every node lives in the letter's arena, so no symbol needs a destructor to free it; what the parser lets go of
 * at an error is kept for --partial (partial.h): whole sections, and the title and paragraphs of one it was
 * reading. The grammar is LALR(1) as written: no conflicts are tolerated. */
%expect 0
%destructor { partial_let_go(ps, $$, NODE_LIST); } case_header how_made credentials summary issues paragraphs
%destructor { partial_let_go(ps, $$, NODE_HOW_MADE); } HOW_MADE
%destructor { partial_let_go(ps, $$, NODE_SUMMARY); } SUMMARY

%define api.token.prefix {T_}
%token END 0                  "end of the letter"
%token CASE_NUMBER            "'Case Number:'"
%token DATE_ASSIGNED          "'Date Assigned:'"
%token DATE_OF_INJURY         "'Date of Injury:'"
%token DECISION_DATE          "'Decision Date:'"
%token UR_DENIAL_DATE         "'UR Denial Date:'"
%token PRIORITY               "'Priority:'"
%token APPLICATION_RECEIVED   "'Application Received:'"
%token APPLICATION            "'Application'"
%token RECEIVED               "'Received:'"
%token CASE_ID                "a case number (CMyy-nnnnnnn)"
%token DATE                   "a date (MM/DD/YYYY)"
%token PRIORITY_VALUE         "'Standard' or 'Expedited'"
%token HEADER_TEXT            "text the case header does not have"
%token HEADER_END             "the end of the case header"
%token HOW_MADE               "'HOW THE IMR FINAL DETERMINATION WAS MADE'"
%token CREDENTIALS            "'The Expert Reviewer has the following credentials:'"
%token LICENSURE              "'State(s) of Licensure:'"
%token SPECIALTY              "'Certification(s)/Specialty:'"
%token SUMMARY                "'CLINICAL CASE SUMMARY'"
%token ISSUES                 "'IMR ISSUES, DECISIONS AND RATIONALES'"
%token DECISION               "a decision ('Upheld' or 'Overturned')"
%token CA_GUIDELINE           "'Claims Administrator guideline:'"
%token IMRO_GUIDELINE         "'MAXIMUS guideline:'"
%token RATIONALE              "'Decision rationale:'"
%token LINE                   "text"
%token PARA                   "a paragraph break"

%%

letter
	: how_made summary issues                 { ps->root = NODE(NODE_LETTER, $1, $2, $3); }
	| case_header how_made summary issues     { ps->root = NODE(NODE_LETTER, $1, $2, $3, $4); }
	| how_made issues                         { missing_summary(ps, @2); ps->root = NODE(NODE_LETTER, $1, $2); }
	| case_header how_made issues             { missing_summary(ps, @3); ps->root = NODE(NODE_LETTER, $1, $2, $3); }
	;

/* The header is two columns of labels and values. pdfbox extracts it row by row: label and value, two to a
 * line, the last label wrapped ("Application" / "Received:") with its value on the next line: a FIELD node for
 * each. pdftotext extracts it column by column: the left column's four labels, their four values, then the
 * right column's three labels and their three values: the labels and values in that order, each value's sub
 * naming its field. pdftotext -layout keeps pdfbox's rows but puts the wrapped label's value beside its first
 * line ("Application" value / "Received:"): the fields, then that label, value and label. The header ends where
 * the title of the next section begins. */
case_header
	: CASE_NUMBER CASE_ID
	  DATE_ASSIGNED DATE DATE_OF_INJURY DATE
	  DECISION_DATE DATE UR_DENIAL_DATE DATE
	  PRIORITY PRIORITY_VALUE APPLICATION_RECEIVED DATE HEADER_END
	                                          { $$ = NODE(NODE_CASE_HEADER,
	                                                 field(ps, $1, $2), field(ps, $3, $4), field(ps, $5, $6),
	                                                 field(ps, $7, $8), field(ps, $9, $10), field(ps, $11, $12),
	                                                 field(ps, $13, $14)); }
	| CASE_NUMBER CASE_ID
	  DATE_ASSIGNED DATE DATE_OF_INJURY DATE
	  DECISION_DATE DATE UR_DENIAL_DATE DATE
	  PRIORITY PRIORITY_VALUE APPLICATION DATE RECEIVED HEADER_END
	                                          { $14->sub = $13->sub;
	                                            $$ = NODE(NODE_CASE_HEADER,
	                                                 field(ps, $1, $2), field(ps, $3, $4), field(ps, $5, $6),
	                                                 field(ps, $7, $8), field(ps, $9, $10), field(ps, $11, $12),
	                                                 $13, $14, $15); }
	| CASE_NUMBER DATE_ASSIGNED DECISION_DATE PRIORITY
	  CASE_ID DATE DATE PRIORITY_VALUE
	  DATE_OF_INJURY UR_DENIAL_DATE APPLICATION_RECEIVED
	  DATE DATE DATE HEADER_END
	                                          { $5->sub = $1->sub; $6->sub = $2->sub; $7->sub = $3->sub;
	                                            $8->sub = $4->sub; $12->sub = $9->sub; $13->sub = $10->sub;
	                                            $14->sub = $11->sub;
	                                            $$ = NODE(NODE_CASE_HEADER, $1, $2, $3, $4, $5, $6, $7, $8, $9,
	                                                 $10, $11, $12, $13, $14); }
	| CASE_NUMBER error HEADER_END            { $$ = NODE(NODE_CASE_HEADER, $1); }  /* reported; read on */
	;

how_made
	: HOW_MADE paragraphs                     { $$ = NODE(NODE_HOW_MADE, $1, $2); }
	| HOW_MADE paragraphs credentials         { $$ = NODE(NODE_HOW_MADE, $1, $2, $3); }
	;

/* "State(s) of Licensure:" state {"," state}, "Certification(s)/Specialty:" specialty {"," specialty}; a long
 * list of specialties wraps onto further lines. */
credentials
	: CREDENTIALS LICENSURE lines SPECIALTY lines
	                                          { $$ = NODE(NODE_CREDENTIALS, $1, field(ps, $2, $3), field(ps, $4, $5)); }
	;

summary
	: SUMMARY paragraphs                      { $$ = NODE(NODE_SUMMARY, $1, $2); }
	;

/* The items. A paragraph after an item's rationale either goes on with that rationale or, when it ends with a
 * decision, is the heading of the next item: the parser knows which at the paragraph's end. */
issues
	: ISSUES lines PARA heading item_body     { $$ = NODE(NODE_ISSUES, $1, $2, item(ps, $4, $4->next, $5)); }
	| issues PARA lines                       { $$ = $1; node_append($$->last->last, $3);
	                                            $$->last->span.end = $$->span.end = $3->span.end; }
	| issues PARA heading item_body           { $$ = $1; node_append($$, item(ps, $3, $3->next, $4)); }
	;

/* The heading: the request as written, its decision at the end of its last line or alone on the next. A
 * heading without a decision is reported, and the item read on. */
heading
	: lines DECISION                          { $$ = $1; $$->kind = NODE_REQUEST; $$->next = $2; }
	| lines error                             { $$ = $1; $$->kind = NODE_REQUEST;
	                                            $$->next = node_new(ps->arena, NODE_DECISION, @2, NULL, 0); }
	;

/* The body of an item; after an error inside it, reading goes on at its "Decision rationale:". */
item_body
	: CA_GUIDELINE guideline_text IMRO_GUIDELINE guideline_text RATIONALE lines
	                                          { struct node *ca = NODE(NODE_GUIDELINE, $1, $2);
	                                            struct node *imro = NODE(NODE_GUIDELINE, $3, $4);
	                                            ca->sub = BY_CLAIMS_ADMINISTRATOR;
	                                            imro->sub = BY_IMRO;
	                                            $$ = NODE(NODE_LIST, ca, imro, NODE(NODE_RATIONALE, $5, $6)); }
	| error RATIONALE lines                   { $$ = NODE(NODE_LIST, NODE(NODE_RATIONALE, $2, $3)); yyerrok; }
	;

guideline_text
	: %empty                                  { $$ = NULL; }
	| paragraphs
	;

/* Paragraphs: a NODE_LIST of PARAGRAPH nodes. */
paragraphs
	: lines                                   { $$ = NODE(NODE_LIST, $1); }
	| paragraphs PARA lines                   { $$ = $1; node_append($$, $3); }
	;

/* The lines of one paragraph: a PARAGRAPH node of LINE nodes. */
lines
	: LINE                                    { $$ = NODE(NODE_PARAGRAPH, $1); }
	| lines LINE                              { $$ = $1; node_append($$, $2); }
	;

%%

/* A header or credentials FIELD: its label and its value (a VALUE or a PARAGRAPH of lines). */
static struct node *field(struct parse_state *ps, struct node *label, struct node *value)
{
	struct node *n = NODE(NODE_FIELD, label, value);
	n->sub = label->sub;
	return n;
}

/* An ITEM node from a heading (REQUEST), its DECISION and a body (GUIDELINE, GUIDELINE, RATIONALE). */
static struct node *item(struct parse_state *ps, struct node *heading, struct node *decision, struct node *body)
{
	heading->next = NULL;
	struct node *n = NODE(NODE_ITEM, heading, decision, body);
	n->sub = decision->sub;
	return n;
}

/* Where in the letter the parser was, from the last structural token, for error messages. */
static const char *where(const struct parse_state *ps, char *buf, size_t size)
{
	switch (ps->before.context) {
	case T_CASE_NUMBER: case T_DATE_ASSIGNED: case T_DATE_OF_INJURY: case T_DECISION_DATE:
	case T_UR_DENIAL_DATE: case T_PRIORITY: case T_APPLICATION_RECEIVED: case T_APPLICATION: case T_RECEIVED:
		return " in the case header";
	case T_HOW_MADE:
		return " after 'HOW THE IMR FINAL DETERMINATION WAS MADE'";
	case T_CREDENTIALS: case T_LICENSURE: case T_SPECIALTY:
		return " in the reviewer's credentials";
	case T_SUMMARY:
		return " in the clinical case summary";
	case T_ISSUES:
		return " after 'IMR ISSUES, DECISIONS AND RATIONALES'";
	case T_DECISION:
		snprintf(buf, size, " after the heading of item %d", ps->before.items + 1);
		return buf;
	case T_CA_GUIDELINE:
		snprintf(buf, size, " after the Claims Administrator guideline of item %d", ps->before.items);
		return buf;
	case T_IMRO_GUIDELINE:
		snprintf(buf, size, " after the MAXIMUS guideline of item %d", ps->before.items);
		return buf;
	case T_RATIONALE:
		snprintf(buf, size, " in the decision rationale of item %d", ps->before.items);
		return buf;
	default:
		return "";
	}
}

/* The heading of an item has no decision where the parser expected one: say what its last line ends with. */
static void report_missing_decision(struct parse_state *ps)
{
	const struct node *line = ps->last_line;
	const char *text = line->text;
	size_t len = line->text_len, word = len;
	while (word > 0 && isalpha((unsigned char)text[word - 1]))
		word--;
	size_t colon = word;
	while (colon > 0 && text[colon - 1] == ' ')
		colon--;
	if (word < len && colon > 0 && text[colon - 1] == ':') {
		struct span at = {line->span.start + word, line->span.end};
		parse_error_at(ps, at, "unknown decision '%.*s' in the heading of item %d: expected 'Upheld' or "
			       "'Overturned'", (int)(len - word), text + word, ps->before.items + 1);
	} else {
		struct span at = {line->span.end, line->span.end};
		parse_error_at(ps, at, "the heading of item %d has no decision: expected ': Upheld' or ': Overturned' "
			       "before 'Claims Administrator guideline:'", ps->before.items + 1);
	}
}

/* Reports a syntax error in the letter's own words: what was expected, where, and what was found. */
static int yyreport_syntax_error(const yypcontext_t *ctx, yyscan_t scanner, struct parse_state *ps)
{
	(void)scanner;
	yysymbol_kind_t found = yypcontext_token(ctx);
	struct span at = *yypcontext_location(ctx);
	yysymbol_kind_t expected[YYNTOKENS];
	int n = yypcontext_expected_tokens(ctx, expected, YYNTOKENS);
	int expects_decision = 0, structural = 0;
	for (int i = 0; i < n; i++) {
		expects_decision |= expected[i] == YYSYMBOL_DECISION;
		structural += expected[i] != YYSYMBOL_LINE && expected[i] != YYSYMBOL_PARA;
	}
	if (found == YYSYMBOL_CA_GUIDELINE && expects_decision && ps->last_line) {
		report_missing_decision(ps);
		return 0;
	}
	if ((found == YYSYMBOL_IMRO_GUIDELINE || found == YYSYMBOL_RATIONALE) && expects_decision) {
		parse_error_at(ps, at, "expected 'Claims Administrator guideline:' before %s in item %d", yysymbol_name(found),
			       ps->before.items + 1);
		return 0;
	}
	if (ps->before.context == 0) {
		parse_error_at(ps, (struct span){0, 0}, "not an IMR final determination letter: expected 'HOW THE IMR "
			       "FINAL DETERMINATION WAS MADE' or 'Case Number:' at the start");
		return 0;
	}

	struct buffer msg = {0};
	buffer_adds(&msg, "expected ");
	for (int i = 0, listed = 0; i < n; i++) {
		if (structural && (expected[i] == YYSYMBOL_LINE || expected[i] == YYSYMBOL_PARA))
			continue;
		if (listed++)
			buffer_adds(&msg, listed == structural || (!structural && listed == n) ? " or " : ", ");
		buffer_adds(&msg, yysymbol_name(expected[i]));
	}
	char buf[96];
	buffer_adds(&msg, where(ps, buf, sizeof buf));
	buffer_adds(&msg, ", found ");
	if (found == YYSYMBOL_LINE || found == YYSYMBOL_HEADER_TEXT) {
		const char *text = ps->text->buf + at.start;
		size_t len = at.end - at.start;
		buffer_adds(&msg, "'");
		size_t cut = len > 40 ? 40 : len;
		while (cut < len && cut > 0 && (text[cut] & 0xC0) == 0x80)     /* not inside a UTF-8 character */
			cut--;
		buffer_add(&msg, text, cut);
		buffer_adds(&msg, len > 40 ? "...'" : "'");
	} else {
		buffer_adds(&msg, found == YYSYMBOL_YYEOF ? "the end of the letter" : yysymbol_name(found));
	}
	parse_error_at(ps, at, "%s", msg.data);
	buffer_free(&msg);
	return 0;
}

/* Bison's own failures (its stack outgrew YYMAXDEPTH): syntax errors go to yyreport_syntax_error. */
static void letter_error(const LETTER_LTYPE *loc, yyscan_t scanner, struct parse_state *ps, const char *msg)
{
	(void)scanner;
	parse_error_at(ps, *loc, "%s", msg);
}

/* A letter without its clinical case summary: said where the summary should begin. */
static void missing_summary(struct parse_state *ps, struct span at)
{
	parse_error_at(ps, at, "expected 'CLINICAL CASE SUMMARY' before 'IMR ISSUES, DECISIONS AND RATIONALES'");
}
