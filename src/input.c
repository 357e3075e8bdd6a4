/* SPDX-License-Identifier: GPL-3.0-or-later */
/* input.c: reading a letter and undoing the layout of its text extraction (see input.h). */
#include "input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads with read(2): a regular file into a buffer of its size plus one byte, so that one read usually gets it
 * all: reading as many bytes as fstat said ends it; fewer or more, and the loop goes on until read says end of
 * file. Other files (pipes, terminals) grow the buffer as they come. Reads at most max_size + 1 bytes. */
int input_read(const char *path, size_t max_size, unsigned char **bytes, size_t *size)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	struct stat st;
	size_t expected = SIZE_MAX, cap = max_size < 8192 ? max_size + 1 : 8192, len = 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		if ((uintmax_t)st.st_size <= max_size)
			expected = (size_t)st.st_size;
		cap = (expected < max_size ? expected : max_size) + 1;
	}
	unsigned char *data = xmalloc(cap);
	int err = 0;
	for (;;) {
		if (len == cap) {
			cap = cap <= max_size / 2 ? cap * 2 : max_size + 1;     /* never more than max_size + 1 */
			data = xrealloc(data, cap);
		}
		ssize_t n = read(fd, data + len, cap - len);
		if (n < 0) {
			err = errno;
			break;
		}
		len += (size_t)n;
		if (len > max_size) {
			err = EFBIG;
			break;
		}
		if (n == 0 || len == expected)   /* all of a regular file that did not grow since fstat */
			break;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (err) {
		free(data);
		return err;
	}
	*bytes = data;
	*size = len;
	return 0;
}

size_t input_stem_length(const char *name)
{
	size_t len = strlen(name);
	if (len > 4 && (strcasecmp(name + len - 4, ".txt") == 0 || strcasecmp(name + len - 4, ".pdf") == 0))
		return len - 4;
	return len;
}

void path_list_free(struct path_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->paths[i]);
	free(list->paths);
	memset(list, 0, sizeof *list);
}

static int visible(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

static int in_byte_order(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Says "imrc: PATH: MESSAGE" for a folder or an entry that cannot be read. */
static void walk_error(const char *path, int err)
{
	char *name = diag_name(path);
	fprintf(stderr, "imrc: %s: %s\n", name, strerror(err));
	free(name);
}

size_t input_walk(const char *folder, struct path_list *list)
{
	struct dirent **entries;
	int n = scandir(folder, &entries, visible, in_byte_order);
	if (n < 0) {
		walk_error(folder, errno);
		return 1;
	}
	size_t failed = 0, len = strlen(folder);
	if (len && folder[len - 1] == '/')
		len--;
	for (int i = 0; i < n; i++) {
		const char *name = entries[i]->d_name;
		size_t size = len + strlen(name) + 2;
		char *path = xmalloc(size);
		snprintf(path, size, "%.*s/%s", (int)len, folder, name);
		struct stat st;
		if (lstat(path, &st) != 0) {
			walk_error(path, errno);
			failed++;
		} else if (S_ISDIR(st.st_mode)) {
			failed += input_walk(path, list);
		} else if (S_ISREG(st.st_mode) && input_stem_length(name) < strlen(name)) {
			if (list->count == list->cap)
				list->paths = xrealloc(list->paths, (list->cap = list->cap ? 2 * list->cap : 64) * sizeof *list->paths);
			list->paths[list->count++] = path;
			path = NULL;
		}
		free(path);
		free(entries[i]);
	}
	free(entries);
	return failed;
}

const char *encoding_name(enum encoding encoding)
{
	return encoding == ENCODING_CP1252 ? "cp1252" : encoding == ENCODING_LATIN1 ? "latin1"
	     : encoding == ENCODING_UTF16 ? "utf-16" : "utf-8";
}

/* Writes code point cp (at most U+10FFFF, no surrogate) as UTF-8 at out; returns its length. */
static size_t utf8_encode(uint32_t cp, unsigned char *out)
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xC0 | cp >> 6);
		out[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xE0 | cp >> 12);
		out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (unsigned char)(0xF0 | cp >> 18);
	out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Decodes src->raw, UTF-16 from its byte order mark on (little-endian when le), into UTF-8 that src then holds:
 * the mark becomes UTF-8's, a surrogate pair one character, and an unpaired surrogate (or a last odd byte)
 * U+FFFD, counted in src->utf16_replaced. A code unit gives at most three bytes, a pair four. */
static void decode_utf16(struct source *src, int le)
{
	const unsigned char *s = src->raw;
	size_t n = src->raw_size;
	unsigned char *out = xmalloc(n / 2 * 3 + 4), *o = out;
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0xD800;     /* a last odd byte: as bad as an unpaired surrogate */
		if (n - i >= 2) {
			cp = le ? (uint32_t)(s[i] | s[i + 1] << 8) : (uint32_t)(s[i] << 8 | s[i + 1]);
			i += 2;
			uint32_t low = n - i >= 2 ? (le ? (uint32_t)(s[i] | s[i + 1] << 8) : (uint32_t)(s[i] << 8 | s[i + 1])) : 0;
			if (cp >= 0xD800 && cp <= 0xDBFF && low >= 0xDC00 && low <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
				i += 2;
			}
		} else {
			i = n;
		}
		if (cp >= 0xD800 && cp <= 0xDFFF) {
			if (src->utf16_replaced++ == 0)
				src->first_utf16_replaced = (size_t)(o - out);
			cp = 0xFFFD;
		}
		o += utf8_encode(cp, o);
	}
	src->bytes = out;
	src->size = (size_t)(o - out);
	src->encoding = ENCODING_UTF16;
}

