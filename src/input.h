/* input.h: the input layer. Reads a letter into memory and undoes the layout of its text extraction, so that
 * the scanner sees logical lines, one paragraph break between paragraphs, and every byte maps back to the input. */
#ifndef IMRC_INPUT_H
#define IMRC_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* What the letter's text came from: a text extraction of one of two shapes, or a PDF that imrc read itself. */
enum shape { SHAPE_PDFBOX, SHAPE_PDFTOTEXT, SHAPE_PDF };

/* The normalised text: each logical line ends in '\n'; an empty line is a paragraph break (never two in a row,
 * never first); leading and trailing blanks are gone; a line ending in a hyphen is joined to the next one.
 * origin[i] is the offset in the original input of buf[i]; origin[len] is the end of the input. */
struct text {
	char *buf;
	size_t len;
	uint32_t *origin;          /* 32 bits: an input is at most 512 MB (--max-size) */
	enum shape shape;
	int paragraph_marks;       /* the text marks its paragraphs (pdfbox): no need to infer where headings begin */
	size_t *page_breaks;       /* offsets of the input's form feeds, in order: where pages 2, 3, ... begin */
	size_t page_break_count;
};

/* The page (1, 2, ...) that the input offset is on, or 0 when the input has no form feeds. */
size_t text_page(const struct text *t, size_t original_offset);

/* Reads all of PATH ("-" = standard input) into *bytes (caller frees). Fails with an errno value when the file
 * can't be read, and with EFBIG when it is larger than max_size. Returns 0 on success. */
int input_read(const char *path, size_t max_size, unsigned char **bytes, size_t *size);

/* Decodes src (in encoding, or by ENCODING_AUTO's rule; src->encoding records what it was read as) and
 * normalises it into *out. Returns 0, or -1 after reporting an error in d (then *out is empty). */
int input_normalize(struct source *src, enum encoding encoding, struct text *out, struct diagnostics *d);
const char *encoding_name(enum encoding encoding);
/* Names of the shapes and encodings in the XML. */
const char *shape_name(enum shape shape);

/* A copy of s (caller frees) in which bytes that are not valid UTF-8, C0 controls other than tab, and U+FFFE and
 * U+FFFF are U+FFFD: text that XML can carry (file names, for one). */
char *text_sanitize(const char *s);
/* Frees what input_normalize made. */
void text_free(struct text *t);

#endif
