/* json.c: the JSON backend (see render.h). Walks the XML tree of xml_build, so that JSON and XML hold the same
 * information under the same names, and writes it with json-c (no hand-made escaping):
 *   - an element with neither attributes nor child elements is a string, its text;
 *   - any other element is an object: its attributes (age, number, page and total as numbers), its child
 *     elements by name, and "text", its whole text, when it has any;
 *   - elements that can repeat (items, paragraphs, citations, ...) are arrays under their name, in order. */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "render.h"

static int repeats(const xmlChar *name)
{
	static const char *const names[] = {
		"specialty", "subspecialty", "licensure", "field", "label", "value", "p", "item", "guideline", "citation",
		"section", "date", "original", "authorized", "remaining", "quantity", "frequency", "bodyRegion", "cpt",
		"serviceDate",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp((const char *)name, names[i]) == 0)
			return 1;
	return 0;
}

/* Whether an attribute is a count (age, item number, page, page total) to write as a JSON number. */
static int numeric(const xmlChar *name, const xmlChar *value)
{
	const char *n = (const char *)name, *v = (const char *)value;
	return (!strcmp(n, "age") || !strcmp(n, "number") || !strcmp(n, "page") || !strcmp(n, "total")) && *v
	       && strspn(v, "0123456789") == strlen(v) && strlen(v) < 16;
}

static json_object *text_of(xmlNodePtr e)
{
	xmlChar *text = xmlNodeGetContent(e);
	json_object *s = json_object_new_string(text ? (const char *)text : "");
	xmlFree(text);
	return s;
}

/* The JSON of one element (recursive: the tree is a few levels deep). */
static json_object *element(xmlNodePtr e)
{
	int children = 0, has_text = 0;
	for (xmlNodePtr c = e->children; c; c = c->next) {
		children |= c->type == XML_ELEMENT_NODE;
		has_text |= c->type == XML_TEXT_NODE;
	}
	if (!e->properties && !children)
		return text_of(e);
	json_object *obj = json_object_new_object();
	for (xmlAttrPtr a = e->properties; a; a = a->next) {
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
		json_object *value = numeric(a->name, v) ? json_object_new_int64(strtoll((const char *)v, NULL, 10))
						      : json_object_new_string((const char *)v);
		json_object_object_add(obj, (const char *)a->name, value);
		xmlFree(v);
	}
	for (xmlNodePtr c = e->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		if (!repeats(c->name)) {
			json_object_object_add(obj, name, element(c));
			continue;
		}
		json_object *list;
		if (!json_object_object_get_ex(obj, name, &list)) {
			list = json_object_new_array();
			json_object_object_add(obj, name, list);
		}
		json_object_array_add(list, element(c));
	}
	if (has_text)
		json_object_object_add(obj, "text", text_of(e));
	return obj;
}

enum status render_json(const struct letter *letter, struct buffer *out)
{
	xmlDocPtr doc = xml_build(letter);
	json_object *root = element(xmlDocGetRootElement(doc));
	size_t len;
	const char *text = json_object_to_json_string_length(
		root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	buffer_add(out, text, len);
	buffer_addc(out, '\n');
	json_object_put(root);
	xmlFreeDoc(doc);
	return STATUS_OK;
}
