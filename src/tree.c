/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tree.c: the tree backend (see render.h): the AST as parsed, for debugging the grammar and for parser tests
 * that do not churn when the XML changes. */
#include <stdio.h>

#include "render.h"

static void position(const struct letter *l, size_t offset, struct buffer *out)
{
	size_t line, col;
	char buf[48];
	source_position(l->src, l->text.origin[offset], &line, &col);
	snprintf(buf, sizeof buf, "%zu:%zu", line, col);
	buffer_adds(out, buf);
}

enum status render_tree(const struct letter *letter, struct buffer *out)
{
	const struct node *n = letter->root;
	int depth = 0;
	while (n) {
		for (int i = 0; i < depth; i++)
			buffer_adds(out, "  ");
		buffer_adds(out, node_kind_name(n->kind));
		if (n->kind == NODE_FIELD) {
			buffer_addc(out, ' ');
			buffer_adds(out, field_name(n->sub));
		} else if (n->kind == NODE_ITEM || n->kind == NODE_DECISION) {
			buffer_addc(out, ' ');
			buffer_adds(out, decision_name(n->sub));
		} else if (n->kind == NODE_GUIDELINE) {
			buffer_addc(out, ' ');
			buffer_adds(out, guideline_by_name(n->sub));
		} else if (n->kind == NODE_MARK) {
			buffer_addc(out, ' ');
			buffer_adds(out, n->name);
		}
		for (const struct attr *a = n->attrs; a; a = a->next) {
			buffer_addc(out, ' ');
			buffer_adds(out, a->name);
			buffer_adds(out, "=\"");
			buffer_adds(out, a->value);
			buffer_addc(out, '"');
		}
		buffer_adds(out, " [");
		position(letter, n->span.start, out);
		buffer_addc(out, '-');
		position(letter, n->span.end, out);
		buffer_addc(out, ']');
		if (n->text) {
			buffer_adds(out, " \"");
			for (const char *c = n->text; *c; c++) {
				if (*c == '\n') {
					buffer_adds(out, "\\n");
					continue;
				}
				if (*c == '"' || *c == '\\')
					buffer_addc(out, '\\');
				buffer_addc(out, *c);
			}
			buffer_addc(out, '"');
		}
		buffer_addc(out, '\n');
		/* next node in document order, without recursion */
		if (n->first) {
			n = n->first;
			depth++;
			continue;
		}
		while (n && !n->next) {
			n = n->parent;
			depth--;
		}
		if (n)
			n = n->next;
	}
	return STATUS_OK;
}