void source_open(struct source *src, const unsigned char *bytes, size_t size, enum encoding encoding)
{
	*src = (struct source){.name = src->name, .bytes = bytes, .size = size, .raw = bytes, .raw_size = size};
	if (encoding == ENCODING_AUTO && size >= 2 && (memcmp(bytes, "\xFF\xFE", 2) == 0 || memcmp(bytes, "\xFE\xFF", 2) == 0))
		decode_utf16(src, bytes[0] == 0xFF);
	src->has_bom = src->size >= 3 && memcmp(src->bytes, "\xEF\xBB\xBF", 3) == 0;
	source_index_lines(src);
}

void source_close(struct source *src)
{
	if (src->bytes != src->raw)
		free((unsigned char *)src->bytes);    /* the UTF-8 that decode_utf16 made */
	source_free_lines(src);
}

const char *shape_name(enum shape shape)
{
	return shape == SHAPE_PDFBOX ? "pdfbox" : shape == SHAPE_PDF ? "pdf" : "pdftotext";
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

/* The offset of the first byte of s[i, end) that is a C0 control (a tab, a line break) or not ASCII, or end.
 * Looks at eight bytes at a time: printable ASCII is most of a letter. */
static size_t skip_plain(const unsigned char *s, size_t i, size_t end)
{
	const uint64_t ones = 0x0101010101010101u;
	for (uint64_t w, hit; end - i >= 8; i += 8) {
		memcpy(&w, s + i, 8);
		/* the high bit of each byte below 0x20 or above 0x7F, exact up to the first such byte */
		if ((hit = ((w - 0x20 * ones) | w) & 0x80 * ones)) {
#if defined __GNUC__ && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return i + (size_t)__builtin_ctzll(hit) / 8;
#else
			break;
#endif
		}
	}
	while (i < end && s[i] >= 0x20 && s[i] < 0x80)
		i++;
	return i;
}

/* What one pass over the input finds: what tells a binary file, whether it is UTF-8, and its shape. */
struct scan {
	size_t nul;                /* offset of the first NUL byte, or the input's size */
	size_t controls;           /* C0 controls other than tab, line feed, carriage return and form feed */
	size_t first_control;      /* offset of the first of them */
	size_t invalid;            /* offset of the first byte that is not valid UTF-8 (when checked), or the size */
	size_t empty, full;        /* physical lines without characters and with */
	size_t blank;              /* lines of blanks only (PDFBox's paragraph marks), counted in full */
	size_t form_feeds;
};

/* Scans s[start, size) once; checks UTF-8 when utf8 is set. Stops at the first NUL byte (then the line counts
 * are partial). Lines end as in line_end, and are the same in the decoded text: a single-byte encoding turns
 * each byte into at least one, and only \n and \r into \n and \r. */
static void scan(const unsigned char *s, size_t size, size_t start, int utf8, struct scan *r)
{
	*r = (struct scan){.nul = size, .first_control = size, .invalid = size};
	size_t line = start;       /* where the current line starts */
	for (size_t i = skip_plain(s, start, size); i < size; i = skip_plain(s, i, size)) {
		unsigned char c = s[i];
		if (c == '\n' || c == '\r') {
			if (i == line) {
				r->empty++;
			} else {
				r->full++;
				size_t b = line;
				while (b < i && (s[b] == ' ' || s[b] == '\t'))
					b++;
				r->blank += b == i;
			}
			i += c == '\r' && i + 1 < size && s[i + 1] == '\n' ? 2 : 1;
			line = i;
		} else if (c >= 0x80) {
			uint32_t cp;
			size_t len = utf8 && r->invalid == size ? utf8_decode(s + i, size - i, &cp) : 1;
			if (len == 0) {
				r->invalid = i;
				len = 1;
			}
			i += len;
		} else if (c == 0) {
			r->nul = i;
			return;
		} else {
			r->form_feeds += c == '\f';
			if (c != '\t' && c != '\f' && r->controls++ == 0)
				r->first_control = i;
			i++;
		}
	}
	if (line < size)
		r->full++;
}

/* The normalised text being built, with its origin map; sized once, so it does not grow as a rule. */
struct builder {
	char *buf;
	uint32_t *origin;
	size_t len, cap;           /* cap counts bytes of buf and entries of origin */
};

/* The input offset of offset i of the decoded text: map is NULL when the input was UTF-8 (the same bytes). */
static size_t orig(const uint32_t *map, size_t i)
{
	return map ? map[i] : i;
}

/* Makes room for len more bytes and their origins, and for the final NUL and origin. */
static void reserve(struct builder *b, size_t len)
{
	size_t need = b->len + len + 1;
	if (b->cap >= need)
		return;
	b->cap = b->cap * 2 > need ? b->cap * 2 : need;
	b->buf = xrealloc(b->buf, b->cap);
	b->origin = xrealloc(b->origin, b->cap * sizeof *b->origin);
}

/* Appends len bytes that all come from the input offset origin (a replacement, a line break). */
static void emit(struct builder *b, const char *s, size_t len, size_t origin)
{
	reserve(b, len);
	for (size_t i = 0; i < len; i++) {
		b->buf[b->len] = s[i];
		b->origin[b->len++] = (uint32_t)origin;
	}
}

/* Appends the decoded bytes s[from, to) as they are, each from its own input offset. */
static void emit_run(struct builder *b, const unsigned char *s, const uint32_t *map, size_t from, size_t to)
{
	size_t n = to - from;
	reserve(b, n);
	uint32_t *origin = b->origin + b->len;
	memcpy(b->buf + b->len, s + from, n);
	if (map)
		memcpy(origin, map + from, n * sizeof *origin);
	else {
		size_t k = 0;
		for (; k + 4 <= n; k += 4) {   /* four at a time: a quarter of the loop's steps */
			origin[k] = (uint32_t)(from + k);
			origin[k + 1] = (uint32_t)(from + k + 1);
			origin[k + 2] = (uint32_t)(from + k + 2);
			origin[k + 3] = (uint32_t)(from + k + 3);
		}
		for (; k < n; k++)
			origin[k] = (uint32_t)(from + k);
	}
	b->len += n;
}

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\f';
}

