/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json.c: the JSON backend (see render.h). Builds objects from the events of document.c and writes them with
 * json-c (no hand-made escaping). The JSON type of every element comes from the schema, never from what a letter
 * happens to hold (schemas/imrc.schema.json; README, "JSON"):
 *   - every element is an object: its attributes (those of an integer type as numbers), its child elements by
 *     name and, when its type holds text (simple content or mixed), "text": its whole text, its descendants'
 *     included, as XPath's string() gives it;
 *   - a child element that its parent's type lets repeat is an array of such objects, in order; one that
 *     cannot is an object; one that does not occur is absent (no array is empty);
 *   - the root object also holds "jsonVersion".
 * Which types hold text, which children repeat and which attributes are integers is read from the embedded XSD
 * once (json_shape_load), so that the schema stays the one place that says it. */
#include <json-c/json.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

/* The version of the JSON's shape, with the XML's rules (SPEC section 4, "Versioning"): an additive change bumps
 * the minor; one that could invalidate older outputs bumps the major and gets a schema file of its own. 1 was
 * the shape before types were fixed. */
#define JSON_VERSION "2.0"

#define XS_NS "http://www.w3.org/2001/XMLSchema"
#define SIMPLE "(simple type)"     /* the name of the entry of every simple type: no XSD name has parentheses */

/* A child element as its parent's type declares it. */
struct shape_child {
	char *name;
	size_t type;               /* index in json_shape.types */
	int repeats;               /* maxOccurs above 1 on the element or on a group around it, or declared twice */
};

/* An attribute a type declares. */
struct shape_attr {
	char *name;
	int integer;               /* of an integer type: a JSON number */
};

/* What a type of the XSD makes of an element. Every simple type is the one entry SIMPLE. */
struct shape_type {
	char *name;
	int text;                  /* simple content or mixed: the object gets "text" */
	struct shape_child *children;
	size_t child_count;
	struct shape_attr *attrs;
	size_t attr_count;
	const xmlNode *node;       /* its xs:complexType while the shape is read, else NULL */
};

struct json_shape {
	struct shape_type *types;
	size_t type_count;
	size_t document;           /* a type of no element: its children are the schema's global elements, each a
	                              root a document may have */
};

/* Reading the XSD: the shape being built, the xs:schema element, and the first problem found. */
struct reader {
	struct json_shape *shape;
	xmlNode *schema;
	char error[256];
};

static int is_xs(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && strcmp((const char *)n->ns->href, XS_NS) == 0
	       && strcmp((const char *)n->name, name) == 0;
}

/* An attribute of n as a string, or "" when absent. Caller frees with xmlFree. */
static char *prop(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	return v ? (char *)v : (char *)xmlStrdup((const xmlChar *)"");
}

/* Whether n's maxOccurs lets it occur more than once. */
static int repeats_attr(const xmlNode *n)
{
	char *max = prop(n, "maxOccurs");
	int many = strcmp(max, "unbounded") == 0 || atoi(max) > 1;
	xmlFree(max);
	return many;
}

/* The local part of a QName ("string" of "xs:string"), and whether its prefix names XML Schema's namespace. */
static const char *local_name(const xmlNode *n, const char *qname, int *builtin)
{
	const char *colon = strchr(qname, ':');
	*builtin = 0;
	if (!colon)
		return qname;
	char prefix[32];
	snprintf(prefix, sizeof prefix, "%.*s", (int)(colon - qname), qname);
	xmlNs *ns = xmlSearchNs(n->doc, (xmlNode *)n, (const xmlChar *)prefix);
	*builtin = ns && strcmp((const char *)ns->href, XS_NS) == 0;
	return colon + 1;
}

/* The top-level xs:KIND of the schema named name, or NULL. */
static xmlNode *global(const struct reader *r, const char *kind, const char *name)
{
	for (xmlNode *n = r->schema->children; n; n = n->next) {
		if (!is_xs(n, kind))
			continue;
		char *own = prop(n, "name");
		int same = strcmp(own, name) == 0;
		xmlFree(own);
		if (same)
			return n;
	}
	return NULL;
}

static void fail(struct reader *r, const char *what, const char *name)
{
	if (!r->error[0])
		snprintf(r->error, sizeof r->error, "%s '%s'", what, name);
}

