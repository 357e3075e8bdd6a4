/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf.h: reading a PDF's text in-process with poppler's GLib API (poppler-glib, the library behind pdftotext).
 * A PDF becomes text shaped as pdftotext writes it, which the input layer then reads like any other. */
#ifndef IMRC_PDF_H
#define IMRC_PDF_H

#include <stddef.h>

#include "diag.h"

/* Whether an input is a PDF: it starts with "%PDF-" (its content says so, never its name). */
int pdf_detect(const unsigned char *bytes, size_t size);

/* The text of a PDF: the source that the letter is read from and that diagnostics point into. */
struct pdf_text {
	struct source text;        /* named as the PDF; bytes: each page's lines ended by '\n', each page by '\f' */
	int page_count;
};

/* Reads the text of the PDF pdf (the bytes as read) into *out, freed by pdf_text_free. Opens it with an empty
 * password, as pdftotext does (the published letters are encrypted with an empty user password). Returns 0, or
 * -1 after reporting at 1:1 in d why no text could be read: a password is needed, no page has text (a scan), or
 * the file is damaged (or poppler-glib, loaded by the first call, cannot be loaded). Threads may read PDFs at
 * once, each its own. */
int pdf_read(const struct source *pdf, struct pdf_text *out, struct diagnostics *d);
void pdf_text_free(struct pdf_text *t);

#endif
