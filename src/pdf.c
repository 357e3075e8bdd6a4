/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf.c: a PDF's text through poppler's GLib API (see pdf.h).
 *
 * poppler_page_get_text gives the characters pdftotext gives, but it joins the lines of text blocks that poppler
 * takes for the cells of a table row without anything between them ("Upheld" at the end of one line and "Claims
 * Administrator guideline:" at the start of the next come out as "UpheldClaims Administrator guideline:"). Its
 * companion poppler_page_get_text_layout gives a box for each of those characters, so a line break goes back
 * wherever two characters that follow each other do not stand on the same line of the page. */
#include "pdf.h"

#include <dlfcn.h>
#include <poppler.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef POPPLER_GLIB_SONAME
#define POPPLER_GLIB_SONAME "libpoppler-glib.so.8"
#endif

/* The poppler-glib and GLib functions pdf.c calls, looked up when the first PDF is read (dlopen) rather than
 * linked: linking poppler maps and relocates some forty libraries at every start, which doubled the start-up of
 * a run that reads only text letters. GLib and GObject come with poppler-glib as its dependencies. */
#define PDF_FUNCTIONS(F)                                                                                     \
	F(g_log_set_handler) F(g_bytes_new_static) F(g_bytes_unref) F(g_error_free) F(g_free)                \
	F(g_object_unref) F(g_utf8_strlen) F(poppler_error_quark) F(poppler_document_new_from_bytes)          \
	F(poppler_document_get_n_pages) F(poppler_document_get_page) F(poppler_page_get_text)                \
	F(poppler_page_get_text_layout)

/* The functions once loaded, shared by all threads (set once, then only read); error says why they could not
 * be loaded. */
static struct {
#define PDF_POINTER(name) __typeof__(name) *name;
	PDF_FUNCTIONS(PDF_POINTER)
	char error[256];
} lib;
static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

int pdf_detect(const unsigned char *bytes, size_t size)
{
	return size >= 5 && memcmp(bytes, "%PDF-", 5) == 0;
}

static void drop_message(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
}

/* Loads poppler-glib and looks up PDF_FUNCTIONS (once, by pthread_once), then drops poppler's own messages about
 * a PDF's syntax (GLib's log, domain Poppler, at the info level), so that no setting of G_MESSAGES_DEBUG puts them
 * on standard output among the XML: imrc says itself what is wrong with a PDF. On failure lib.error says why. */
static void lib_load(void)
{
	void *handle = dlopen(POPPLER_GLIB_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		snprintf(lib.error, sizeof lib.error, "%s", dlerror());
		return;
	}
#define PDF_LOOKUP(name)                                                                                     \
	if (!(*(void **)&lib.name = dlsym(handle, #name))) {                                                 \
		snprintf(lib.error, sizeof lib.error, "%s has no %s", POPPLER_GLIB_SONAME, #name);           \
		return;                                                                                      \
	}
	PDF_FUNCTIONS(PDF_LOOKUP)
	lib.g_log_set_handler("Poppler", G_LOG_LEVEL_MASK, drop_message, NULL);
}

/* The length of the UTF-8 character that begins with byte c (poppler's text is valid UTF-8). */
static size_t utf8_length(unsigned char c)
{
	return c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
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
	char *text = lib.poppler_page_get_text(page);
	PopplerRectangle *boxes = NULL;
	guint box_count = 0;
	if (text && !lib.poppler_page_get_text_layout(page, &boxes, &box_count))
		box_count = 0;
	/* a box a character, so the documentation says; without that, the text is taken as it is */
	const PopplerRectangle *box = text && (glong)box_count == lib.g_utf8_strlen(text, -1) ? boxes : NULL;
	const PopplerRectangle *last = NULL;    /* the box of the line's last character other than a blank */
	int any = 0;
	for (const char *s = text ? text : ""; *s; box = box ? box + 1 : NULL) {
		const char *next = s + utf8_length((unsigned char)*s);
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
	lib.g_free(boxes);
	lib.g_free(text);
	return any;
}

int pdf_read(const struct source *pdf, struct pdf_text *out, struct diagnostics *d)
{
	memset(out, 0, sizeof *out);
	pthread_once(&lib_once, lib_load);
	if (lib.error[0]) {
		diag_at(d, SEVERITY_ERROR, 0, "reading a PDF needs poppler's GLib library, which cannot be loaded (%s): "
			"install libpoppler-glib8", lib.error);
		return -1;
	}
	GBytes *bytes = lib.g_bytes_new_static(pdf->bytes, pdf->size);
	GError *error = NULL;
	PopplerDocument *doc = lib.poppler_document_new_from_bytes(bytes, NULL, &error);
	lib.g_bytes_unref(bytes);          /* the document holds its own reference */
	if (!doc) {
		if (error->domain == lib.poppler_error_quark() && error->code == POPPLER_ERROR_ENCRYPTED)
			diag_at(d, SEVERITY_ERROR, 0, "the PDF needs a password: remove it first (qpdf --decrypt "
				"--password=PASSWORD IN.pdf OUT.pdf), then compile the copy");
		else
			diag_at(d, SEVERITY_ERROR, 0, "a damaged or truncated PDF: its text cannot be read (%s)",
				error->message);
		lib.g_error_free(error);
		return -1;
	}
	struct buffer text = {0};
	buffer_add(&text, "", 0);
	int pages = lib.poppler_document_get_n_pages(doc), any = 0;
	for (int i = 0; i < pages; i++) {
		PopplerPage *page = lib.poppler_document_get_page(doc, i);
		if (page) {
			any |= page_text(page, &text);
			lib.g_object_unref(page);
		}
	}
	lib.g_object_unref(doc);
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
