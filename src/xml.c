/* SPDX-License-Identifier: GPL-3.0-or-later */
/* xml.c: the XML backend (see render.h). Serialises the events of document.c into the caller's buffer and, in
 * the same pass, pushes them into libxml2's streaming schema validator (no tree is built: building, dumping and
 * freeing one cost more than the rest of the compiler). The text is valid UTF-8 without the characters XML
 * forbids: the input layer has replaced them. The layout is libxml2's own (xmlDocDumpFormatMemory): element-only
 * content indented by two spaces a level, an element that holds text written on one line; but for an item, whose
 * own text is only the ": " between its request and its decision, written on their line. */
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "render.h"

#define NS "urn:imrc:determination:1"
#define BAD_CAST_S(s) ((const xmlChar *)(s))

extern const char imrc_schema_start[], imrc_schema_end[];

struct xml_schema {
	xmlSchemaPtr schema;
};

const char *xml_schema_text(size_t *len)
{
	*len = (size_t)(imrc_schema_end - imrc_schema_start);
	return imrc_schema_start;
}

/* Collects libxml2's messages about the embedded schema into a buffer. */
static void collect_error(void *ctx, const char *fmt, ...)
{
	struct buffer *buf = ctx;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	buffer_adds(buf, msg);
}

struct xml_schema *xml_schema_load(void)
{
	size_t len;
	const char *text = xml_schema_text(&len);
	struct buffer errors = {0};
	xmlSchemaParserCtxtPtr pctx = xmlSchemaNewMemParserCtxt(text, (int)len);
	xmlSchemaSetParserErrors(pctx, collect_error, collect_error, &errors);
	xmlSchemaPtr schema = xmlSchemaParse(pctx);
	xmlSchemaFreeParserCtxt(pctx);
	if (!schema) {
		fprintf(stderr, "imrc: internal error: the embedded schema does not compile: %s",
			errors.data ? errors.data : "\n");
		buffer_free(&errors);
		return NULL;
	}
	buffer_free(&errors);
	struct xml_schema *s = xmalloc(sizeof *s);
	s->schema = schema;
	return s;
}

void xml_schema_free(struct xml_schema *schema)
{
	if (!schema)
		return;
	xmlSchemaFree(schema->schema);
	free(schema);
}

/* One thread's validation context, fed with SAX2 events through xmlSchemaSAXPlug. */
struct xml_validator {
	xmlSchemaValidCtxtPtr ctxt;
	xmlSAXHandlerPtr sax;      /* the validator's own handlers while a document is plugged in */
	void *sax_ctx;
	const xmlChar **attrs;     /* SAX2 attributes of the element being started: 5 pointers each */
	size_t attrs_cap;
	size_t origin;             /* the input offset of the element being validated (SIZE_MAX: none) */
	size_t *open;              /* the input offsets of the elements started and not yet ended */
	size_t depth, open_cap;
	struct buffer error;       /* libxml2's first message about the document, */
	size_t error_origin;       /* the input offset of the element it was about, */
	int error_count;           /* and how many it gave */
};

#if LIBXML_VERSION >= 21200
typedef const xmlError *error_ptr;
#else
typedef xmlErrorPtr error_ptr;
#endif

/* libxml2's handler of validity errors: keeps the first one, at the element being validated. */
static void validity_error(void *ctx, error_ptr error)
{
	struct xml_validator *v = ctx;
	if (v->error_count++ == 0) {
		buffer_adds(&v->error, error->message ? error->message : "(no message)");
		while (v->error.len && v->error.data[v->error.len - 1] == '\n')
			v->error.data[--v->error.len] = '\0';
		v->error_origin = v->origin;
	}
}

struct xml_validator *xml_validator_new(const struct xml_schema *schema)
{
	struct xml_validator *v = xcalloc(1, sizeof *v);
	v->ctxt = xmlSchemaNewValidCtxt(schema->schema);
	if (!v->ctxt) {
		fputs("imrc: out of memory\n", stderr);
		exit(STATUS_INTERNAL);
	}
	xmlSchemaSetValidStructuredErrors(v->ctxt, validity_error, v);
	return v;
}

