/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_backends.c: libFuzzer target for one letter through compile_letter() with each backend but XML (the XML
 * one is fuzz_letter.c's).
 *
 * Contract: for any bytes, compile_letter() with FORMAT_JSON, FORMAT_CSV (each of its tables), FORMAT_TEXT and
 * FORMAT_TREE returns without a crash, a leak or undefined behaviour, and
 *   - STATUS_OK: the output is non-empty (but for the citations table: a letter may cite nothing) and
 *       JSON: parses back with json-c (strict, UTF-8 checked) into one object, with nothing after it but
 *             blanks, and no raw control character in a string;
 *       CSV: RFC 4180 records ending in CRLF, each with as many fields as its table's csv_header (quoted
 *            fields counted properly: a comma or a line break inside quotes is part of the field);
 *       TEXT, TREE: valid UTF-8;
 *   - STATUS_REJECTED: at least one error was reported and the output is empty;
 *   - anything else is a bug, and so is a status that differs between the backends (they share every phase
 *     but the last, which cannot reject).
 * A broken contract calls abort(), which libFuzzer records as a crash. The source is built from the bytes
 * exactly as compile_one() in src/batch.c builds it (without the header row a CSV file gets there). Built by
 * `make fuzz`. */
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "render.h"

#define FORMATS 6
static const struct backend {
	const char *name;
	enum format format;
	enum csv_table table;      /* of FORMAT_CSV */
} backends[FORMATS] = {
	{"json", FORMAT_JSON, TABLE_ITEMS}, {"csv items", FORMAT_CSV, TABLE_ITEMS},
	{"csv citations", FORMAT_CSV, TABLE_CITATIONS}, {"csv letters", FORMAT_CSV, TABLE_LETTERS},
	{"text", FORMAT_TEXT, TABLE_ITEMS}, {"tree", FORMAT_TREE, TABLE_ITEMS},
};

static struct compiler compilers[FORMATS];
static struct compile_thread threads[FORMATS];
static json_tokener *tokener;
static size_t csv_fields[FORMATS]; /* fields in the header of each CSV backend's table */

/* Deeper than any letter's JSON (the grammar fixes the depth); json-c's default of 32 is a limit of ours. */
#define JSON_MAX_DEPTH 1024

/* The number of fields of one RFC 4180 record at s[*pos], which moves past the record's CRLF. Returns 0 when
 * the bytes are not such a record: a quote inside an unquoted field, a lone CR or LF outside quotes, anything
 * but a comma or CRLF after a closing quote, an unclosed quote, or no CRLF at the end. */
static size_t csv_record(const char *s, size_t len, size_t *pos)
{
	size_t i = *pos, fields = 1;
	for (;;) {
		if (i < len && s[i] == '"') {          /* quoted: up to a quote not followed by a quote */
			for (i++;; i++) {
				if (i >= len)
					return 0;
				if (s[i] == '"') {
					if (i + 1 < len && s[i + 1] == '"')
						i++;
					else
						break;
				}
			}
			i++;
		} else {                               /* unquoted: no quote, CR or LF */
			while (i < len && s[i] != ',' && s[i] != '"' && s[i] != '\r' && s[i] != '\n')
				i++;
		}
		if (i < len && s[i] == ',') {
			i++;
			fields++;
			continue;
		}
		if (i + 1 < len && s[i] == '\r' && s[i + 1] == '\n') {
			*pos = i + 2;
			return fields;
		}
		return 0;
	}
}

/* Whether s[0..len) is one or more CRLF-terminated RFC 4180 records of exactly `fields` fields each. */
static int csv_valid(const char *s, size_t len, size_t fields)
{
	if (len == 0)
		return 0;
	for (size_t pos = 0; pos < len;)
		if (csv_record(s, len, &pos) != fields)
			return 0;
	return 1;
}

/* Whether s[0..len) is valid UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. */
static int utf8_valid(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n;
		unsigned lo = 0x80, hi = 0xBF;         /* range of the first continuation byte */
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			return 0;
		}
		if (len - i <= n || s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (size_t k = 2; k <= n; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return 0;
		i += n + 1;
	}
	return 1;
}

/* Whether no string of the JSON text s[0..len) holds a raw control character (RFC 8259 wants them escaped;
 * json-c reads them even when strict). Outside strings, only blanks may be, which the parser checks. */