/* Where a physical line ends (before its terminator: \n, \r\n or a lone \r) and where the next one starts.
 * *plain says whether the line holds printable ASCII only (nothing for emit_chars to look at). */
static size_t line_end(const unsigned char *s, size_t size, size_t start, size_t *next, int *plain)
{
	size_t i = skip_plain(s, start, size);
	*plain = 1;
	while (i < size && s[i] != '\n' && s[i] != '\r') {
		*plain = 0;
		i = skip_plain(s, i + 1, size);
	}
	*next = i;
	if (i < size)
		*next = (s[i] == '\r' && i + 1 < size && s[i + 1] == '\n') ? i + 2 : i + 1;
	return i;
}

/* Copies the characters of s[start, end) (valid UTF-8) to b, replacing what XML cannot carry (C0 controls other
 * than tab, U+FFFE, U+FFFF) by U+FFFD and a form feed inside a line by a space. Counts replacements in *replaced
 * and remembers the first one's offset. */
static void emit_chars(struct builder *b, const unsigned char *s, const uint32_t *map, size_t start, size_t end,
		       size_t *replaced, size_t *first_replaced)
{
	static const char replacement[] = "\xEF\xBF\xBD";
	size_t run = start;       /* start of the pending run of plain characters */
	for (size_t i = skip_plain(s, start, end); i < end; i = skip_plain(s, i, end)) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, end - i, &cp);
		int bad = (cp < 0x20 && cp != '\t' && cp != '\f') || cp == 0xFFFE || cp == 0xFFFF;
		if (!bad && cp != '\f') {
			i += len;
			continue;
		}
		emit_run(b, s, map, run, i);
		if (cp == '\f') {
			emit(b, " ", 1, orig(map, i));
		} else {
			emit(b, replacement, 3, orig(map, i));
			if ((*replaced)++ == 0)
				*first_replaced = orig(map, i);
		}
		i += len;
		run = i;
	}
	emit_run(b, s, map, run, end);
}

