/* SPDX-License-Identifier: GPL-3.0-or-later */
/* compile.c: the phases of one letter, in order (see compile.h). */
#include "compile.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "inlines.h"
#include "parse.h"
#include "pdf.h"
#include "render.h"

/* This year, or the year of SOURCE_DATE_EPOCH when it is set (for reproducible builds of outputs). */
static int current_year(void)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t now = epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
	struct tm tm;
	return gmtime_r(&now, &tm) ? tm.tm_year + 1900 : 2000;
}

int compiler_init(struct compiler *c, enum format format, enum encoding encoding, int validate)
{
	memset(c, 0, sizeof *c);
	c->format = format;
	c->encoding = encoding;
	c->validate = validate && format == FORMAT_XML;
	if (c->validate && !(c->schema = xml_schema_load()))
		return -1;
	if ((format == FORMAT_JSON || format == FORMAT_JSONL) && !(c->json = json_shape_load()))
		return -1;                 /* then there is no schema to free: it is compiled for XML only */
	c->this_year = current_year();
	return 0;
}

void compiler_free(struct compiler *c)
{
	xml_schema_free(c->schema);
	json_shape_free(c->json);
	memset(c, 0, sizeof *c);
}

void compile_thread_init(struct compile_thread *t, const struct compiler *c)
{
	t->validator = c->schema ? xml_validator_new(c->schema) : NULL;
	/* set up once: EVP_Digest would look the algorithm up again for every letter (OpenSSL 3) */
	t->sha256 = EVP_MD_CTX_new();
	if (!t->sha256 || !EVP_DigestInit_ex(t->sha256, EVP_sha256(), NULL)) {
		fputs("imrc: SHA-256 is not available from libcrypto\n", stderr);
		exit(STATUS_INTERNAL);
	}
	t->inline_rules = inline_rules_new();
	t->field_rules = field_rules_new();
}

void compile_thread_free(struct compile_thread *t)
{
	xml_validator_free(t->validator);
	EVP_MD_CTX_free(t->sha256);
	inline_rules_free(t->inline_rules);
	field_rules_free(t->field_rules);
	memset(t, 0, sizeof *t);
}

/* Lower-case hex SHA-256 of the input bytes as read, through OpenSSL's libcrypto and the thread's digest context. */
static void hash_input(EVP_MD_CTX *ctx, const struct source *src, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	if (!EVP_DigestInit_ex(ctx, NULL, NULL) || !EVP_DigestUpdate(ctx, src->raw, src->raw_size)
	    || !EVP_DigestFinal_ex(ctx, digest, &len) || len != 32) {
		fputs("imrc: SHA-256 failed\n", stderr);
		exit(STATUS_INTERNAL);
	}
	for (unsigned i = 0; i < len; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[64] = '\0';
}

enum status compile_letter(const struct compiler *c, struct compile_thread *t, struct source *src,
			   struct buffer *out, struct diagnostics *d, struct compile_result *result)
{
	struct letter letter = {.src = src};
	enum status status = STATUS_REJECTED;
	struct source *in = src;           /* what the letter is read from: the input, or the text of a PDF */
	struct pdf_text pdf = {0};
	if (result)
		*result = (struct compile_result){0};
	if (pdf_detect(src->bytes, src->size)) {
		if (pdf_read(src, &pdf, d) != 0)
			goto done;
		in = &pdf.text;
		letter.src = d->src = in;  /* positions are in the text read from the PDF */
		letter.page_count = pdf.page_count;
		if (c->format == FORMAT_TEXT) {   /* that text, whether or not it parses: what the positions point at */
			buffer_add(out, (const char *)in->bytes, in->size);
			status = STATUS_OK;
			goto done;
		}
	}
	if (input_normalize(in, pdf.page_count ? ENCODING_UTF8 : c->encoding, pdf.page_count ? SHAPE_PDF : SHAPE_GUESS,
			    &letter.text, d) != 0)
		goto done;
	if (!pdf.page_count)
		letter.encoding = encoding_name(src->encoding);
	letter.root = parse_letter(&letter.text, &letter.arena, d, c->partial && c->format != FORMAT_CSV,
				   &letter.partial);                       /* a table has no room for a partial letter */
	if (!letter.root)
		goto done;
	/* a partial letter's diagnostics are its parse errors, as without --partial: what the later phases say of
	 * the parts read is left out */
	struct diagnostics parsed = *d;
	fields_header(letter.root, &letter.text, &letter.arena, &letter.fields, d);
	int reference_year = letter.fields.decided[0] ? atoi(letter.fields.decided) : c->this_year;
	inlines_parse(letter.root, t->inline_rules, reference_year, &letter.arena);
	fields_body(letter.root, t->field_rules, &letter.text, &letter.arena, &letter.fields, d);
	if (pdf.page_count)
		pdf_place(letter.root, &letter.text, &pdf, &letter.arena);
	hash_input(t->sha256, src, letter.sha256);
	if (letter.partial) {
		d->errors = parsed.errors;
		d->warnings = parsed.warnings;
		d->text.len = parsed.text.len;
		if (d->text.data)
			d->text.data[d->text.len] = '\0';
	}
	if (result) {
		const struct node *issues = node_child(letter.root, NODE_ISSUES);
		for (const struct node *n = issues ? issues->first : NULL; n; n = n->next)
			result->items += n->kind == NODE_ITEM;
	}
	switch (c->format) {
	case FORMAT_XML:
		status = render_xml(&letter, t->validator, out, d);
		break;
	case FORMAT_TREE:
		status = render_tree(&letter, out);
		break;
	case FORMAT_TEXT:
		status = render_text(&letter, out);
		break;
	case FORMAT_JSON: case FORMAT_JSONL:
		status = render_json(&letter, c->json, c->format == FORMAT_JSONL, out, d);
		break;
	case FORMAT_CSV:
		status = render_csv(&letter, c->table, out);
		break;
	}
	if (letter.partial && status == STATUS_OK) {
		status = STATUS_REJECTED;
		if (result)
			result->partial = 1;
	}
done:
	d->src = src;
	pdf_text_free(&pdf);
	text_free(&letter.text);
	arena_free(&letter.arena);
	return status;
}