/* The index of the type a type="..." names, read when first met. Returns SIZE_MAX after fail. */
static size_t type_index(struct reader *r, const xmlNode *at, const char *qname)
{
	int builtin;
	const char *name = local_name(at, qname, &builtin);
	const xmlNode *complex = builtin ? NULL : global(r, "complexType", name);
	if (!complex && !builtin && !global(r, "simpleType", name)) {
		fail(r, "the schema names an unknown type", qname);
		return SIZE_MAX;
	}
	if (!complex)
		name = SIMPLE;
	struct json_shape *s = r->shape;
	for (size_t i = 0; i < s->type_count; i++)
		if (strcmp(s->types[i].name, name) == 0)
			return i;
	s->types = xrealloc(s->types, (s->type_count + 1) * sizeof *s->types);
	s->types[s->type_count] = (struct shape_type){.name = xstrndup(name, strlen(name)), .text = !complex,
						     .node = complex};
	return s->type_count++;
}

static void add_child(struct reader *r, size_t type, const char *name, size_t child_type, int repeats)
{
	struct shape_type *t = &r->shape->types[type];
	for (size_t i = 0; i < t->child_count; i++)
		if (strcmp(t->children[i].name, name) == 0) {
			if (t->children[i].type != child_type)
				fail(r, "json.c maps an element name to one type per parent; two in", t->name);
			t->children[i].repeats = 1;           /* declared twice: it occurs twice */
			return;
		}
	t->children = xrealloc(t->children, (t->child_count + 1) * sizeof *t->children);
	t->children[t->child_count++] = (struct shape_child){xstrndup(name, strlen(name)), child_type, repeats};
}

/* The element declarations of one particle of a content model (an xs:element, xs:sequence or xs:choice, or an
 * xs:group reference), recursively; many: a particle around it repeats. */
static void read_particle(struct reader *r, size_t type, const xmlNode *n, int many)
{
	many = many || repeats_attr(n);
	char *name = prop(n, "name"), *ref = prop(n, "ref"), *qtype = prop(n, "type");
	const xmlNode *model = NULL;
	if (is_xs(n, "element") && *name && *qtype) {
		size_t child = type_index(r, n, qtype);
		if (child != SIZE_MAX)
			add_child(r, type, name, child, many);
	} else if (is_xs(n, "sequence") || is_xs(n, "choice")) {
		model = n;
	} else if (is_xs(n, "group") && *ref) {
		int builtin;
		if (!(model = global(r, "group", local_name(n, ref, &builtin))))
			fail(r, "the schema refers to an unknown group", ref);
	} else {
		fail(r, "json.c does not map the schema's construct", (const char *)n->name);
	}
	for (const xmlNode *c = model ? model->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !is_xs(c, "annotation"))
			read_particle(r, type, c, many);
	xmlFree(name);
	xmlFree(ref);
	xmlFree(qtype);
}

/* Whether the simple type that qname names, or the anonymous one inside n when qname is "", is an integer: one
 * of XML Schema's integer types or a restriction of one. */
static int integer_type(const struct reader *r, const xmlNode *n, const char *qname)
{
	static const char *const integers[] = {"integer", "positiveInteger", "nonNegativeInteger"};
	const xmlNode *simple = n;
	if (*qname) {
		int builtin;
		const char *local = local_name(n, qname, &builtin);
		for (size_t i = 0; builtin && i < sizeof integers / sizeof integers[0]; i++)
			if (strcmp(local, integers[i]) == 0)
				return 1;
		simple = builtin ? NULL : global(r, "simpleType", local);
	}
	int integer = 0;
	for (const xmlNode *c = simple ? simple->children : NULL; c; c = c->next) {
		if (is_xs(c, "simpleType") && !*qname)
			return integer_type(r, c, "");
		if (!is_xs(c, "restriction"))
			continue;
		char *base = prop(c, "base");
		integer = *base && integer_type(r, c, base);
		xmlFree(base);
	}
	return integer;
}

/* An xs:attribute of a type. */
static void read_attribute(struct reader *r, size_t type, const xmlNode *n)
{
	char *name = prop(n, "name"), *qtype = prop(n, "type");
	if (!*name)
		fail(r, "json.c maps named attributes only, not", *qtype ? qtype : "a reference");
	struct shape_type *t = &r->shape->types[type];
	t->attrs = xrealloc(t->attrs, (t->attr_count + 1) * sizeof *t->attrs);
	t->attrs[t->attr_count++] = (struct shape_attr){xstrndup(name, strlen(name)), integer_type(r, n, qtype)};
	xmlFree(name);
	xmlFree(qtype);
}

