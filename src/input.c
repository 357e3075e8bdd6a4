/* input.c: reading a letter and undoing the layout of its text extraction (see input.h). */
#include "input.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int input_read(const char *path, size_t max_size, unsigned char **bytes, size_t *size)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f)
		return errno;
	size_t cap = 8192, len = 0;
	unsigned char *data = xmalloc(cap);
	int err = 0;
	for (;;) {
		if (len == cap)
			data = xrealloc(data, cap *= 2);
		size_t n = fread(data + len, 1, cap - len, f);
		len += n;
		if (len > max_size) {
			err = EFBIG;
			break;
		}
		if (n == 0) {
			if (ferror(f))
				err = errno ? errno : EIO;
			break;
		}
	}
	if (f != stdin)
		fclose(f);
	if (err) {
		free(data);
		return err;
	}
	*bytes = data;
	*size = len;
	return 0;
}

const char *shape_name(enum shape shape)
{
	return shape == SHAPE_PDFBOX ? "pdfbox" : "pdftotext";
}

/* Length of the valid, shortest-form UTF-8 sequence at s (at most n bytes) and its code point in *cp, or 0 when
 * the bytes are not valid UTF-8 (overlong forms, surrogates and values past U+10FFFF are invalid). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

/* The normalised text being built, with its origin map. */
struct builder {
	struct buffer buf;
	size_t *origin;
	size_t origin_cap;
};

static void emit(struct builder *b, const char *s, size_t len, size_t origin)
{
	if (b->origin_cap < b->buf.len + len + 1) {
		while (b->origin_cap < b->buf.len + len + 1)
			b->origin_cap = b->origin_cap ? b->origin_cap * 2 : 4096;
		b->origin = xrealloc(b->origin, b->origin_cap * sizeof *b->origin);
	}
	for (size_t i = 0; i < len; i++)
		b->origin[b->buf.len + i] = origin;
	buffer_add(&b->buf, s, len);
}

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\f';
}

/* Where a physical line ends (before its terminator) and where the next one starts. */
static size_t line_end(const unsigned char *s, size_t size, size_t start, size_t *next)
{
	size_t i = start;
	while (i < size && s[i] != '\n' && s[i] != '\r')
		i++;
	*next = i;
	if (i < size)
		*next = (s[i] == '\r' && i + 1 < size && s[i + 1] == '\n') ? i + 2 : i + 1;
	return i;
}

/* pdfbox doubles every line: about as many empty lines as lines with text. pdftotext leaves few empty lines. */
static enum shape detect_shape(const unsigned char *s, size_t size, size_t start)
{
	size_t empty = 0, full = 0, next;
	for (size_t pos = start; pos < size; pos = next) {
		size_t end = line_end(s, size, pos, &next);
		if (end == pos)
			empty++;
		else
			full++;
	}
	return empty * 2 >= full ? SHAPE_PDFBOX : SHAPE_PDFTOTEXT;
}

/* Copies the characters of s[start, end) to b, replacing what XML cannot carry (C0 controls other than tab,
 * U+FFFE, U+FFFF) by U+FFFD and a form feed inside a line by a space. Counts replacements in *replaced and
 * remembers the first one's offset. */
static void emit_chars(struct builder *b, const unsigned char *s, size_t start, size_t end,
		       size_t *replaced, size_t *first_replaced)
{
	static const char replacement[] = "\xEF\xBF\xBD";
	size_t run = start;       /* start of the pending run of plain characters */
	for (size_t i = start; i < end;) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, end - i, &cp);
		int bad = (cp < 0x20 && cp != '\t' && cp != '\f') || cp == 0xFFFE || cp == 0xFFFF;
		if (!bad && cp != '\f') {
			i += len;
			continue;
		}
		for (size_t k = run; k < i; k++)
			emit(b, (const char *)s + k, 1, k);
		if (cp == '\f') {
			emit(b, " ", 1, i);
		} else {
			emit(b, replacement, 3, i);
			if ((*replaced)++ == 0)
				*first_replaced = i;
		}
		i += len;
		run = i;
	}
	for (size_t k = run; k < end; k++)
		emit(b, (const char *)s + k, 1, k);
}