char *text_sanitize(const char *s)
{
	size_t len = strlen(s);
	struct buffer out = {0};
	buffer_add(&out, "", 0);
	for (size_t i = 0; i < len;) {
		size_t plain = skip_plain((const unsigned char *)s, i, len);
		buffer_add(&out, s + i, plain - i);
		if ((i = plain) == len)
			break;
		uint32_t cp;
		size_t n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n == 0 || (cp < 0x20 && cp != '\t') || cp == 0xFFFE || cp == 0xFFFF) {
			buffer_adds(&out, "\xEF\xBF\xBD");
			i += n ? n : 1;
		} else {
			buffer_add(&out, s + i, n);
			i += n;
		}
	}
	return out.data;
}

/* Decodes a single-byte encoding into UTF-8 with iconv, one input byte at a time so that *map can say which
 * byte each output byte came from. Bytes the encoding leaves undefined become U+FFFD, with one warning. */
static int decode_single_byte(struct source *src, size_t start, const char *charset, unsigned char **out,
			      size_t *out_size, uint32_t **map, struct diagnostics *d)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1) {
		diag_at(d, SEVERITY_ERROR, 0, "cannot read %s here: %s", charset, strerror(errno));
		return -1;
	}
	unsigned char *buf = xmalloc(src->size * 3 + 1);
	uint32_t *where = xmalloc((src->size * 3 + 1) * sizeof *where);
	size_t n = 0, undefined = 0, first_undefined = 0;
	for (size_t i = start; i < src->size; i++) {
		char in = (char)src->bytes[i], *inp = &in, *outp = (char *)buf + n;
		size_t inleft = 1, outleft = 3;
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &inp, &inleft, &outp, &outleft) == (size_t)-1) {
			memcpy(buf + n, "\xEF\xBF\xBD", 3);
			outp = (char *)buf + n + 3;
			if (undefined++ == 0)
				first_undefined = i;
		}
		for (size_t k = n; k < (size_t)(outp - (char *)buf); k++)
			where[k] = (uint32_t)i;
		n = (size_t)(outp - (char *)buf);
	}
	iconv_close(cd);
	where[n] = (uint32_t)src->size;
	if (undefined)
		diag_at(d, SEVERITY_WARNING, first_undefined, "%zu byte%s undefined in %s replaced by U+FFFD", undefined,
			undefined == 1 ? "" : "s", charset);
	*out = buf;
	*out_size = n;
	*map = where;
	return 0;
}

int input_normalize(struct source *src, enum encoding encoding, enum shape shape, struct text *out,
		    struct diagnostics *d)
{
	memset(out, 0, sizeof *out);
	if (src->size >= UINT32_MAX) {     /* origins are 32 bits; --max-size stops at 512 MB */
		diag_at(d, SEVERITY_ERROR, 0, "larger than 4 GB: not a letter");
		return -1;
	}
	const unsigned char *s = src->bytes;
	size_t size = src->size;
	uint32_t *map = NULL;
	int utf16 = src->encoding == ENCODING_UTF16;    /* source_open decoded it into UTF-8 */
	if (utf16)
		encoding = ENCODING_UTF8;
	size_t start = (encoding == ENCODING_AUTO || encoding == ENCODING_UTF8) && src->has_bom ? 3 : 0;
	unsigned char *decoded = NULL;

