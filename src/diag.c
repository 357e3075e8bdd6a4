/* SPDX-License-Identifier: GPL-3.0-or-later */
/* diag.c: line map and message formatting (see diag.h). */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One memchr a line: the next '\n' and the next '\r' are each looked for again only once passed, so a file
 * without a '\r' costs a single search for it. */
void source_index_lines(struct source *src)
{
	const unsigned char *s = src->bytes;
	size_t size = src->size, cap = 64, n = 0;
	size_t *starts = xmalloc(cap * sizeof *starts);
	starts[n++] = 0;
	const unsigned char *nl = NULL, *cr = NULL;   /* the next ones, NULL when there are none */
	if (size) {
		nl = memchr(s, '\n', size);
		cr = memchr(s, '\r', size);
	}
	for (size_t i = 0; i < size; i++) {
		if (nl && (size_t)(nl - s) < i)
			nl = memchr(s + i, '\n', size - i);
		if (cr && (size_t)(cr - s) < i)
			cr = memchr(s + i, '\r', size - i);
		size_t end = nl ? (size_t)(nl - s) : size;
		if (cr && (size_t)(cr - s) < end)          /* a CR ends a line first */
			end = (size_t)(cr - s);
		if (end == size)
			break;
		i = end;
		if (s[i] == '\r' && i + 1 < size && s[i + 1] == '\n')
			i++;
		if (n == cap)
			starts = xrealloc(starts, (cap *= 2) * sizeof *starts);
		starts[n++] = i + 1;
	}
	src->line_starts = starts;
	src->line_count = n;
}

void source_free_lines(struct source *src)
{
	free(src->line_starts);
	src->line_starts = NULL;
	src->line_count = 0;
}

size_t source_line(const struct source *src, size_t offset)
{
	return last_at_most(src->line_starts, src->line_count, offset) + 1;
}

void source_position(const struct source *src, size_t offset, size_t *line, size_t *col)
{
	if (offset > src->size)
		offset = src->size;
	size_t lo = source_line(src, offset) - 1;
	size_t chars = 0;
	int single_byte = src->encoding == ENCODING_CP1252 || src->encoding == ENCODING_LATIN1;
	for (size_t i = src->line_starts[lo]; i < offset; i++)
		if (single_byte || (src->bytes[i] & 0xC0) != 0x80)
			chars++;
	if (lo == 0 && src->has_bom && offset >= 3)      /* the byte order mark is no column */
		chars -= single_byte ? 3 : 1;
	*line = lo + 1;
	*col = chars + 1;
}

void diag_vat(struct diagnostics *d, enum severity sev, size_t offset, const char *fmt, va_list ap)
{
	if (sev == SEVERITY_ERROR)
		d->errors++;
	else
		d->warnings++;
	int promoted = sev == SEVERITY_WARNING && d->strict;
	if (sev == SEVERITY_WARNING && ((d->quiet && !promoted) || d->warnings > DIAG_MAX_WARNINGS))
		return;
	size_t line, col;
	source_position(d->src, offset, &line, &col);
	char head[64];
	snprintf(head, sizeof head, ":%zu:%zu: %s: ", line, col, sev == SEVERITY_ERROR || promoted ? "error" : "warning");
	diag_add_name(&d->text, d->src->name);
	buffer_adds(&d->text, head);
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n > 0) {
		char *msg = xmalloc((size_t)n + 1);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		buffer_add(&d->text, msg, (size_t)n);
		free(msg);
	}
	if (promoted)
		buffer_adds(&d->text, " [--strict]");
	buffer_addc(&d->text, '\n');
}

void diag_at(struct diagnostics *d, enum severity sev, size_t offset, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vat(d, sev, offset, fmt, ap);
	va_end(ap);
}

void diag_finish(struct diagnostics *d)
{
	if ((d->quiet && !d->strict) || d->warnings <= DIAG_MAX_WARNINGS)
		return;
	char line[128];
	snprintf(line, sizeof line, ":1:1: warning: %d more warnings not shown\n", d->warnings - DIAG_MAX_WARNINGS);
	diag_add_name(&d->text, d->src->name);
	buffer_adds(&d->text, line);
}

/* The length of the UTF-8 sequence at s that a terminal shows as a printable character (at least 2 bytes, no C1
 * control U+0080..U+009F), or 0. */
static size_t printable_sequence(const unsigned char *s)
{
	size_t len = s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return len == 2 && s[0] == 0xC2 && s[1] < 0xA0 ? 0 : len;
}

void diag_add_name(struct buffer *b, const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	while (*s) {
		size_t run = 0, len = 0;
		while (s[run] >= 0x20 && s[run] != 0x7F && (s[run] < 0x80 || (len = printable_sequence(s + run))))
			run += s[run] < 0x80 ? 1 : len;
		buffer_add(b, (const char *)s, run);
		s += run;
		if (*s) {
			char hex[5];
			snprintf(hex, sizeof hex, "\\x%02x", *s++);
			buffer_adds(b, hex);
		}
	}
}

char *diag_name(const char *name)
{
	struct buffer b = {0};
	diag_add_name(&b, name);
	return b.data ? b.data : xstrndup("", 0);
}

struct diag_mark diag_mark(const struct diagnostics *d)
{
	return (struct diag_mark){d->text.len, d->errors};
}

void diag_drop_errors_since(struct diagnostics *d, struct diag_mark mark)
{
	d->text.len = mark.len;
	if (d->text.data)
		d->text.data[mark.len] = '\0';
	d->errors = mark.errors;
}
