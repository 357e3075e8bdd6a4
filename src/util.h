/* SPDX-License-Identifier: GPL-3.0-or-later */
/* util.h: allocation that never returns NULL, a per-letter arena, a growable byte buffer. */
#ifndef IMRC_UTIL_H
#define IMRC_UTIL_H

#include <regex.h>
#include <stddef.h>
#include <string.h>

/* Allocation wrappers: on out-of-memory they print a message and exit(4). */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrndup(const char *s, size_t len);

/* Compiles an extended, case-insensitive POSIX pattern of ours; a bad one is our bug: message, exit(4). */
void pattern_compile(regex_t *re, const char *pattern);

/* The index of the last of the n ascending values v that is at most x (0 when there is none). */
size_t last_at_most(const size_t *v, size_t n, size_t x);

/* An arena owns every node and string of one letter; arena_free releases them all at once. */
struct arena {
	struct arena_block *blocks;
};
void *arena_alloc(struct arena *arena, size_t size);          /* zeroed, aligned for any type */
char *arena_strndup(struct arena *arena, const char *s, size_t len);
void arena_free(struct arena *arena);

/* A growable byte buffer; data is always NUL-terminated. */
struct buffer {
	char *data;
	size_t len, cap;
};
/* Makes room for len more bytes and the NUL. */
void buffer_grow(struct buffer *buf, size_t len);

/* Appending, inline: the serialisers append many short pieces. */
static inline void buffer_add(struct buffer *buf, const char *s, size_t len)
{
	if (buf->cap - buf->len <= len)
		buffer_grow(buf, len);
	memcpy(buf->data + buf->len, s, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
}

static inline void buffer_addc(struct buffer *buf, char c)
{
	buffer_add(buf, &c, 1);
}

static inline void buffer_adds(struct buffer *buf, const char *s)
{
	buffer_add(buf, s, strlen(s));
}

/* A data file of grammar/ embedded in the binary (src/embed.S): lines of KIND, a tab and TEXT; lines that begin
 * with '#' and lines without a tab are comments. */
struct vocab_entry {
	const char *kind, *text;
	size_t len;                /* of text */
};
struct vocab {
	struct vocab_entry *entries;
	size_t count;
	char *data;                /* the copy the entries point into */
};
/* Reads the data file [start, end) into *v (freed by vocab_free). */
void vocab_parse(struct vocab *v, const char *start, const char *end);
void vocab_free(struct vocab *v);
/* The entries of kind, in the file's order, as a new array (caller frees) of *count entries and a NULL. */
const struct vocab_entry **vocab_kind(const struct vocab *v, const char *kind, size_t *count);

void buffer_clear(struct buffer *buf);       /* empty again (data stays allocated) */
void buffer_free(struct buffer *buf);

#endif
