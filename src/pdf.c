/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf.c: a PDF's text through poppler's GLib API (see pdf.h).
 *
 * poppler_page_get_text gives the characters pdftotext gives, but it joins the lines of text blocks that poppler
 * takes for the cells of a table row without anything between them ("Upheld" at the end of one line and "Claims
 * Administrator guideline:" at the start of the next come out as "UpheldClaims Administrator guideline:"). Its
 * companion poppler_page_get_text_layout gives a box for each of those characters, so a line break goes back
 * wherever two characters that follow each other do not stand on the same line of the page; the boxes are kept,
 * a glyph a byte of the text, for the @box of what the letter's elements hold (pdf_place).
 *
 * Paragraphs. The published PDFs are tagged, and their paragraphs as PDFBox writes them are the runs of non-empty
 * tagged paragraphs between empty ones (an empty paragraph is a blank line of the document). The characters come
 * from the page text all the same (a structure element's own text garbles what is not ASCII, and reading it
 * renders its page again: as costly as the page's text). So within a page a paragraph mark goes where a blank
 * line's height stands between two lines, the room an empty paragraph takes; across pages, where nothing on the
 * page shows it, the structure tree says: the paragraphs that end a page and begin the next are read, and a mark
 * goes before the form feed when one is empty. An untagged PDF has its lines' geometry alone. */
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
#define PDF_FUNCTIONS(F) \
	F(g_bytes_new_static) F(g_bytes_unref) F(g_error_free) \
	F(g_free) F(g_log_set_handler) F(g_object_ref) \
	F(g_object_unref) F(g_utf8_strlen) F(poppler_document_get_n_pages) \
	F(poppler_document_get_page) F(poppler_document_new_from_bytes) F(poppler_error_quark) \
	F(poppler_page_get_text) F(poppler_page_get_text_layout) F(poppler_structure_element_get_kind) \
	F(poppler_structure_element_get_page) F(poppler_structure_element_get_text) F(poppler_structure_element_iter_free) \
	F(poppler_structure_element_iter_get_child) F(poppler_structure_element_iter_get_element) F(poppler_structure_element_iter_new) \
	F(poppler_structure_element_iter_next)

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

/* The text being read, with a glyph (page and box) for each of its bytes. */
struct reader {
	struct buffer text;
	struct pdf_glyph *glyphs;
	size_t cap;                /* entries of glyphs */
};

/* Appends len bytes, each with the glyph g (NULL: none, for line breaks, blanks and marks). */
static void put(struct reader *r, const char *s, size_t len, const struct pdf_glyph *g)
{
	if (r->text.len + len + 1 > r->cap) {
		r->cap = 2 * r->cap > r->text.len + len + 1 ? 2 * r->cap : r->text.len + len + 1;
		r->glyphs = xrealloc(r->glyphs, r->cap * sizeof *r->glyphs);
	}
	for (size_t i = 0; i < len; i++)
		r->glyphs[r->text.len + i] = g ? *g : (struct pdf_glyph){0};
	buffer_add(&r->text, s, len);
}

/* Whether the text ends with a paragraph mark or holds nothing yet: a mark there would be no break. */
static int at_break(const struct reader *r)
{
	size_t n = r->text.len;
	return n == 0 || (n >= 2 && r->text.data[n - 1] == '\n' && r->text.data[n - 2] == ' '
			  && (n == 2 || r->text.data[n - 3] == '\n' || r->text.data[n - 3] == '\f'));
}

/* A paragraph mark, as PDFBox writes one: a line holding a space. */
static void put_mark(struct reader *r)
{
	if (!at_break(r))
		put(r, " \n", 2, NULL);
}

/* One line of a page's text: bytes [from, to) of poppler's text, the first character's index (for its box), and
 * the box around its characters other than blanks (ink: whether it has any with a box; text: any at all). */
struct line {
	size_t from, to, first;
	double top, bottom, left, right;
	int ink, text;
};

/* The lines of a page's text: poppler's, each split again wherever two characters that follow each other stand
 * apart on the page (box: a box a character, or NULL). Returns the count; *lines is to be freed. */
static size_t page_lines(const char *text, const PopplerRectangle *box, struct line **lines)
{
	size_t count = 0, cap = 0, index = 0;
	struct line *l = NULL;
	const PopplerRectangle *last = NULL;    /* the box of the line's last character other than a blank */
	int open = 0;                           /* a line is under way */
	for (const char *s = text; *s; s = (s + utf8_length((unsigned char)*s)), index++) {
		const PopplerRectangle *b = box ? box + index : NULL;
		int blank = *s == ' ' || *s == '\t';
		if (*s == '\n') {
			if (!open) {               /* an empty line */
				if (count == cap)
					l = xrealloc(l, (cap = cap ? 2 * cap : 64) * sizeof *l);
				l[count++] = (struct line){.from = (size_t)(s - text), .to = (size_t)(s - text)};
			}
			open = 0;
			last = NULL;
			continue;
		}
		if (open && !blank && b && last && apart(last, b))
			open = 0;
		if (!open) {
			if (count == cap)
				l = xrealloc(l, (cap = cap ? 2 * cap : 64) * sizeof *l);
			l[count++] = (struct line){.from = (size_t)(s - text), .first = index};
			open = 1;
		}
		struct line *cur = &l[count - 1];
		cur->to = (size_t)((s + utf8_length((unsigned char)*s)) - text);
		cur->text |= !blank;
		if (!blank && b) {
			if (!cur->ink || b->y1 < cur->top)
				cur->top = b->y1;
			if (!cur->ink || b->y2 > cur->bottom)
				cur->bottom = b->y2;
			if (!cur->ink || b->x1 < cur->left)
				cur->left = b->x1;
			if (!cur->ink || b->x2 > cur->right)
				cur->right = b->x2;
			cur->ink = 1;
			last = b;
		}
	}
	*lines = l;
	return count;
}

/* Whether a paragraph begins at line b of a page, after line a (both with ink): the blank between them is at
 * least as high as 1.2 of b's lines, the height that an empty paragraph (a blank line) leaves. Lines of the same
 * paragraph stand 0.3 lines apart, a heading 0.9 lines above its text, a paragraph after an empty one 1.6 lines
 * below the last (the 97 corpus letters); a column that starts again at the top stands above. */
static int paragraph_gap(const struct line *a, const struct line *b)
{
	double height = b->bottom - b->top;
	return height > 0 && b->top - a->bottom >= 1.2 * height;
}

/* Whether a paragraph of an untagged document ends with the page whose lines these are: its last line stops short
 * of the right margin by more than a sixth of the text's width (a paragraph's last line; a line the page cuts
 * runs about to the margin). */
static int ends_short(const struct line *lines, size_t count)
{
	const struct line *last = NULL;
	double left = 0, right = 0;
	for (size_t k = 0; k < count; k++) {
		if (!lines[k].ink)
			continue;
		if (!last || lines[k].left < left)
			left = lines[k].left;
		if (!last || lines[k].right > right)
			right = lines[k].right;
		last = &lines[k];
	}
	return last && last->right < right - (right - left) / 6;
}

/* Appends the text of page (number: 1, 2, ...) to r, each line ended by '\n' (a line break put back between
 * characters that are apart on the page), a paragraph mark before each line that follows a blank line's height
 * of blank, then, when a paragraph ends with the page, a paragraph mark, then a form feed. breaks says whether
 * one does (1 or 0, from the structure tree), or -1 when the document is untagged: then when its last line is
 * short (ends_short). Returns whether the page has any character other than a blank. */
static int page_text(PopplerPage *page, int number, int breaks, struct reader *r)
{
	char *text = lib.poppler_page_get_text(page);
	PopplerRectangle *boxes = NULL;
	guint box_count = 0;
	if (text && !lib.poppler_page_get_text_layout(page, &boxes, &box_count))
		box_count = 0;
	/* a box a character, so the documentation says; without that, the text is taken as it is */
	const PopplerRectangle *box = text && (glong)box_count == lib.g_utf8_strlen(text, -1) ? boxes : NULL;
	struct line *lines = NULL;
	size_t count = text ? page_lines(text, box, &lines) : 0;
	const struct line *inked = NULL;        /* the last line with ink */
	int any = 0;
	for (size_t k = 0; k < count; k++) {
		const struct line *l = &lines[k];
		if (l->ink && inked && paragraph_gap(inked, l))
			put_mark(r);
		size_t index = l->first;
		for (const char *s = text + l->from, *end = text + l->to; s < end; index++) {
			const char *next = (s + utf8_length((unsigned char)*s));
			struct pdf_glyph g = {0};
			if (box && *s != ' ' && *s != '\t') {
				const PopplerRectangle *b = &box[index];
				g = (struct pdf_glyph){(float)b->x1, (float)b->y1, (float)b->x2, (float)b->y2, number};
			}
			put(r, s, (size_t)(next - s), g.page ? &g : NULL);
			s = next;
		}
		put(r, "\n", 1, NULL);
		if (l->ink)
			inked = l;
		any |= l->text;
	}
	if (any && (breaks > 0 || (breaks < 0 && ends_short(lines, count))))
		put_mark(r);
	put(r, "\f", 1, NULL);
	free(lines);
	lib.g_free(boxes);
	lib.g_free(text);
	return any;
}

/* Whether a tagged paragraph holds no characters other than blanks (an empty line of the document). */
static int empty_paragraph(PopplerStructureElement *p)
{
	if (!p)
		return 0;
	gchar *text = lib.poppler_structure_element_get_text(p, POPPLER_STRUCTURE_GET_TEXT_RECURSIVE);
	int empty = 1;
	for (const gchar *s = text ? text : ""; *s && empty; s++)
		empty = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f';
	lib.g_free(text);
	return empty;
}

/* The last page (0, 1, ...) that the elements under iter (and their descendants) are on, or -1. */
static int last_page(PopplerStructureElementIter *iter)
{
	int last = -1;
	do {
		PopplerStructureElement *e = lib.poppler_structure_element_iter_get_element(iter);
		int page = lib.poppler_structure_element_get_page(e);
		last = page > last ? page : last;
		lib.g_object_unref(e);
		PopplerStructureElementIter *child = lib.poppler_structure_element_iter_get_child(iter);
		if (child) {
			page = last_page(child);
			last = page > last ? page : last;
			lib.poppler_structure_element_iter_free(child);
		}
	} while (lib.poppler_structure_element_iter_next(iter));
	return last;
}

/* The tagged paragraphs (P, or a heading) of each page that tell whether a paragraph ends with the page: first
 * and last (NULL where a page has none) begin on the page (a paragraph's page is where it begins), and spans is
 * set where the page's last one goes on to a later page. Walks the structure tree under iter in the document's
 * order. Each element held is a reference, for the caller to drop. */
struct page_paragraphs {
	PopplerStructureElement *first, *last;
	int spans;
};

static void find_paragraphs(PopplerStructureElementIter *iter, int pages, struct page_paragraphs *pp)
{
	do {
		PopplerStructureElement *e = lib.poppler_structure_element_iter_get_element(iter);
		PopplerStructureElementKind kind = lib.poppler_structure_element_get_kind(e);
		PopplerStructureElementIter *child = lib.poppler_structure_element_iter_get_child(iter);
		if (kind == POPPLER_STRUCTURE_ELEMENT_PARAGRAPH
		    || (kind >= POPPLER_STRUCTURE_ELEMENT_HEADING && kind <= POPPLER_STRUCTURE_ELEMENT_HEADING_6)) {
			int page = lib.poppler_structure_element_get_page(e);
			if (page >= 0 && page < pages) {
				struct page_paragraphs *p = &pp[page];
				if (!p->first)
					p->first = (lib.g_object_ref)(e);
				if (p->last)
					lib.g_object_unref(p->last);
				p->last = (lib.g_object_ref)(e);
				p->spans = child && last_page(child) > page;
			}
		} else if (child) {
			find_paragraphs(child, pages, pp);
		}
		if (child)
			lib.poppler_structure_element_iter_free(child);
		lib.g_object_unref(e);
	} while (lib.poppler_structure_element_iter_next(iter));
}

/* Where the document's paragraphs cross pages, from its structure tree: breaks[i] is 1 when a paragraph ends
 * with page i (0, 1, ...), that is when an empty tagged paragraph ends page i or begins page i + 1, else 0. When
 * page i's last paragraph goes on to the next page there is neither (it is not empty, and an empty one after its
 * rest is found by the lines' geometry), and nothing is read; else those two paragraphs are, one after the other:
 * reading one's text renders its page again. An untagged document leaves
 * breaks as it is (-1: its pages' paragraphs come from their lines alone). */
static void page_breaks(PopplerDocument *doc, int pages, int *breaks)
{
	PopplerStructureElementIter *iter = pages > 0 ? lib.poppler_structure_element_iter_new(doc) : NULL;
	if (!iter)
		return;
	struct page_paragraphs *pp = xcalloc((size_t)pages, sizeof *pp);
	find_paragraphs(iter, pages, pp);
	lib.poppler_structure_element_iter_free(iter);
	for (int i = 0; i + 1 < pages; i++)
		breaks[i] = !pp[i].spans && (empty_paragraph(pp[i].last) || empty_paragraph(pp[i + 1].first));
	for (int i = 0; i < pages; i++) {
		if (pp[i].first)
			lib.g_object_unref(pp[i].first);
		if (pp[i].last)
			lib.g_object_unref(pp[i].last);
	}
	free(pp);
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
	struct reader r = {0};
	put(&r, "", 0, NULL);
	int pages = lib.poppler_document_get_n_pages(doc), any = 0;
	int *breaks = xmalloc((pages > 0 ? (size_t)pages : 1) * sizeof *breaks);
	for (int i = 0; i < pages; i++)
		breaks[i] = -1;
	page_breaks(doc, pages, breaks);
	for (int i = 0; i < pages; i++) {
		PopplerPage *page = lib.poppler_document_get_page(doc, i);
		if (page) {
			any |= page_text(page, i + 1, i + 1 < pages ? breaks[i] : 0, &r);
			lib.g_object_unref(page);
		} else {
			put(&r, "\f", 1, NULL);
		}
	}
	free(breaks);
	lib.g_object_unref(doc);
	if (!any) {
		if (pages)
			diag_at(d, SEVERITY_ERROR, 0, "no text on any of the PDF's %d page%s (a scan?): run OCR on it first "
				"(ocrmypdf IN.pdf OUT.pdf), then compile the copy", pages, pages == 1 ? "" : "s");
		else
			diag_at(d, SEVERITY_ERROR, 0, "a PDF without pages: no letter in it");
		buffer_free(&r.text);
		free(r.glyphs);
		return -1;
	}
	out->text = (struct source){.name = pdf->name, .bytes = (unsigned char *)r.text.data, .size = r.text.len,
				    .encoding = ENCODING_UTF8};
	out->glyphs = r.glyphs;
	source_index_lines(&out->text);
	out->page_count = pages;
	return 0;
}

void pdf_text_free(struct pdf_text *t)
{
	source_free_lines(&t->text);
	free((void *)t->text.bytes);
	free(t->glyphs);
	memset(t, 0, sizeof *t);
}

/* Appends v to buf with at most two decimals, without trailing zeros ("72", "95.39"). */
static void put_number(char *buf, size_t size, double v)
{
	size_t len = strlen(buf);
	snprintf(buf + len, size - len, "%s%.2f", len ? " " : "", v);
	char *dot = strchr(buf + len, '.');
	char *end = buf + strlen(buf);
	while (end > dot + 1 && end[-1] == '0')
		end--;
	if (end == dot + 1)
		end = dot;
	*end = '\0';
	if (strcmp(buf + len + (len ? 1 : 0), "-0") == 0)
		strcpy(buf + len + (len ? 1 : 0), "0");
}

/* Sets n's @page and @box from the glyphs of its span (see pdf_place); a decision's span begins with the ": "
 * that is not in its element. */
static void place(struct node *n, const struct text *text, const struct pdf_text *pdf, struct arena *arena)
{
	const struct pdf_glyph *g = pdf->glyphs;
	int page = 0;
	double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
	size_t i = n->span.start;
	while (n->kind == NODE_DECISION && i < n->span.end && strchr(": \t\n", text->buf[i]))
		i++;
	for (; i < n->span.end; i++) {
		size_t o = text->origin[i];
		if (o >= pdf->text.size || !g[o].page || (page && g[o].page != page))
			continue;
		if (!page) {
			page = g[o].page;
			x0 = g[o].x0, y0 = g[o].y0, x1 = g[o].x1, y1 = g[o].y1;
			continue;
		}
		x0 = g[o].x0 < x0 ? g[o].x0 : x0;
		y0 = g[o].y0 < y0 ? g[o].y0 : y0;
		x1 = g[o].x1 > x1 ? g[o].x1 : x1;
		y1 = g[o].y1 > y1 ? g[o].y1 : y1;
	}
	if (!page)
		return;
	char buf[128] = "";
	snprintf(buf, sizeof buf, "%d", page);
	node_set_attr(arena, n, "page", arena_strndup(arena, buf, strlen(buf)));
	buf[0] = '\0';
	put_number(buf, sizeof buf, x0);
	put_number(buf, sizeof buf, y0);
	put_number(buf, sizeof buf, x1);
	put_number(buf, sizeof buf, y1);
	node_set_attr(arena, n, "box", arena_strndup(arena, buf, strlen(buf)));
}

void pdf_place(struct node *root, const struct text *text, const struct pdf_text *pdf, struct arena *arena)
{
	for (struct node *n = root->first; n; n = n->next) {
		if (n->kind == NODE_ITEM || n->kind == NODE_REQUEST || n->kind == NODE_DECISION
		    || (n->kind == NODE_MARK && strcmp(n->name, "citation") == 0))
			place(n, text, pdf, arena);
		if (n->first)
			pdf_place(n, text, pdf, arena);
	}
}