static int json_strings_escaped(const char *s, size_t len)
{
	int in_string = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (in_string && c < 0x20)
			return 0;
		if (in_string && c == '\\')
			i++;
		else if (c == '"')
			in_string = !in_string;
	}
	return 1;
}

/* Whether out (NUL-terminated at out->len) is one JSON object, followed by nothing but JSON blanks. */
static int json_valid(const struct buffer *out)
{
	if (out->len > INT32_MAX - 1)
		return 0;
	if (!json_strings_escaped(out->data, out->len)) {
		fputs("fuzz_backends: JSON has a raw control character in a string\n", stderr);
		return 0;
	}
	json_tokener_reset(tokener);
	/* the length takes in the NUL, as json-c asks when the input ends there */
	json_object *obj = json_tokener_parse_ex(tokener, out->data, (int)out->len + 1);
	enum json_tokener_error err = json_tokener_get_error(tokener);
	int ok = obj && err == json_tokener_success && json_object_is_type(obj, json_type_object);
	if (!ok)
		fprintf(stderr, "fuzz_backends: JSON does not parse back into an object: %s\n",
			obj ? json_type_to_name(json_object_get_type(obj)) : json_tokener_error_desc(err));
	json_object_put(obj);
	if (!ok)
		return 0;
	size_t end = json_tokener_get_parse_end(tokener);
	if (end > out->len)
		return 0;
	size_t rest = strspn(out->data + end, " \t\r\n");
	if (end + rest != out->len) {
		fprintf(stderr, "fuzz_backends: JSON has trailing bytes at offset %zu\n", end + rest);
		return 0;
	}
	return 1;
}

/* Whether the output of backend i for a letter compiled with STATUS_OK keeps its contract (see the top). */
static int output_valid(int i, const struct buffer *out)
{
	if (backends[i].format == FORMAT_CSV && backends[i].table == TABLE_CITATIONS && out->len == 0)
		return 1;
	if (out->len == 0 || !out->data)
		return 0;
	switch (backends[i].format) {
	case FORMAT_JSON:
		return json_valid(out);
	case FORMAT_CSV:
		return csv_valid(out->data, out->len, csv_fields[i]);
	case FORMAT_TEXT:
	case FORMAT_TREE:
		return utf8_valid((const unsigned char *)out->data, out->len);
	default:
		return 0;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	for (int i = 0; i < FORMATS; i++) {
		if (compiler_init(&compilers[i], backends[i].format, ENCODING_AUTO, 1) != 0)
			abort();
		compilers[i].table = backends[i].table;
		csv_fields[i] = 1;
		for (const char *c = csv_header(backends[i].table); *c; c++)
			csv_fields[i] += *c == ',';
		compile_thread_init(&threads[i], &compilers[i]);
	}
	if (!(tokener = json_tokener_new_ex(JSON_MAX_DEPTH)))
		abort();
	json_tokener_set_flags(tokener, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS
					| JSON_TOKENER_VALIDATE_UTF8);
	return 0;
}

/* Compiles the bytes with each format, checks each result against the contract, then that all agree. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum status statuses[FORMATS];
	for (int i = 0; i < FORMATS; i++) {
		/* a source of its own per format, as a batch would build it; libFuzzer's data is an exact-size heap
		 * copy, so ASan catches a read one byte past the end */
		struct source src = {.name = "fuzz.txt", .bytes = data, .size = size};
		src.has_bom = src.size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
		source_index_lines(&src);

		struct diagnostics d = {.src = &src, .quiet = 1};
		struct buffer out = {0};
		enum status status = compile_letter(&compilers[i], &threads[i], &src, &out, &d, NULL);
		int kept = status == STATUS_OK ? output_valid(i, &out)
			 : status == STATUS_REJECTED && d.errors > 0 && out.len == 0;
		if (!kept) {
			fprintf(stderr, "fuzz_backends: %s: status %d, %d errors, %zu output bytes\n%s%s\n",
				backends[i].name, (int)status, d.errors, out.len, d.text.data ? d.text.data : "",
				out.data ? out.data : "");
			abort();
		}
		statuses[i] = status;
		buffer_free(&d.text);
		buffer_free(&out);
		source_free_lines(&src);
	}
	for (int i = 1; i < FORMATS; i++) {
		if (statuses[i] != statuses[0]) {
			fprintf(stderr, "fuzz_backends: %s says %d but %s says %d\n", backends[0].name,
				(int)statuses[0], backends[i].name, (int)statuses[i]);
			abort();
		}
	}
	return 0;
}
