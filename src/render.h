/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render.h: the backends. Each turns a parsed letter into bytes appended to a buffer. */
#ifndef IMRC_RENDER_H
#define IMRC_RENDER_H

#include "compile.h"

struct xml_schema;
struct xml_validator;

/* Compiles the schema embedded in the binary. Returns NULL after printing why (then it is our bug). */
struct xml_schema *xml_schema_load(void);
void xml_schema_free(struct xml_schema *schema);
/* A validation context of one thread, with its own error handler. */
struct xml_validator *xml_validator_new(const struct xml_schema *schema);
void xml_validator_free(struct xml_validator *validator);
/* The embedded schema's text. */
const char *xml_schema_text(size_t *len);

/* XML per schemas/imrc.xsd, validated unless validator is NULL. Returns STATUS_OK, or STATUS_INTERNAL after
 * reporting why the tree failed the schema (out is then left as it was). */
enum status render_xml(const struct letter *letter, struct xml_validator *validator, struct buffer *out,
		       struct diagnostics *d);

/* The letter's XML document as events, in document order (see document.c): what the XML backend writes and
 * validates and the JSON backend converts. An attribute whose value is NULL or empty is absent. */
struct xml_events {
	/* An element starts. holds_text: it gets text of its own, not only elements. origin: the input offset it
	 * comes from, SIZE_MAX when it has none. */
	void (*start)(void *ctx, const char *name, const struct attr *attrs, int holds_text, size_t origin);
	void (*text)(void *ctx, const char *s, size_t len);     /* s[len] is NUL */
	void (*end)(void *ctx, const char *name);
};
void xml_walk(const struct letter *letter, const struct xml_events *events, void *ctx);

/* Whether an attribute of an xml_events list is present. */
static inline int attr_present(const struct attr *a)
{
	return a->value && a->value[0];
}

/* JSON: the XML document's information under the same names, each element's JSON type fixed by the schema (see
 * json.c). json_shape_load reads those types off the embedded schema; it returns NULL after printing why (then
 * it is our bug). */
struct json_shape;
struct json_shape *json_shape_load(void);
void json_shape_free(struct json_shape *shape);
/* One document, indented, or on one line (JSON Lines) when one_line; each ends with a newline. Returns STATUS_OK,
 * or STATUS_INTERNAL after reporting an element, attribute or text that the schema does not allow where it came
 * (out is then left as it was). */
enum status render_json(const struct letter *letter, const struct json_shape *shape, int one_line,
			struct buffer *out, struct diagnostics *d);

/* The rows of a CSV table (a row per item, per citation or per letter), without the header row (csv_header gives
 * it). */
enum status render_csv(const struct letter *letter, enum csv_table table, struct buffer *out);
/* The header row of a table, its CRLF included. */
const char *csv_header(enum csv_table table);
/* The table named name ("items", "citations", "letters") in *table. Returns 0, or -1 when no table has that
 * name. */
int csv_table_parse(const char *name, enum csv_table *table);
/* Appends s as a CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; a field that a
 * spreadsheet would run as a formula (beginning with '=', '+', '-', '@', a tab or a CR) begins with an apostrophe,
 * which spreadsheets show as text and do not display (README, "CSV"). */
void csv_quote(struct buffer *out, const char *s, size_t len);

/* The letter's text, a block a paragraph: all of the input's characters but its layout, in order. */
enum status render_text(const struct letter *letter, struct buffer *out);

/* The tree, one node a line, indented, with each node's kind, key fields and span (line:col in the input). */
enum status render_tree(const struct letter *letter, struct buffer *out);

#endif