/* A named xs:complexType: mixed or simple content, its child elements, its integer attributes. */
static void read_type(struct reader *r, size_t type)
{
	const xmlNode *node = r->shape->types[type].node;
	char *mixed = prop(node, "mixed");
	r->shape->types[type].text = strcmp(mixed, "true") == 0 || strcmp(mixed, "1") == 0;
	xmlFree(mixed);
	for (const xmlNode *n = node->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || is_xs(n, "annotation"))
			continue;
		if (is_xs(n, "sequence") || is_xs(n, "choice") || is_xs(n, "group")) {
			read_particle(r, type, n, 0);
		} else if (is_xs(n, "attribute")) {
			read_attribute(r, type, n);
		} else if (is_xs(n, "simpleContent") && n->children) {
			r->shape->types[type].text = 1;
			for (const xmlNode *ext = n->children; ext; ext = ext->next)
				for (const xmlNode *a = is_xs(ext, "extension") ? ext->children : NULL; a; a = a->next)
					if (is_xs(a, "attribute"))
						read_attribute(r, type, a);
					else if (a->type == XML_ELEMENT_NODE && !is_xs(a, "annotation"))
						fail(r, "json.c does not map the schema's construct", (const char *)a->name);
		} else {
			fail(r, "json.c does not map the schema's construct", (const char *)n->name);
		}
	}
}

/* Whether an object of type t would hold the property name twice: an attribute and a child, either and
 * "text", or, in the root's object, either and "jsonVersion". */
static int clash(const struct shape_type *t, int root, const char *name)
{
	size_t seen = (t->text && strcmp(name, "text") == 0) + (root && strcmp(name, "jsonVersion") == 0);
	for (size_t i = 0; i < t->child_count; i++)
		seen += strcmp(t->children[i].name, name) == 0;
	for (size_t i = 0; i < t->attr_count; i++)
		seen += strcmp(t->attrs[i].name, name) == 0;
	return seen > 1;
}

