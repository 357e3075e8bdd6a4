/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf.h: reading a PDF's text in-process with poppler's GLib API (poppler-glib, the library behind pdftotext).
 * A PDF becomes text shaped as pdftotext writes it, which the input layer then reads like any other. */
#ifndef IMRC_PDF_H
#define IMRC_PDF_H

#include <stddef.h>

#include "ast.h"
#include "diag.h"
#include "input.h"

/* Whether an input is a PDF: it starts with "%PDF-" (its content says so, never its name). */
int pdf_detect(const unsigned char *bytes, size_t size);

/* Where a character stands: its page (1, 2, ...; 0 for no character: a blank, a line break, a paragraph mark)
 * and its box in PDF points from the page's top-left corner, as pdftotext -bbox reports words. */
struct pdf_glyph {
	float x0, y0, x1, y1;
	int page;
};

/* The text of a PDF: the source that the letter is read from and that diagnostics point into. Its paragraphs are
 * marked as PDFBox marks them, by a line holding a space: from the structure tree and the lines' geometry (see
 * pdf.c). */
struct pdf_text {
	struct source text;        /* named as the PDF; bytes: each page's lines ended by '\n', each page by '\f' */
	struct pdf_glyph *glyphs;  /* one per byte of text (every byte of a character has its glyph) */
	int page_count;
};

/* Reads the text of the PDF pdf (the bytes as read) into *out, freed by pdf_text_free. Opens it with an empty
 * password, as pdftotext does (the published letters are encrypted with an empty user password). Returns 0, or
 * -1 after reporting at 1:1 in d why no text could be read: a password is needed, no page has text (a scan), or
 * the file is damaged. Threads may read PDFs at once, each its own. */
int pdf_read(const struct source *pdf, struct pdf_text *out, struct diagnostics *d);
void pdf_text_free(struct pdf_text *t);

/* Sets @page (the page it starts on) and @box ("x0 y0 x1 y1", the box around its characters on that page, at most
 * two decimals) on every item, request, decision and citation under root, from the glyphs of the characters of
 * its span in text (normalised from pdf's text: text->origin maps into it). A node without a character keeps
 * what it had. */
void pdf_place(struct node *root, const struct text *text, const struct pdf_text *pdf, struct arena *arena);

#endif