	/* binary: a NUL byte, or more than one byte in a hundred a control character (a stray one in a letter
	 * becomes U+FFFD below, with a warning) */
	struct scan sc;
	scan(s, size, start, encoding == ENCODING_AUTO || encoding == ENCODING_UTF8, &sc);
	if (sc.nul < size || sc.controls * 100 > size) {
		size_t binary = sc.nul < size ? sc.nul : sc.first_control;
		diag_at(d, SEVERITY_ERROR, binary, "%s: expected the text of a letter, not a binary file",
			s[binary] ? "control characters" : "NUL byte");
		return -1;
	}
	if (encoding == ENCODING_AUTO || encoding == ENCODING_UTF8) {
		size_t bad = sc.invalid;
		if (bad < size && encoding == ENCODING_UTF8) {
			diag_at(d, SEVERITY_ERROR, bad, "invalid UTF-8 (byte 0x%02X): expected the text of a letter", s[bad]);
			return -1;
		}
		if (bad < size) {
			diag_at(d, SEVERITY_WARNING, bad, "not UTF-8 (byte 0x%02X): read as Windows-1252", s[bad]);
			encoding = ENCODING_CP1252;
		} else {
			encoding = ENCODING_UTF8;
		}
	}
	src->encoding = utf16 ? ENCODING_UTF16 : encoding;
	if (src->utf16_replaced)
		diag_at(d, SEVERITY_WARNING, src->first_utf16_replaced, "%zu unpaired UTF-16 surrogate%s replaced by U+FFFD",
			src->utf16_replaced, src->utf16_replaced == 1 ? "" : "s");
	if (encoding != ENCODING_UTF8) {
		/* a UTF-8 byte order mark stays dropped: the decoded text starts after it */
		if (decode_single_byte(src, start, encoding == ENCODING_CP1252 ? "CP1252" : "ISO-8859-1", &decoded, &size,
				       &map, d) != 0)
			return -1;
		s = decoded;
		start = 0;
	}

	for (const unsigned char *ff = s + start; (ff = memchr(ff, '\f', size - (size_t)(ff - s))); ff++) {
		size_t i = (size_t)(ff - s);
		if ((out->page_break_count & (out->page_break_count + 1)) == 0)   /* at 0, 1, 3, 7, ...: grow */
			out->page_breaks = xrealloc(out->page_breaks, 2 * (out->page_break_count + 1) * sizeof(size_t));
		out->page_breaks[out->page_break_count++] = orig(map, i);
	}

	/* PDFBox text: every line doubled (about as many empty lines as lines with text), or, from its ExtractText
	 * command, single lines with a line of blanks between paragraphs and no form feed (pdftotext ends every page
	 * with one, and leaves few empty lines and no line of blanks). */
	if (shape == SHAPE_GUESS)
		shape = sc.empty * 2 >= sc.full || (sc.blank && !sc.form_feeds) ? SHAPE_PDFBOX : SHAPE_PDFTOTEXT;
	/* the text is at most as long as the input, but for two more bytes a replaced control and a last '\n' */
	struct builder b = {0};
	reserve(&b, size - start + 2 * sc.controls + 1);
	int pending_para = 0;          /* a paragraph mark was seen since the last line with text */
	size_t para_origin = 0;
	size_t held_newline = SIZE_MAX; /* origin of the '\n' withheld after a line ending in a hyphen */
	size_t replaced = 0, first_replaced = 0, next;
	int plain;

	for (size_t pos = start; pos < size; pos = next) {
		size_t end = line_end(s, size, pos, &next, &plain);
		size_t a = pos, z = end;
		while (a < z && is_blank(s[a]))
			a++;
		while (z > a && is_blank(s[z - 1]))
			z--;
		if (a == z) {
			/* PDFBox marks a paragraph with a line holding a space; other empty lines are layout. The marks may
			 * be there in places only: the scanner also finds where headings begin (letter.l). */
			if (memchr(s + pos, ' ', end - pos) && !pending_para) {
				pending_para = 1;
				para_origin = orig(map, pos);
			}
			continue;
		}
		if (held_newline != SIZE_MAX && pending_para) {
			emit(&b, "\n", 1, held_newline);
		}
		held_newline = SIZE_MAX;
		if (pending_para && b.len > 0) {
			emit(&b, "\n", 1, para_origin);
		}
		pending_para = 0;
		if (plain)
			emit_run(&b, s, map, a, z);
		else
			emit_chars(&b, s, map, a, z, &replaced, &first_replaced);
		if (z - a >= 2 && s[z - 1] == '-' && !is_blank(s[z - 2]))
			held_newline = orig(map, end);
		else
			emit(&b, "\n", 1, orig(map, end));
	}
	if (held_newline != SIZE_MAX)
		emit(&b, "\n", 1, held_newline);
	if (replaced)
		diag_at(d, SEVERITY_WARNING, first_replaced,
			"%zu control character%s replaced by U+FFFD", replaced, replaced == 1 ? "" : "s");
	free(decoded);
	free(map);
	if (b.len == 0) {
		diag_at(d, SEVERITY_ERROR, 0, "empty file: expected an IMR final determination letter");
		free(b.buf);
		free(b.origin);
		text_free(out);
		return -1;
	}
	b.buf[b.len] = '\0';
	b.origin[b.len] = (uint32_t)src->size;
	out->buf = b.buf;
	out->len = b.len;
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
