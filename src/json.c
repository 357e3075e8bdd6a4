/* json.c: the JSON backend (see render.h). Builds objects from the events of document.c, so that JSON and XML
 * hold the same information under the same names, and writes them with json-c (no hand-made escaping):
 *   - an element with neither attributes nor child elements is a string, its text;
 *   - any other element is an object: its attributes (age, number, page and total as numbers), its child
 *     elements by name, and "text", its whole text, when it has any;
 *   - elements that can repeat (items, paragraphs, citations, ...) are arrays under their name, in order. */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "render.h"

static int repeats(const char *name)
{
	static const char *const names[] = {
		"specialty", "subspecialty", "licensure", "field", "label", "value", "p", "item", "guideline", "citation",
		"section", "date", "original", "authorized", "remaining", "quantity", "frequency", "bodyRegion", "cpt",
		"serviceDate", "diagnosis",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* Whether an attribute is a count (age, item number, page, page total) to write as a JSON number. */
static int numeric(const char *n, const char *v)
{
	return (!strcmp(n, "age") || !strcmp(n, "number") || !strcmp(n, "page") || !strcmp(n, "total")) && *v
	       && strspn(v, "0123456789") == strlen(v) && strlen(v) < 16;
}

/* An element being built. */
struct frame {
	json_object *obj;          /* its attributes, then its child elements as they end */
	int elements, has_text;    /* it has child elements; text of its own */
	size_t text_start;         /* where its text (its descendants' included) begins in the builder's text */
};

/* The builder's state: the open elements, and the text of all of them. */
struct json_builder {
	struct frame *stack;
	size_t depth, cap;
	struct buffer text;
	json_object *root;
};

/* The events of render.h: an element's object is made at its start, takes its children as they end, and goes
 * to its parent (under its name, in an array when it repeats) at its own end. */
static void json_start(void *ctx, const char *name, const struct attr *attrs, int holds_text, size_t origin)
{
	struct json_builder *b = ctx;
	if (b->depth == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 16;
		b->stack = xrealloc(b->stack, b->cap * sizeof *b->stack);
	}
	struct frame *f = &b->stack[b->depth++];
	*f = (struct frame){.obj = json_object_new_object(), .text_start = b->text.len};
	for (const struct attr *a = attrs; a; a = a->next)
		if (attr_present(a))
			json_object_object_add(f->obj, a->name, numeric(a->name, a->value)
				? json_object_new_int64(strtoll(a->value, NULL, 10)) : json_object_new_string(a->value));
}

static void json_text(void *ctx, const char *s, size_t len)
{
	struct json_builder *b = ctx;
	b->stack[b->depth - 1].has_text = 1;
	buffer_add(&b->text, s, len);
}

static void json_end(void *ctx, const char *name)
{
	struct json_builder *b = ctx;
	struct frame *f = &b->stack[--b->depth];
	int leaf = json_object_object_length(f->obj) == 0 && !f->elements;    /* a string, its text */
	json_object *value = f->obj;
	if (leaf || f->has_text) {
		json_object *text = json_object_new_string_len(b->text.data ? b->text.data + f->text_start : "",
							       (int)(b->text.len - f->text_start));
		if (leaf)
			json_object_put(f->obj);
		else
			json_object_object_add(f->obj, "text", text);
		value = leaf ? text : f->obj;
	}
	if (b->depth == 0) {
		b->root = value;
		return;
	}
	struct frame *parent = &b->stack[b->depth - 1];
	parent->elements = 1;
	if (!repeats(name)) {
		json_object_object_add(parent->obj, name, value);
		return;
	}
	json_object *list;
	if (!json_object_object_get_ex(parent->obj, name, &list)) {
		list = json_object_new_array();
		json_object_object_add(parent->obj, name, list);
	}
	json_object_array_add(list, value);
}

enum status render_json(const struct letter *letter, struct buffer *out)
{
	static const struct xml_events events = {json_start, json_text, json_end};
	struct json_builder b = {0};
	xml_walk(letter, &events, &b);
	size_t len;
	const char *text = json_object_to_json_string_length(
		b.root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	buffer_add(out, text, len);
	buffer_addc(out, '\n');
	json_object_put(b.root);
	free(b.stack);
	buffer_free(&b.text);
	return STATUS_OK;
}
