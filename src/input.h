/* SPDX-License-Identifier: GPL-3.0-or-later */
/* input.h: the input layer. Reads a letter into memory and undoes the layout of its text extraction, so that
 * the scanner sees logical lines, one paragraph break between paragraphs, and every byte maps back to the input. */
#ifndef IMRC_INPUT_H
#define IMRC_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* What the letter's text came from: a text extraction of one of two shapes, or a PDF that imrc read itself (its
 * text marks paragraphs as PDFBox's does, pages as pdftotext's). SHAPE_GUESS asks input_normalize to tell the
 * two extractions apart. */
enum shape { SHAPE_PDFBOX, SHAPE_PDFTOTEXT, SHAPE_PDF, SHAPE_GUESS };

/* The normalised text: each logical line ends in '\n'; an empty line is a paragraph break (never two in a row,
 * never first); leading and trailing blanks are gone; a line ending in a hyphen is joined to the next one.
 * origin[i] is the offset in the original input of buf[i]; origin[len] is the end of the input. */
struct text {
	char *buf;
	size_t len;
	uint32_t *origin;          /* 32 bits: an input is at most 512 MB (--max-size) */
	enum shape shape;
	size_t *page_breaks;       /* offsets of the input's form feeds, in order: where pages 2, 3, ... begin */
	size_t page_break_count;
};

/* The page (1, 2, ...) that the input offset is on, or 0 when the input has no form feeds. */
size_t text_page(const struct text *t, size_t original_offset);

/* Reads all of PATH ("-" = standard input) into *bytes (caller frees). Fails with an errno value when the file
 * can't be read, and with EFBIG when it is larger than max_size. Returns 0 on success. */
int input_read(const char *path, size_t max_size, unsigned char **bytes, size_t *size);

/* The length of a letter's file name without its extension, .txt or .pdf in any case ("a" of "a.TXT"); names
 * with another extension are whole. */
size_t input_stem_length(const char *name);

/* Paths, each allocated. */
struct path_list {
	char **paths;
	size_t count, cap;
};
void path_list_free(struct path_list *list);

/* Appends to list the paths (FOLDER/sub/name) of the letters under folder: its files named *.txt or *.pdf (any
 * case), its subfolders' in turn, each folder's entries in byte order of names; hidden entries (a name beginning
 * with '.') and symbolic links are passed over. Says "imrc: PATH: MESSAGE" on stderr for each folder it cannot
 * read, and goes on. Returns the number of such folders. */
size_t input_walk(const char *folder, struct path_list *list);

/* Makes *src of the bytes of an input as read (the caller keeps them until source_close), keeping src->name:
 * under ENCODING_AUTO an input that begins with a UTF-16 byte order mark (either byte order) is decoded into
 * UTF-8 that src then reads, src->raw keeping the bytes as read. Lines and columns are the same in the decoded
 * text as in the input: each character is one column in both, and the line breaks are the same. Marks a UTF-8
 * byte order mark and indexes the lines for messages. */
void source_open(struct source *src, const unsigned char *bytes, size_t size, enum encoding encoding);
/* Frees what source_open made; src is not to be read after it. */
void source_close(struct source *src);

/* Decodes src (in encoding, or by ENCODING_AUTO's rule; src->encoding records what it was read as) and
 * normalises it into *out, read as text of the given shape (SHAPE_GUESS: pdfbox when about every other line is
 * empty, else pdftotext; out->shape says which). Returns 0, or -1 after reporting an error in d (then *out is
 * empty). */
int input_normalize(struct source *src, enum encoding encoding, enum shape shape, struct text *out,
		    struct diagnostics *d);
const char *encoding_name(enum encoding encoding);
/* Names of the shapes and encodings in the XML. */
const char *shape_name(enum shape shape);

/* A copy of s (caller frees) in which bytes that are not valid UTF-8, C0 controls other than tab, and U+FFFE and
 * U+FFFF are U+FFFD: text that XML can carry (file names, for one). */
char *text_sanitize(const char *s);
/* Frees what input_normalize made. */
void text_free(struct text *t);

#endif
