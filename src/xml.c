/* xml.c: the XML backend (see render.h). Builds a libxml2 tree, validates it against the embedded schema and
 * serialises it into the caller's buffer. Text reaching libxml2 is valid UTF-8 without the characters XML
 * forbids: the input layer has replaced them. */
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlsave.h>
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

/* Collects libxml2's messages about the schema or a document into a buffer. */
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

/* State of one rendering. */
struct xml_writer {
	const struct letter *letter;
	xmlDocPtr doc;
	xmlNsPtr ns;
	int item_number;
};

/* A new element named name under parent (NULL: none), its line set from the AST node when there is one. */
static xmlNodePtr element(struct xml_writer *w, xmlNodePtr parent, const char *name, const struct node *from)
{
	xmlNodePtr e = xmlNewDocNode(w->doc, w->ns, BAD_CAST_S(name), NULL);
	if (parent)
		xmlAddChild(parent, e);
	if (from) {
		size_t line = source_line(w->letter->src, w->letter->text.origin[from->span.start]);
		e->line = line > 65535 ? 65535 : (unsigned short)line;
	}
	return e;
}

static void attribute(xmlNodePtr e, const char *name, const char *value)
{
	if (value && *value)
		xmlSetProp(e, BAD_CAST_S(name), BAD_CAST_S(value));
}

static void text(struct xml_writer *w, xmlNodePtr parent, const char *s, size_t len)
{
	xmlAddChild(parent, xmlNewDocTextLen(w->doc, BAD_CAST_S(s), (int)len));
}

/* The inline content of a paragraph or request (TEXT and MARK nodes), or its lines joined by single spaces. */
static void inlines(struct xml_writer *w, xmlNodePtr e, const struct node *n)
{
	for (const struct node *c = n->first; c; c = c->next) {
		if (c->kind == NODE_LINE && c != n->first)
			text(w, e, " ", 1);
		if (c->kind == NODE_TEXT || c->kind == NODE_LINE) {
			text(w, e, c->text, c->text_len);
			continue;
		}
		xmlNodePtr m = element(w, e, c->name, c);
		for (const struct attr *a = c->attrs; a; a = a->next)
			attribute(m, a->name, a->value);
		inlines(w, m, c);
	}
}

static void index_fields(struct xml_writer *w, xmlNodePtr root)
{
	const struct letter *l = w->letter;
	const struct fields *f = &l->fields;
	xmlNodePtr source = element(w, root, "source", NULL);
	char *name = text_sanitize(l->src->name);   /* a path may hold any bytes; XML may not */
	attribute(source, "name", name);
	free(name);
	attribute(source, "sha256", l->sha256);
	attribute(source, "shape", shape_name(l->text.shape));
	attribute(source, "encoding", l->encoding);
	attribute(source, "generator", "imrc " IMRC_VERSION);
	if (f->case_number) {
		xmlNodePtr c = element(w, root, "case", NULL);
		attribute(c, "number", f->case_number);
		attribute(c, "assigned", f->assigned);
		attribute(c, "decided", f->decided);
		attribute(c, "urDenied", f->ur_denied);
		attribute(c, "received", f->received);
		attribute(c, "priority", f->priority);
	}
	xmlNodePtr reviewer = element(w, root, "reviewer", NULL);
	for (size_t i = 0; i < f->specialty_count; i++)
		xmlNewTextChild(reviewer, w->ns, BAD_CAST_S("specialty"), BAD_CAST_S(f->specialties[i]));
	for (size_t i = 0; i < f->subspecialty_count; i++)
		xmlNewTextChild(reviewer, w->ns, BAD_CAST_S("subspecialty"), BAD_CAST_S(f->subspecialties[i]));
	for (size_t i = 0; i < f->licensure_count; i++) {
		xmlNodePtr e = xmlNewTextChild(reviewer, w->ns, BAD_CAST_S("licensure"),
					       BAD_CAST_S(f->licensures[i].name));
		attribute(e, "state", f->licensures[i].state);
	}
	if (f->age >= 0 || f->sex || f->injured[0]) {
		xmlNodePtr p = element(w, root, "patient", NULL);
		char age[16];
		snprintf(age, sizeof age, "%d", f->age);
		attribute(p, "age", f->age >= 0 ? age : NULL);
		attribute(p, "sex", f->sex);
		attribute(p, "injured", f->injured);
	}
}

