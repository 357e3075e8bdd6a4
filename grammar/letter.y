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
/* The phrase a token stands for, without quotes, and its length in *len; NULL for a token named otherwise. */
const char *letter_spelling(int token, size_t *len);
/* After a failed parse: says that the letter is of a layout the grammar does not describe, when the scanner
 * found that layout's titles (ps->layout), and returns 1; returns 0 otherwise. */
int letter_report_layout(struct parse_state *ps);
}

%code {
#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* A node of the given kind with the given children (NULL-terminated; NODE_LIST children are spliced in). */
#define NODE(kind, ...) node_build(ps->arena, (kind), __VA_ARGS__, (struct node *)NULL)
static struct node *nothing(struct parse_state *ps);
static struct node *field(struct parse_state *ps, struct node *label, struct node *value);
static struct node *wrapped_label(struct parse_state *ps, struct node *first, struct node *last);
static struct node *pair_fields(struct parse_state *ps, struct node *labels, struct node *values);
static struct node *case_header(struct parse_state *ps, struct node *fields);
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
%destructor { partial_let_go(ps, $$, NODE_HOW_MADE); } TITLE_HOW_MADE
%destructor { partial_let_go(ps, $$, NODE_SUMMARY); } TITLE_SUMMARY

%define api.token.prefix {T_}
/* The words that give a letter its structure, named by their role. A name that is a quoted phrase ('...') is
 * that phrase's one spelling: the build turns these lines into the scanner's flex definitions of the same names
 * (Makefile, letter-words.l), and messages quote them (yysymbol_name). */
%token END 0                  "end of the letter"
/* the case header: a label per field, "Application" / "Received:" one label wrapped over two lines */
%token HEADER_NUMBER          "'Case Number:'"
%token HEADER_ASSIGNED        "'Date Assigned:'"
%token HEADER_INJURED         "'Date of Injury:'"
%token HEADER_DECIDED         "'Decision Date:'"
%token HEADER_UR_DENIED       "'UR Denial Date:'"
%token HEADER_PRIORITY        "'Priority:'"
%token HEADER_APPLICATION     "'Application'"
%token HEADER_RECEIVED        "'Received:'"
%token CASE_ID                "a case number (CMyy-nnnnnnn)"
%token DATE                   "a date (MM/DD/YYYY)"
%token PRIORITY_VALUE         "'Standard' or 'Expedited'"
%token HEADER_TEXT            "text the case header does not have"
%token HEADER_END             "the end of the case header"
/* section titles and the labels within sections */
%token TITLE_HOW_MADE         "'HOW THE IMR FINAL DETERMINATION WAS MADE'"
%token TITLE_CREDENTIALS      "'The Expert Reviewer has the following credentials:'"
%token LABEL_LICENSURE        "'State(s) of Licensure:'"
%token LABEL_SPECIALTY        "'Certification(s)/Specialty:'"
%token TITLE_SUMMARY          "'CLINICAL CASE SUMMARY'"
%token TITLE_ISSUES           "'IMR ISSUES, DECISIONS AND RATIONALES'"
%token DECISION               "a decision ('Upheld' or 'Overturned')"
%token LABEL_CA_GUIDELINE     "'Claims Administrator guideline:'"
%token LABEL_IMRO_GUIDELINE   "'MAXIMUS guideline:'"
%token LABEL_RATIONALE        "'Decision rationale:'"
/* the titles of layouts this grammar does not describe (SPEC section 2): no rule takes them, and a letter that
 * has one is said to be of that layout (report_layout) */
%token TITLE_2013_NOTICE      "'Notice of Independent Medical Review Determination'"
%token TITLE_2013_DOCUMENTS   "'DOCUMENTS REVIEWED'"
%token TITLE_2013_DECISIONS   "'IMR DECISION(S) AND RATIONALE(S)'"
%token TITLE_2013_EXPERT      "'Medical Qualifications of the Expert Reviewer'"
%token TITLE_MPR              "'MEDICAL PROFESSIONAL REVIEW'"
%token LABEL_MPR_ISSUE        "'ISSUE AT DISPUTE:'"
/* a phrase, not a token the scanner gives: a modified request's heading begins with the sentence "X was the
 * original request.", and a line that ends with it does not end a paragraph (letter.l, ends_paragraph) */
%token PHRASE_ORIGINAL        "'was the original request.'"
%token LINE                   "text"
%token PARA                   "a paragraph break"

%%

/* Before the first section, a letter may carry letterhead or cover lines ("MAXIMUS FEDERAL SERVICES, INC.", an
 * address, a date): kept, as the letterhead. */
letter
	: letterhead case_header how_made summary issues
	                                          { ps->root = NODE(NODE_LETTER, $1, $2, $3, $4, $5); }
	| letterhead case_header how_made issues  { missing_summary(ps, @4);
	                                            ps->root = NODE(NODE_LETTER, $1, $2, $3, $4); }
	;

letterhead
	: %empty                                  { $$ = nothing(ps); }
	| paragraphs                              { $$ = NODE(NODE_LETTERHEAD, $1); }
	;

/* The case header is a set of labelled fields, each once, in any order (case_header checks them). Extractors
 * give its two columns in runs: a run of labels, then the run of their values, paired in order: a label and its
 * value (pdfbox rows), or a column's labels and then their values (pdftotext). pdftotext -layout puts the value
 * of the wrapped label between its two lines ("Application" value "Received:"). The header ends where the title
 * of the next section begins. */
case_header
	: %empty                                  { $$ = nothing(ps); }
	| header_runs HEADER_END                  { $$ = case_header(ps, $1); }
	| header_runs error HEADER_END            { $$ = NODE(NODE_CASE_HEADER, $1); }  /* reported; read on */
	;

header_runs
	: header_run
	| header_runs header_run                  { $$ = NODE(NODE_LIST, $1, $2); }
	;

header_run
	: header_labels header_values             { $$ = pair_fields(ps, $1, $2); }
	| HEADER_APPLICATION header_value HEADER_RECEIVED
	                                          { $$ = NODE(NODE_LIST, field(ps, wrapped_label(ps, $1, $3), $2)); }
	;

header_labels
	: header_label                            { $$ = NODE(NODE_LIST, $1); }
	| header_labels header_label              { $$ = $1; node_append($$, $2); }
	;

header_label
	: HEADER_NUMBER | HEADER_ASSIGNED | HEADER_INJURED | HEADER_DECIDED | HEADER_UR_DENIED | HEADER_PRIORITY
	| HEADER_APPLICATION HEADER_RECEIVED      { $$ = wrapped_label(ps, $1, $2); }
	;

header_values
	: header_value                            { $$ = NODE(NODE_LIST, $1); }
	| header_values header_value              { $$ = $1; node_append($$, $2); }
	;

header_value
	: CASE_ID | DATE | PRIORITY_VALUE
	;

how_made
	: TITLE_HOW_MADE paragraphs               { $$ = NODE(NODE_HOW_MADE, $1, $2); }
	| TITLE_HOW_MADE paragraphs credentials   { $$ = NODE(NODE_HOW_MADE, $1, $2, $3); }
	;

/* The licensure label, state {"," state}, the specialty label, specialty {"," specialty}; a long list of
 * specialties wraps onto further lines. */
credentials
	: TITLE_CREDENTIALS LABEL_LICENSURE lines LABEL_SPECIALTY lines
	                                          { $$ = NODE(NODE_CREDENTIALS, $1, field(ps, $2, $3), field(ps, $4, $5)); }
	;

summary
	: TITLE_SUMMARY paragraphs                { $$ = NODE(NODE_SUMMARY, $1, $2); }
	;

/* The items. A paragraph after an item's rationale either goes on with that rationale or, when it ends with a
 * decision, is the heading of the next item: the parser knows which at the paragraph's end. */
issues
	: TITLE_ISSUES lines PARA heading item_body
	                                          { $$ = NODE(NODE_ISSUES, $1, $2, item(ps, $4, $4->next, $5)); }
	| issues PARA lines                       { $$ = $1; node_append($$->last->last, $3); }
	| issues PARA heading item_body           { $$ = $1; node_append($$, item(ps, $3, $3->next, $4)); }
	;

/* The heading: the request as written, its decision at the end of its last line or alone on the next. A
 * heading without a decision is reported, and the item read on. */
heading
	: lines DECISION                          { $$ = $1; $$->kind = NODE_REQUEST; $$->next = $2; }
	| lines error                             { $$ = $1; $$->kind = NODE_REQUEST;
	                                            $$->next = node_new(ps->arena, NODE_DECISION, @2, NULL, 0); }
	;

/* The body of an item; after an error inside it, reading goes on at its rationale. */
item_body
	: LABEL_CA_GUIDELINE guideline_text LABEL_IMRO_GUIDELINE guideline_text LABEL_RATIONALE lines
	                                          { struct node *ca = NODE(NODE_GUIDELINE, $1, $2);
	                                            struct node *imro = NODE(NODE_GUIDELINE, $3, $4);
	                                            ca->sub = BY_CLAIMS_ADMINISTRATOR;
	                                            imro->sub = BY_IMRO;
	                                            $$ = NODE(NODE_LIST, ca, imro, NODE(NODE_RATIONALE, $5, $6)); }
	| error LABEL_RATIONALE lines             { $$ = NODE(NODE_LIST, NODE(NODE_RATIONALE, $2, $3)); yyerrok; }
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

/* The label and value token of each header field. */
static const yysymbol_kind_t field_label[] = {
	[FIELD_CASE_NUMBER] = YYSYMBOL_HEADER_NUMBER, [FIELD_ASSIGNED] = YYSYMBOL_HEADER_ASSIGNED,
	[FIELD_INJURED] = YYSYMBOL_HEADER_INJURED, [FIELD_DECIDED] = YYSYMBOL_HEADER_DECIDED,
	[FIELD_UR_DENIED] = YYSYMBOL_HEADER_UR_DENIED, [FIELD_PRIORITY] = YYSYMBOL_HEADER_PRIORITY,
	[FIELD_RECEIVED] = YYSYMBOL_HEADER_APPLICATION,     /* and YYSYMBOL_HEADER_RECEIVED: label_name */
};
static const yysymbol_kind_t field_value[] = {
	[FIELD_CASE_NUMBER] = YYSYMBOL_CASE_ID, [FIELD_ASSIGNED] = YYSYMBOL_DATE, [FIELD_INJURED] = YYSYMBOL_DATE,
	[FIELD_DECIDED] = YYSYMBOL_DATE, [FIELD_UR_DENIED] = YYSYMBOL_DATE, [FIELD_PRIORITY] = YYSYMBOL_PRIORITY_VALUE,
	[FIELD_RECEIVED] = YYSYMBOL_DATE,
};

const char *letter_spelling(int token, size_t *len)
{
	const char *name = yysymbol_name(YYTRANSLATE(token));
	size_t n = strlen(name);
	if (n < 2 || name[0] != '\'' || name[n - 1] != '\'')
		return NULL;
	*len = n - 2;
	return name + 1;
}

/* The quoted label of a header field ("'Date Assigned:'", "'Application Received:'"), in buf. */
static const char *label_name(enum field f, char *buf, size_t size)
{
	if (f == FIELD_RECEIVED) {
		size_t a, r;
		const char *application = letter_spelling(T_HEADER_APPLICATION, &a);
		const char *received = letter_spelling(T_HEADER_RECEIVED, &r);
		snprintf(buf, size, "'%.*s %.*s'", (int)a, application, (int)r, received);
		return buf;
	}
	return yysymbol_name(field_label[f]);
}

/* An empty list: an optional part the letter does not have. */
static struct node *nothing(struct parse_state *ps)
{
	return node_new(ps->arena, NODE_LIST, (struct span){0, 0}, NULL, 0);
}

/* A header or credentials FIELD: its label and its value (a VALUE or a PARAGRAPH of lines). */
static struct node *field(struct parse_state *ps, struct node *label, struct node *value)
{
	struct node *n = NODE(NODE_FIELD, label, value);
	n->sub = label->sub;
	return n;
}

/* The label of the received field, wrapped over two lines ("Application" / "Received:"): one LABEL node of the
 * two lines joined by a line break, spanning both (pdftotext -layout puts the value between them). */
static struct node *wrapped_label(struct parse_state *ps, struct node *first, struct node *last)
{
	struct buffer text = {0};
	buffer_add(&text, first->text, first->text_len);
	buffer_addc(&text, '\n');
	buffer_add(&text, last->text, last->text_len);
	struct node *label = node_new(ps->arena, NODE_LABEL, (struct span){first->span.start, last->span.end},
				      text.data, text.len);
	buffer_free(&text);
	label->sub = FIELD_RECEIVED;
	return label;
}

/* The FIELD nodes of a run of header labels and the run of their values, paired in order: a NODE_LIST. Reports a
 * value of the wrong kind for its label, and runs of unequal length. */
static struct node *pair_fields(struct parse_state *ps, struct node *labels, struct node *values)
{
	struct node *fields = nothing(ps), *label = labels->first, *value = values->first;
	char name[64];
	while (label && value) {
		struct node *next_label = label->next, *next_value = value->next;
		if (YYTRANSLATE(value->sub) != field_value[label->sub])
			parse_error_at(ps, value->span, "the value of %s in the case header is '%s': expected %s",
				       label_name(label->sub, name, sizeof name), value->text,
				       yysymbol_name(field_value[label->sub]));
		node_append(fields, field(ps, label, value));
		label = next_label;
		value = next_value;
	}
	if (label)
		parse_error_at(ps, label->span, "%s has no value in the case header: expected %s",
			       label_name(label->sub, name, sizeof name), yysymbol_name(field_value[label->sub]));
	else if (value)
		parse_error_at(ps, value->span, "'%s' in the case header has no label", value->text);
	return fields;
}

/* The CASE_HEADER node of a list of FIELD nodes: every field of the header once, in the fixed order of enum
 * field whatever the letter's. Reports a field given twice, and a missing one. */
static struct node *case_header(struct parse_state *ps, struct node *fields)
{
	struct node *slot[FIELD_RECEIVED + 1] = {0};
	struct span at = fields->span;
	char name[64];
	for (struct node *f = fields->first, *next; f; f = next) {
		next = f->next;
		if (slot[f->sub])
			parse_error_at(ps, f->first->span, "%s is given twice in the case header",
				       label_name(f->sub, name, sizeof name));
		else
			slot[f->sub] = f;
	}
	struct node *header = node_new(ps->arena, NODE_CASE_HEADER, at, NULL, 0);
	for (int f = FIELD_CASE_NUMBER; f <= FIELD_RECEIVED; f++) {
		if (!slot[f])
			parse_error_at(ps, at, "the case header has no %s", label_name(f, name, sizeof name));
		node_append(header, slot[f]);
	}
	return header;
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
	case T_HEADER_NUMBER: case T_HEADER_ASSIGNED: case T_HEADER_INJURED: case T_HEADER_DECIDED:
	case T_HEADER_UR_DENIED: case T_HEADER_PRIORITY: case T_HEADER_APPLICATION: case T_HEADER_RECEIVED:
		return " in the case header";
	case T_TITLE_HOW_MADE:
		snprintf(buf, size, " after %s", yysymbol_name(YYSYMBOL_TITLE_HOW_MADE));
		return buf;
	case T_TITLE_CREDENTIALS: case T_LABEL_LICENSURE: case T_LABEL_SPECIALTY:
		return " in the reviewer's credentials";
	case T_TITLE_SUMMARY:
		return " in the clinical case summary";
	case T_TITLE_ISSUES:
		snprintf(buf, size, " after %s", yysymbol_name(YYSYMBOL_TITLE_ISSUES));
		return buf;
	case T_DECISION:
		snprintf(buf, size, " after the heading of item %d", ps->before.items + 1);
		return buf;
	case T_LABEL_CA_GUIDELINE:
		snprintf(buf, size, " after the Claims Administrator guideline of item %d", ps->before.items);
		return buf;
	case T_LABEL_IMRO_GUIDELINE:
		snprintf(buf, size, " after the MAXIMUS guideline of item %d", ps->before.items);
		return buf;
	case T_LABEL_RATIONALE:
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
			       "before %s", ps->before.items + 1, yysymbol_name(YYSYMBOL_LABEL_CA_GUIDELINE));
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
	if (found == YYSYMBOL_LABEL_CA_GUIDELINE && expects_decision && ps->last_line) {
		report_missing_decision(ps);
		return 0;
	}
	if ((found == YYSYMBOL_LABEL_IMRO_GUIDELINE || found == YYSYMBOL_LABEL_RATIONALE) && expects_decision) {
		parse_error_at(ps, at, "expected %s before %s in item %d", yysymbol_name(YYSYMBOL_LABEL_CA_GUIDELINE),
			       yysymbol_name(found), ps->before.items + 1);
		return 0;
	}
	if (ps->before.context == 0) {
		parse_error_at(ps, (struct span){0, 0}, "not an IMR final determination letter: expected %s or a case "
			       "header (%s ...)", yysymbol_name(YYSYMBOL_TITLE_HOW_MADE), yysymbol_name(YYSYMBOL_HEADER_NUMBER));
		return 0;
	}
	/* in the case header, a label whose value has not come yet wants that value */
	const struct header_run *run = &ps->header_run;
	int pending = ps->before.context >= T_HEADER_NUMBER && ps->before.context <= T_HEADER_RECEIVED
		      && run->values < run->labels;
	if (pending) {
		n = 1;
		expected[0] = field_value[run->fields[run->values]];
		structural = 1;
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
	parse_error_at(ps, at, "expected %s before %s", yysymbol_name(YYSYMBOL_TITLE_SUMMARY),
		       yysymbol_name(YYSYMBOL_TITLE_ISSUES));
}

int letter_report_layout(struct parse_state *ps)
{
	const struct layout_found *l = &ps->layout;
	if (!l->count)
		return 0;
	struct buffer msg = {0};
	if (l->layout == LAYOUT_2013) {
		buffer_adds(&msg, "this is a 2013 IMR letter (");
	} else {
		size_t len;
		const char *name = letter_spelling(T_TITLE_MPR, &len);
		buffer_adds(&msg, "this is a ");
		buffer_add(&msg, name, len);
		buffer_adds(&msg, " letter (");
	}
	for (int i = 0; i < l->count; i++) {
		if (i)
			buffer_adds(&msg, ", ");
		buffer_adds(&msg, yysymbol_name(YYTRANSLATE(l->tokens[i])));
	}
	buffer_adds(&msg, "): that layout is not supported yet");
	parse_error_at(ps, l->first, "%s", msg.data);
	buffer_free(&msg);
	return 1;
}