struct json_shape *json_shape_load(void)
{
	size_t len;
	const char *text = xml_schema_text(&len);
	xmlDoc *doc = xmlReadMemory(text, (int)len, "imrc.xsd", NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	struct reader r = {.shape = xcalloc(1, sizeof *r.shape), .schema = doc ? xmlDocGetRootElement(doc) : NULL};
	struct json_shape *s = r.shape;
	s->types = xmalloc(sizeof *s->types);
	s->types[0] = (struct shape_type){.name = xstrndup("(document)", 10)};   /* no XSD name has parentheses */
	s->document = s->type_count++;
	for (xmlNode *n = r.schema ? r.schema->children : NULL; n; n = n->next) {
		if (!is_xs(n, "element"))
			continue;
		char *name = prop(n, "name"), *qtype = prop(n, "type");
		add_child(&r, s->document, name, type_index(&r, n, qtype), 0);
		xmlFree(name);
		xmlFree(qtype);
	}
	if (!s->types[s->document].child_count)
		fail(&r, "the embedded schema has no root element", "imrc.xsd");
	for (size_t i = 0; i < r.shape->type_count && !r.error[0]; i++)   /* read_type may add types */
		if (r.shape->types[i].node)
			read_type(&r, i);
	for (size_t i = 0; i < r.shape->type_count; i++) {
		struct shape_type *t = &r.shape->types[i];
		int root = 0;
		for (size_t k = 0; k < s->types[s->document].child_count; k++)
			root |= s->types[s->document].children[k].type == i;
		for (size_t k = 0; k < t->child_count; k++)
			if (clash(t, root, t->children[k].name))
				fail(&r, "two JSON properties would share the name", t->children[k].name);
		for (size_t k = 0; k < t->attr_count; k++)
			if (clash(t, root, t->attrs[k].name))
				fail(&r, "two JSON properties would share the name", t->attrs[k].name);
		t->node = NULL;                                     /* the document goes */
	}
	xmlFreeDoc(doc);
	if (r.error[0]) {
		fprintf(stderr, "imrc: internal error: JSON from the embedded schema: %s\n", r.error);
		json_shape_free(r.shape);
		return NULL;
	}
	return r.shape;
}

void json_shape_free(struct json_shape *shape)
{
	if (!shape)
		return;
	for (size_t i = 0; i < shape->type_count; i++) {
		struct shape_type *t = &shape->types[i];
		for (size_t k = 0; k < t->child_count; k++)
			free(t->children[k].name);
		for (size_t k = 0; k < t->attr_count; k++)
			free(t->attrs[k].name);
		free(t->children);
		free(t->attrs);
		free(t->name);
	}
	free(shape->types);
	free(shape);
}

/* An element being built. */
struct frame {
	json_object *obj;          /* its attributes, then its child elements as they end */
	const struct shape_type *type;
	int repeats;               /* it goes to its parent in an array */
	size_t text_start;         /* where its text (its descendants' included) begins in the builder's text */
};

/* The builder's state: the open elements, the text of all of them, and the first element or text that the
 * schema does not allow where it came (our bug: the XML would fail validation too). */
struct json_builder {
	const struct json_shape *shape;
	struct frame *stack;
	size_t depth, cap;
	struct buffer text;
	json_object *root;
	const char *bad;           /* what went wrong, or NULL */
	const char *bad_name;
	size_t bad_origin;
};

static void bad(struct json_builder *b, const char *what, const char *name, size_t origin)
{
	if (b->bad)
		return;
	b->bad = what;
	b->bad_name = name;
	b->bad_origin = origin;
}

/* The value of attribute a of an element of type t: a number when the schema gives it an integer type. */
static json_object *attr_value(struct json_builder *b, const struct shape_type *t, const struct attr *a,
			       size_t origin)
{
	size_t i = 0;
	while (i < t->attr_count && strcmp(t->attrs[i].name, a->name) != 0)
		i++;
	if (i == t->attr_count) {
		bad(b, "an attribute its element's type does not declare", a->name, origin);
	} else if (t->attrs[i].integer) {
		size_t len = strlen(a->value);
		if (len < 16 && strspn(a->value, "0123456789") == len)
			return json_object_new_int64(strtoll(a->value, NULL, 10));
		bad(b, "an integer attribute holds something else", a->name, origin);
	}
	return json_object_new_string(a->value);
}

/* The events of render.h: an element's object is made at its start, takes its children as they end, and goes
 * to its parent (under its name, in an array when the parent's type lets it repeat) at its own end. */
static void json_start(void *ctx, const char *name, const struct attr *attrs, int holds_text, size_t origin)
{
	struct json_builder *b = ctx;
	const struct json_shape *s = b->shape;
	const struct shape_type *type, *parent = b->depth ? b->stack[b->depth - 1].type : &s->types[s->document];
	int repeats = 0;
	size_t i = 0;
	while (i < parent->child_count && strcmp(parent->children[i].name, name) != 0)
		i++;
	if (i == parent->child_count) {
		bad(b, b->depth ? "an element its parent's type does not declare" : "a root the schema does not declare",
		    name, origin);
		type = &s->types[s->document];    /* any type will do: the output is thrown away */
	} else {
		type = &s->types[parent->children[i].type];
		repeats = parent->children[i].repeats;
	}
	if (b->depth == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 16;
		b->stack = xrealloc(b->stack, b->cap * sizeof *b->stack);
	}
	struct frame *f = &b->stack[b->depth++];
	*f = (struct frame){.obj = json_object_new_object(), .type = type, .repeats = repeats,
			    .text_start = b->text.len};
	if (b->depth == 1)
		json_object_object_add(f->obj, "jsonVersion", json_object_new_string(JSON_VERSION));
	for (const struct attr *a = attrs; a; a = a->next)
		if (attr_present(a))
			json_object_object_add(f->obj, a->name, attr_value(b, type, a, origin));
}

static void json_text(void *ctx, const char *s, size_t len)
{
	struct json_builder *b = ctx;
	if (!b->stack[b->depth - 1].type->text)
		bad(b, "text in an element whose type holds none", "", SIZE_MAX);
	buffer_add(&b->text, s, len);
}

static void json_end(void *ctx, const char *name)
{
	struct json_builder *b = ctx;
	struct frame *f = &b->stack[--b->depth];
	if (f->type->text)
		json_object_object_add(f->obj, "text", json_object_new_string_len(b->text.data ? b->text.data + f->text_start
											      : "",
										  (int)(b->text.len - f->text_start)));
	if (b->depth == 0) {
		b->root = f->obj;
		return;
	}
	json_object *parent = b->stack[b->depth - 1].obj, *list;
	if (!f->repeats) {
		json_object_object_add(parent, name, f->obj);
		return;
	}
	if (!json_object_object_get_ex(parent, name, &list)) {
		list = json_object_new_array();
		json_object_object_add(parent, name, list);
	}
	json_object_array_add(list, f->obj);
}

enum status render_json(const struct letter *letter, const struct json_shape *shape, int one_line,
			struct buffer *out, struct diagnostics *d)
{
	static const struct xml_events events = {json_start, json_text, json_end};
	struct json_builder b = {.shape = shape};
	xml_walk(letter, &events, &b);
	enum status status = STATUS_OK;
	if (b.bad) {
		diag_at(d, SEVERITY_ERROR, b.bad_origin == SIZE_MAX ? 0 : b.bad_origin,
			"internal error: the JSON does not follow the schema: %s%s%s%s", b.bad, *b.bad_name ? " ('" : "",
			b.bad_name, *b.bad_name ? "')" : "");
		status = STATUS_INTERNAL;
	} else {
		int flags = one_line ? JSON_C_TO_STRING_PLAIN : JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED;
		size_t len;
		const char *text = json_object_to_json_string_length(b.root, flags | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
		buffer_add(out, text, len);
		buffer_addc(out, '\n');
	}
	json_object_put(b.root);
	free(b.stack);
	buffer_free(&b.text);
	return status;
}