/* The letter's own nodes, recursively: the depth is fixed by the grammar (at most five levels). */
static void body(struct xml_writer *w, xmlNodePtr parent, const struct node *n)
{
	static const char *const names[NODE_KIND_COUNT] = {
		[NODE_CASE_HEADER] = "header", [NODE_FIELD] = "field", [NODE_LABEL] = "label", [NODE_VALUE] = "value",
		[NODE_TITLE] = "title", [NODE_HOW_MADE] = "howMade", [NODE_CREDENTIALS] = "credentials",
		[NODE_SUMMARY] = "summary", [NODE_ISSUES] = "items", [NODE_ITEM] = "item", [NODE_REQUEST] = "request",
		[NODE_DECISION] = "decisionText", [NODE_GUIDELINE] = "guideline", [NODE_RATIONALE] = "rationale",
		[NODE_PARAGRAPH] = "p",
	};
	if (n->kind == NODE_PARAGRAPH && n->parent->kind == NODE_FIELD) {
		/* a credentials field's value: its lines are the field's text after the label */
		for (const struct node *line = n->first; line; line = line->next) {
			text(w, parent, " ", 1);
			text(w, parent, line->text, line->text_len);
		}
		return;
	}
	xmlNodePtr e = element(w, parent, names[n->kind], n);
	switch (n->kind) {
	case NODE_VALUE:
		if (n->parent->kind == NODE_CASE_HEADER)        /* pdftotext: apart from its label */
			attribute(e, "name", field_name(n->sub));
		text(w, e, n->text, n->text_len);
		return;
	case NODE_LABEL: case NODE_TITLE:
		text(w, e, n->text, n->text_len);
		return;
	case NODE_DECISION: {
		const char *word = n->text;       /* ": Upheld" keeps its colon in the tree, not in the element */
		while (*word == ':' || *word == ' ' || *word == '\t' || *word == '\n')
			word++;
		text(w, e, word, strlen(word));
		return;
	}
	case NODE_PARAGRAPH: case NODE_REQUEST:
		inlines(w, e, n);
		return;
	case NODE_FIELD:
		attribute(e, "name", field_name(n->sub));
		break;
	case NODE_ITEM: {
		char number[16];
		snprintf(number, sizeof number, "%d", ++w->item_number);
		attribute(e, "number", number);
		attribute(e, "decision", decision_name(n->sub));
		break;
	}
	case NODE_GUIDELINE:
		attribute(e, "by", n->sub == BY_CLAIMS_ADMINISTRATOR ? "claims-administrator" : "imro");
		break;
	default:
		break;
	}
	for (const struct attr *a = n->attrs; a; a = a->next)
		attribute(e, a->name, a->value);
	for (const struct node *c = n->first; c; c = c->next)
		body(w, e, c);
}

struct xml_validator {
	xmlSchemaValidCtxtPtr ctxt;
	struct buffer errors;      /* what libxml2 said about the last document */
};

struct xml_validator *xml_validator_new(const struct xml_schema *schema)
{
	struct xml_validator *v = xcalloc(1, sizeof *v);
	v->ctxt = xmlSchemaNewValidCtxt(schema->schema);
	if (!v->ctxt) {
		fputs("imrc: out of memory\n", stderr);
		exit(STATUS_INTERNAL);
	}
	xmlSchemaSetValidErrors(v->ctxt, collect_error, collect_error, &v->errors);
	return v;
}

void xml_validator_free(struct xml_validator *v)
{
	if (!v)
		return;
	xmlSchemaFreeValidCtxt(v->ctxt);
	buffer_free(&v->errors);
	free(v);
}

/* Validates doc; on failure reports libxml2's messages as an internal error and returns -1. */
static int validate(struct xml_validator *v, xmlDocPtr doc, struct diagnostics *d)
{
	buffer_clear(&v->errors);
	int rc = xmlSchemaValidateDoc(v->ctxt, doc);
	if (rc != 0) {
		if (v->errors.len && v->errors.data[v->errors.len - 1] == '\n')
			v->errors.data[--v->errors.len] = '\0';
		diag_at(d, SEVERITY_ERROR, 0, "internal error: the XML does not follow the schema: %s",
			v->errors.len ? v->errors.data : "(no message)");
	}
	return rc == 0 ? 0 : -1;
}

xmlDocPtr xml_build(const struct letter *letter)
{
	struct xml_writer w = {.letter = letter};
	w.doc = xmlNewDoc(BAD_CAST_S("1.0"));
	xmlNodePtr root = xmlNewDocNode(w.doc, NULL, BAD_CAST_S("determination"), NULL);
	xmlDocSetRootElement(w.doc, root);
	w.ns = xmlNewNs(root, BAD_CAST_S(NS), NULL);
	xmlSetNs(root, w.ns);
	attribute(root, "schemaVersion", IMRC_SCHEMA_VERSION);
	index_fields(&w, root);
	for (const struct node *n = letter->root->first; n; n = n->next)
		body(&w, root, n);
	return w.doc;
}

enum status render_xml(const struct letter *letter, struct xml_validator *validator, struct buffer *out,
		       struct diagnostics *d)
{
	xmlDocPtr doc = xml_build(letter);
	enum status status = STATUS_OK;
	if (validator && validate(validator, doc, d) != 0) {
		status = STATUS_INTERNAL;
	} else {
		xmlChar *mem = NULL;
		int len = 0;
		xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
		if (!mem) {
			fputs("imrc: out of memory\n", stderr);
			exit(STATUS_INTERNAL);
		}
		buffer_add(out, (const char *)mem, (size_t)len);
		xmlFree(mem);
	}
	xmlFreeDoc(doc);
	return status;
}
