/* SPDX-License-Identifier: GPL-3.0-or-later */
/* util.c: allocation wrappers, arena and buffer (see util.h). */
#include "util.h"

#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(void)
{
	fputs("imrc: out of memory\n", stderr);
	exit(4);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

char *xstrndup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void pattern_compile(regex_t *re, const char *pattern)
{
	int rc = regcomp(re, pattern, REG_EXTENDED | REG_ICASE);
	if (rc != 0) {
		char msg[256];
		regerror(rc, re, msg, sizeof msg);
		fprintf(stderr, "imrc: internal error: pattern %s: %s\n", pattern, msg);
		exit(4);
	}
}

size_t last_at_most(const size_t *v, size_t n, size_t x)
{
	size_t lo = 0, hi = n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

enum { ARENA_BLOCK = 16384 };

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

/* size bytes of the arena, aligned for any object, not cleared. */
static void *arena_take(struct arena *arena, size_t size)
{
	size = (size + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
	struct arena_block *b = arena->blocks;
	if (!b || b->size - b->used < size) {
		size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
		b = xmalloc(sizeof *b + cap);
		b->size = cap;
		b->used = 0;
		b->next = arena->blocks;
		arena->blocks = b;
	}
	void *p = b->data + b->used;
	b->used += size;
	return p;
}

void *arena_alloc(struct arena *arena, size_t size)
{
	return memset(arena_take(arena, size), 0, size);
}

char *arena_strndup(struct arena *arena, const char *s, size_t len)
{
	char *p = arena_take(arena, len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void arena_free(struct arena *arena)
{
	struct arena_block *b = arena->blocks;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	arena->blocks = NULL;
}

void buffer_grow(struct buffer *buf, size_t len)
{
	size_t cap = buf->cap ? buf->cap : 256;
	while (cap - buf->len <= len)
		cap *= 2;
	buf->data = xrealloc(buf->data, cap);
	buf->cap = cap;
}

void buffer_clear(struct buffer *buf)
{
	buf->len = 0;
	if (buf->data)
		buf->data[0] = '\0';
}

void buffer_free(struct buffer *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = buf->cap = 0;
}

void vocab_parse(struct vocab *v, const char *start, const char *end)
{
	size_t size = (size_t)(end - start), lines = 1;
	v->data = xstrndup(start, size);
	for (size_t i = 0; i < size; i++)
		lines += v->data[i] == '\n';
	v->entries = xcalloc(lines, sizeof *v->entries);
	v->count = 0;
	for (char *line = v->data, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || !tab)
			continue;
		*tab = '\0';
		v->entries[v->count++] = (struct vocab_entry){line, tab + 1, strlen(tab + 1)};
	}
}

const struct vocab_entry **vocab_kind(const struct vocab *v, const char *kind, size_t *count)
{
	const struct vocab_entry **list = xcalloc(v->count + 1, sizeof *list);
	*count = 0;
	for (size_t i = 0; i < v->count; i++)
		if (strcmp(v->entries[i].kind, kind) == 0)
			list[(*count)++] = &v->entries[i];
	return list;
}

void vocab_free(struct vocab *v)
{
	free(v->entries);
	free(v->data);
	*v = (struct vocab){0};
}