void xml_validator_free(struct xml_validator *v)
{
	if (!v)
		return;
	xmlSchemaFreeValidCtxt(v->ctxt);
	free(v->attrs);
	free(v->open);
	buffer_free(&v->error);
	free(v);
}

/* Hands the start of an element to the validator as libxml2's SAX2 parser would: its present attributes as
 * (local name, prefix, namespace, value, end of value) tuples. */
static void validator_start(struct xml_validator *v, const char *name, const struct attr *attrs, size_t origin)
{
	size_t count = 0;
	for (const struct attr *a = attrs; a; a = a->next) {
		if (!attr_present(a))
			continue;
		if (5 * (count + 1) > v->attrs_cap) {
			v->attrs_cap = 5 * (count + 8);
			v->attrs = xrealloc(v->attrs, v->attrs_cap * sizeof *v->attrs);
		}
		const xmlChar **at = v->attrs + 5 * count++;
		at[0] = BAD_CAST_S(a->name);
		at[1] = at[2] = NULL;
		at[3] = BAD_CAST_S(a->value);
		at[4] = at[3] + strlen(a->value);
	}
	if (v->depth == v->open_cap) {
		v->open_cap = v->open_cap ? 2 * v->open_cap : 16;
		v->open = xrealloc(v->open, v->open_cap * sizeof *v->open);
	}
	v->open[v->depth++] = v->origin = origin;
	v->sax->startElementNs(v->sax_ctx, BAD_CAST_S(name), NULL, BAD_CAST_S(NS), 0, NULL, (int)count, 0, v->attrs);
}

/* Hands the end of an element to the validator (which then checks its content: a message is about it). */
static void validator_end(struct xml_validator *v, const char *name)
{
	v->origin = v->open[--v->depth];
	v->sax->endElementNs(v->sax_ctx, BAD_CAST_S(name), NULL, BAD_CAST_S(NS));
}

/* The serialiser's state: where the document goes and how far it got. */
struct xml_writer {
	struct buffer *out;
	struct xml_validator *validator;     /* NULL: no validation */
	int depth;                 /* elements open */
	int tag_open;              /* the innermost element's start tag still lacks its '>' */
	int indent;                /* its content is element-only, written indented */
	int inline_depth;          /* the depth at which indenting stopped (an element holding text), or -1 */
	int glued;                 /* text just followed an element in indented content: the next one goes on its line */
};

/* What libxml2 escapes in text and in attribute values (xmlEscapeContent, xmlBufAttrSerializeTxtContent): the
 * characters, for strcspn, and their references. */