int input_normalize(const struct source *src, struct text *out, struct diagnostics *d)
{
	const unsigned char *s = src->bytes;
	size_t size = src->size;
	size_t start = src->has_bom ? 3 : 0;
	memset(out, 0, sizeof *out);

	for (size_t i = start; i < size;) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, size - i, &cp);
		if (len == 0) {
			diag_at(d, SEVERITY_ERROR, i, "invalid UTF-8 (byte 0x%02X): expected the text of a letter", s[i]);
			return -1;
		}
		if (cp == 0) {
			diag_at(d, SEVERITY_ERROR, i, "NUL byte: expected the text of a letter, not a binary file");
			return -1;
		}
		i += len;
	}

	for (size_t i = start; i < size; i++) {
		if (s[i] != '\f')
			continue;
		if ((out->page_break_count & (out->page_break_count + 1)) == 0)   /* at 0, 1, 3, 7, ...: grow */
			out->page_breaks = xrealloc(out->page_breaks, 2 * (out->page_break_count + 1) * sizeof(size_t));
		out->page_breaks[out->page_break_count++] = i;
	}

	struct builder b = {0};
	enum shape shape = detect_shape(s, size, start);
	int pending_para = 0;          /* a paragraph mark was seen since the last line with text */
	size_t para_origin = 0;
	size_t held_newline = SIZE_MAX; /* origin of the '\n' withheld after a line ending in a hyphen */
	size_t replaced = 0, first_replaced = 0, next;

	for (size_t pos = start; pos < size; pos = next) {
		size_t end = line_end(s, size, pos, &next);
		size_t a = pos, z = end;
		while (a < z && is_blank(s[a]))
			a++;
		while (z > a && is_blank(s[z - 1]))
			z--;
		if (a == z) {
			/* pdfbox marks a paragraph with a line holding a space; other empty lines are layout. */
			if (shape == SHAPE_PDFBOX && memchr(s + pos, ' ', end - pos) && !pending_para) {
				pending_para = 1;
				para_origin = pos;
			}
			continue;
		}
		if (held_newline != SIZE_MAX && pending_para) {
			emit(&b, "\n", 1, held_newline);
		}
		held_newline = SIZE_MAX;
		if (pending_para && b.buf.len > 0) {
			emit(&b, "\n", 1, para_origin);
			out->paragraph_marks = 1;
		}
		pending_para = 0;
		emit_chars(&b, s, a, z, &replaced, &first_replaced);
		if (z - a >= 2 && s[z - 1] == '-' && !is_blank(s[z - 2]))
			held_newline = end;
		else
			emit(&b, "\n", 1, end);
	}
	if (held_newline != SIZE_MAX)
		emit(&b, "\n", 1, held_newline);
	if (replaced)
		diag_at(d, SEVERITY_WARNING, first_replaced,
			"%zu control character%s replaced by U+FFFD", replaced, replaced == 1 ? "" : "s");
	emit(&b, "", 0, size);
	b.origin[b.buf.len] = size;
	if (b.buf.len == 0) {
		diag_at(d, SEVERITY_ERROR, 0, "empty file: expected an IMR final determination letter");
		buffer_free(&b.buf);
		free(b.origin);
		text_free(out);
		return -1;
	}
	out->buf = b.buf.data;
	out->len = b.buf.len;
	out->origin = b.origin;
	out->shape = shape;
	return 0;
}

size_t text_page(const struct text *t, size_t original_offset)
{
	if (!t->page_break_count)
		return 0;
	size_t lo = 0, hi = t->page_break_count;      /* the number of form feeds before the offset */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->page_breaks[mid] < original_offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo + 1;
}

void text_free(struct text *t)
{
	free(t->buf);
	free(t->origin);
	free(t->page_breaks);
	memset(t, 0, sizeof *t);
}
