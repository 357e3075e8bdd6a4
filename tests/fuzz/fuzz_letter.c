/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_letter.c: libFuzzer target for one letter through compile_letter(), the entry point main uses.
 *
 * Contract: for any bytes, compile_letter() returns without a crash, a leak or undefined behaviour, and
 *   - STATUS_OK: the output is non-empty, well-formed XML that passed the embedded schema, as imrc's streaming
 *     validator said and as libxml2 says again after parsing it back into a tree (a check of the serialiser);
 *   - STATUS_REJECTED: at least one error was reported and the output is empty;
 *   - anything else (STATUS_INTERNAL: our own XML failed the schema) is a bug.
 * Each input is compiled a second time as with --partial: then a rejected letter may come with its partial
 * document, which must pass both checks of STATUS_OK's output and be a partialDetermination.
 * A broken contract calls abort(), which libFuzzer records as a crash. The source is built from the bytes
 * exactly as compile_one() in src/batch.c builds it. Built by `make fuzz`. */
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "render.h"

static struct compiler compilers[2];            /* without and with --partial */
static struct compile_thread threads[2];
static xmlSchemaValidCtxtPtr tree_validator;   /* validates the output parsed back into a tree */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	xmlInitParser();
	for (int i = 0; i < 2; i++) {
		if (compiler_init(&compilers[i], FORMAT_XML, ENCODING_AUTO, 1) != 0)
			abort();
		compilers[i].partial = i;
		compile_thread_init(&threads[i], &compilers[i]);
	}
	size_t len;
	const char *xsd = xml_schema_text(&len);
	xmlSchemaParserCtxtPtr pctx = xmlSchemaNewMemParserCtxt(xsd, (int)len);
	xmlSchemaPtr schema = xmlSchemaParse(pctx);
	xmlSchemaFreeParserCtxt(pctx);
	if (!schema || !(tree_validator = xmlSchemaNewValidCtxt(schema)))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* libFuzzer hands over an exact-size heap copy: ASan catches a read one byte past the end. */
	struct source src = {.name = "fuzz.txt"};
	source_open(&src, data, size, ENCODING_AUTO);

	for (int i = 0; i < 2; i++) {
		struct diagnostics d = {.src = &src, .quiet = 1};
		struct buffer out = {0};
		struct compile_result result;
		enum status status = compile_letter(&compilers[i], &threads[i], &src, &out, &d, &result);
		int partial = status == STATUS_REJECTED && result.partial;
		if (status == STATUS_OK || partial) {
			if (out.len == 0 || out.len > INT32_MAX || (partial && (d.errors == 0 || !i)))
				abort();
			xmlDocPtr doc = xmlReadMemory(out.data, (int)out.len, "fuzz.xml", NULL,
						      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
			if (!doc || xmlSchemaValidateDoc(tree_validator, doc) != 0
			    || (strcmp((const char *)xmlDocGetRootElement(doc)->name, "partialDetermination") == 0) != partial)
				abort();
			xmlFreeDoc(doc);
		} else if (status != STATUS_REJECTED || d.errors == 0 || out.len != 0) {
			fprintf(stderr, "fuzz_letter: status %d, %d errors, %zu output bytes\n%s", (int)status, d.errors,
				out.len, d.text.data ? d.text.data : "");
			abort();
		}
		buffer_free(&d.text);
		buffer_free(&out);
	}
	source_close(&src);
	return 0;
}
