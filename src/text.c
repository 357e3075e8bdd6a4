/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text.c: the text backend (see render.h): the letter's text given back from the tree, a block a paragraph.
 * Every character of the input but its layout (blanks, line breaks, form feeds) is in it, in order. */
#include "render.h"

static void text_of(const struct node *n, struct buffer *out)
{
	switch (n->kind) {
	case NODE_TITLE: case NODE_DECISION: case NODE_UNPARSED:
		buffer_add(out, n->text, n->text_len);
		buffer_adds(out, "\n\n");
		return;
	case NODE_LABEL:
		buffer_add(out, n->text, n->text_len);
		buffer_addc(out, ' ');
		return;
	case NODE_VALUE:
		buffer_add(out, n->text, n->text_len);
		buffer_addc(out, '\n');
		return;
	case NODE_LINE:
		if (n != n->parent->first)
			buffer_addc(out, ' ');
		buffer_add(out, n->text, n->text_len);
		return;
	case NODE_TEXT:
		buffer_add(out, n->text, n->text_len);
		return;
	default:
		break;
	}
	for (const struct node *c = n->first; c; c = c->next)
		text_of(c, out);
	if (n->kind == NODE_PARAGRAPH)
		buffer_adds(out, n->parent->kind == NODE_FIELD ? "\n" : "\n\n");
	else if (n->kind == NODE_CASE_HEADER || n->kind == NODE_CREDENTIALS)
		buffer_addc(out, '\n');
}

enum status render_text(const struct letter *letter, struct buffer *out)
{
	text_of(letter->root, out);
	return STATUS_OK;
}
