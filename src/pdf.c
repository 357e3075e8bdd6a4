/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf.c: a PDF's text through poppler's GLib API (see pdf.h).
 *
 * poppler_page_get_text gives the characters pdftotext gives, but it joins the lines of text blocks that poppler
 * takes for the cells of a table row without anything between them ("Upheld" at the end of one line and "Claims
 * Administrator guideline:" at the start of the next come out as "UpheldClaims Administrator guideline:"). Its
 * companion poppler_page_get_text_layout gives a box for each of those characters, so a line break goes back
 * wherever two characters that follow each other do not stand on the same line of the page. */
#include "pdf.h"

#include <poppler.h>
#include <stdlib.h>
#include <string.h>

int pdf_detect(const unsigned char *bytes, size_t size)
{
	return size >= 5 && memcmp(bytes, "%PDF-", 5) == 0;
}

static void drop_message(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
}

void pdf_init(void)
{
	g_log_set_handler("Poppler", G_LOG_LEVEL_MASK, drop_message, NULL);
}

/* Whether two character boxes stand on different lines of a page: the middle of neither is within the height of
 * the other (a superscript's middle is within its line's height). */
static int apart(const PopplerRectangle *a, const PopplerRectangle *b)
{
	double mid_a = (a->y1 + a->y2) / 2, mid_b = (b->y1 + b->y2) / 2;
	return (mid_b < a->y1 || mid_b > a->y2) && (mid_a < b->y1 || mid_a > b->y2);
}

/* Appends the text of page to out, each line ended by '\n' (a line break put back between characters that are
 * apart on the page), then a form feed. Returns whether the page has any character other than a blank. */
static int page_text(PopplerPage *page, struct buffer *out)
{
	char *text = poppler_page_get_text(page);
	PopplerRectangle *boxes = NULL;
	guint box_count = 0;
	if (text && !poppler_page_get_text_layout(page, &boxes, &box_count))
		box_count = 0;
	/* a box a character, so the documentation says; without that, the text is taken as it is */
	const PopplerRectangle *box = text && (glong)box_count == g_utf8_strlen(text, -1) ? boxes : NULL;
	const PopplerRectangle *last = NULL;    /* the box of the line's last character other than a blank */
	int any = 0;
	for (const char *s = text ? text : ""; *s; box = box ? box + 1 : NULL) {
		const char *next = g_utf8_next_char(s);
		if (*s == '\n') {
			last = NULL;
		} else if (*s != ' ' && *s != '\t') {
			any = 1;
			if (box && last && apart(last, box))
				buffer_addc(out, '\n');
			last = box;
		}
		buffer_add(out, s, (size_t)(next - s));
		s = next;
	}
	if (out->len && out->data[out->len - 1] != '\n' && out->data[out->len - 1] != '\f')
		buffer_addc(out, '\n');
	buffer_addc(out, '\f');
	g_free(boxes);
	g_free(text);
	return any;
}

int pdf_read(const struct source *pdf, struct pdf_text *out, struct diagnostics *d)
{
	memset(out, 0, sizeof *out);
	GBytes *bytes = g_bytes_new_static(pdf->bytes, pdf->size);
	GError *error = NULL;
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &error);
	g_bytes_unref(bytes);          /* the document holds its own reference */
	if (!doc) {
		if (error->domain == POPPLER_ERROR && error->code == POPPLER_ERROR_ENCRYPTED)
			diag_at(d, SEVERITY_ERROR, 0, "the PDF needs a password: remove it first (qpdf --decrypt "
				"--password=PASSWORD IN.pdf OUT.pdf), then compile the copy");
		else
			diag_at(d, SEVERITY_ERROR, 0, "a damaged or truncated PDF: its text cannot be read (%s)",
				error->message);
		g_error_free(error);
		return -1;
	}
	struct buffer text = {0};
	buffer_add(&text, "", 0);
	int pages = poppler_document_get_n_pages(doc), any = 0;
	for (int i = 0; i < pages; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		if (page) {
			any |= page_text(page, &text);
			g_object_unref(page);
		}
	}
	g_object_unref(doc);
	if (!any) {
		if (pages)
			diag_at(d, SEVERITY_ERROR, 0, "no text on any of the PDF's %d page%s (a scan?): run OCR on it first "
				"(ocrmypdf IN.pdf OUT.pdf), then compile the copy", pages, pages == 1 ? "" : "s");
		else
			diag_at(d, SEVERITY_ERROR, 0, "a PDF without pages: no letter in it");
		buffer_free(&text);
		return -1;
	}
	out->text = (struct source){.name = pdf->name, .bytes = (unsigned char *)text.data, .size = text.len,
				    .encoding = ENCODING_UTF8};
	source_index_lines(&out->text);
	out->page_count = pages;
	return 0;
}

void pdf_text_free(struct pdf_text *t)
{
	source_free_lines(&t->text);
	free((void *)t->text.bytes);
	memset(t, 0, sizeof *t);
}