struct escapes {
	const char *special;
	const char *refs[256];
};
static const struct escapes text_escapes = {
	"<>&\r", {['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;", ['\r'] = "&#13;"},
};
static const struct escapes attr_escapes = {
	"<>&\"\n\r\t",
	{['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;", ['"'] = "&quot;", ['\n'] = "&#10;", ['\r'] = "&#13;",
	 ['\t'] = "&#9;"},
};

/* Appends the len bytes of s (s[len] is NUL: strcspn finds the special characters, many bytes a step) with the
 * special characters replaced by their references. */
static void escaped(struct buffer *out, const char *s, size_t len, const struct escapes *e)
{
	for (size_t i = 0; i < len;) {
		size_t run = strcspn(s + i, e->special);
		if (run > len - i)
			run = len - i;
		buffer_add(out, s + i, run);
		i += run;
		if (i < len) {
			const char *ref = e->refs[(unsigned char)s[i]];
			if (ref)
				buffer_adds(out, ref);
			else
				buffer_addc(out, s[i]);       /* a NUL within the text: the input layer lets none through */
			i++;
		}
	}
}

/* Two spaces a level, at most 30 levels (as libxml2). */
static void put_indent(struct buffer *out, int depth)
{
	static const char spaces[] = "                                                            ";
	buffer_add(out, spaces, 2 * (size_t)(depth < 30 ? depth : 30));
}

/* Ends the innermost start tag, before its first content. */
static void close_tag(struct xml_writer *w)
{
	if (!w->tag_open)
		return;
	buffer_add(w->out, w->indent ? ">\n" : ">", w->indent ? 2 : 1);
	w->tag_open = 0;
}

/* The events of render.h, written out and, with a validator, validated as they come. */
static void write_start(void *ctx, const char *name, const struct attr *attrs, int holds_text, size_t origin)
{
	struct xml_writer *w = ctx;
	close_tag(w);
	if (w->indent && !w->glued)
		put_indent(w->out, w->depth);
	w->glued = 0;
	buffer_addc(w->out, '<');
	buffer_adds(w->out, name);
	if (w->depth == 0)
		buffer_adds(w->out, " xmlns=\"" NS "\"");
	for (const struct attr *a = attrs; a; a = a->next) {
		if (!attr_present(a))
			continue;
		buffer_addc(w->out, ' ');
		buffer_adds(w->out, a->name);
		buffer_add(w->out, "=\"", 2);
		escaped(w->out, a->value, strlen(a->value), &attr_escapes);
		buffer_addc(w->out, '"');
	}
	w->tag_open = 1;
	if (w->indent && holds_text) {
		w->indent = 0;
		w->inline_depth = w->depth;
	}
	w->depth++;
	if (w->validator)
		validator_start(w->validator, name, attrs, origin);
}

static void write_text(void *ctx, const char *s, size_t len)
{
	struct xml_writer *w = ctx;
	close_tag(w);
	if (w->indent && w->out->len && w->out->data[w->out->len - 1] == '\n') {
		w->out->len--;     /* an item's ": ": on the line of the request before it, the decision after it */
		w->glued = 1;
	}
	escaped(w->out, s, len, &text_escapes);
	if (w->validator) {
		struct xml_validator *v = w->validator;
		v->origin = v->open[v->depth - 1];     /* text is always inside an element */
		v->sax->characters(v->sax_ctx, BAD_CAST_S(s), (int)len);
	}
}

static void write_end(void *ctx, const char *name)
{
	struct xml_writer *w = ctx;
	w->depth--;
	if (w->tag_open) {
		buffer_add(w->out, "/>", 2);
		w->tag_open = 0;
	} else {
		if (w->indent)
			put_indent(w->out, w->depth);
		buffer_add(w->out, "</", 2);
		buffer_adds(w->out, name);
		buffer_addc(w->out, '>');
	}
	if (w->inline_depth == w->depth) {
		w->indent = 1;
		w->inline_depth = -1;
	}
	if (w->indent)
		buffer_addc(w->out, '\n');
	if (w->validator)
		validator_end(w->validator, name);
}

enum status render_xml(const struct letter *letter, struct xml_validator *validator, struct buffer *out,
		       struct diagnostics *d)
{
	static const struct xml_events events = {write_start, write_text, write_end};
	struct xml_writer w = {.out = out, .validator = validator, .indent = 1, .inline_depth = -1};
	size_t start = out->len;
	xmlSchemaSAXPlugPtr plug = NULL;
	if (validator) {
		buffer_clear(&validator->error);
		validator->error_count = 0;
		validator->depth = 0;
		validator->sax = NULL;
		validator->sax_ctx = NULL;
		plug = xmlSchemaSAXPlug(validator->ctxt, &validator->sax, &validator->sax_ctx);
		if (!plug) {
			fputs("imrc: out of memory\n", stderr);
			exit(STATUS_INTERNAL);
		}
	}
	buffer_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	xml_walk(letter, &events, &w);
	if (!validator)
		return STATUS_OK;
	xmlSchemaSAXUnplug(plug);
	if (xmlSchemaIsValid(validator->ctxt) == 1)
		return STATUS_OK;
	size_t at = validator->error_count && validator->error_origin != SIZE_MAX ? validator->error_origin : 0;
	diag_at(d, SEVERITY_ERROR, at, "internal error: the XML does not follow the schema: %s%s",
		validator->error_count ? validator->error.data : "(no message)",
		validator->error_count > 1 ? " (and more)" : "");
	out->len = start;             /* the caller's buffer as it was */
	if (out->data)
		out->data[start] = '\0';
	return STATUS_INTERNAL;
}
