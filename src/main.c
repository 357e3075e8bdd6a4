/* main.c: the command line (SPEC section 3), and nothing else. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "output.h"

#define DEFAULT_MAX_SIZE (16u << 20)

static const char usage_text[] =
	"Usage: imrc [OPTION]... FILE...\n"
	"Compile California IMR final determination letters (text extracted from the PDF) into XML.\n"
	"\n"
	"  -o, --output=FILE      write the result to FILE ('-' = stdout); one input only\n"
	"  -d, --output-dir=DIR   one output per input: DIR/NAME.EXT for input .../NAME.txt\n"
	"  -t, --to=FORMAT        xml (default), text (the letter's text given back) or tree (the parsed\n"
	"                         letter, for debugging)\n"
	"      --input-encoding=ENC  utf-8, cp1252 or latin1 (default: UTF-8, or Windows-1252 with a\n"
	"                         warning when the input is not valid UTF-8)\n"
	"      --max-size=BYTES   reject inputs larger than BYTES (suffix K, M or G; default 16M)\n"
	"      --no-validate      skip the in-process XSD validation\n"
	"      --strict           treat warnings as errors\n"
	"  -q, --quiet            no warnings (errors still print)\n"
	"  -h, --help             show this help and exit\n"
	"  -V, --version          show the version and exit\n"
	"\n"
	"'-' as FILE reads standard input. With one input and neither -o nor -d, the result goes to stdout.\n"
	"Exit status: 0 all compiled, 1 a letter was rejected, 2 usage error, 3 I/O error, 4 internal error.\n";

struct options {
	const char *output;
	const char *output_dir;
	enum format format;
	enum encoding encoding;
	size_t max_size;
	int validate, strict, quiet;
	char **inputs;
	int input_count;
};

static int usage_error(const char *fmt, const char *arg)
{
	fputs("imrc: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'imrc --help' for more information.\n", stderr);
	return STATUS_USAGE;
}

/* Reads "16M", "4096", "1G" into *size. Returns 0, or -1 when it is no size. */
static int parse_size(const char *text, size_t *size)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(text, &end, 10);
	unsigned shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
	if (shift)
		end++;
	if (errno || end == text || *end || text[0] == '-' || n == 0 || n > (SIZE_MAX >> shift)
	    || (n << shift) > (size_t)INT_MAX)
		return -1;
	*size = (size_t)(n << shift);
	return 0;
}

/* Parses argv into *opt. Returns -1 to go on, or the exit status to stop with. */
static int parse_options(int argc, char **argv, struct options *opt)
{
	enum { OPT_NO_VALIDATE = 256, OPT_STRICT, OPT_INPUT_ENCODING, OPT_MAX_SIZE };
	static const struct option longs[] = {
		{"output", required_argument, NULL, 'o'}, {"output-dir", required_argument, NULL, 'd'},
		{"to", required_argument, NULL, 't'}, {"no-validate", no_argument, NULL, OPT_NO_VALIDATE},
		{"strict", no_argument, NULL, OPT_STRICT}, {"quiet", no_argument, NULL, 'q'},
		{"input-encoding", required_argument, NULL, OPT_INPUT_ENCODING},
		{"max-size", required_argument, NULL, OPT_MAX_SIZE},
		{"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, 'V'}, {NULL, 0, NULL, 0},
	};
	*opt = (struct options){.format = FORMAT_XML, .validate = 1, .max_size = DEFAULT_MAX_SIZE};
	opterr = 0;
	for (int c; (c = getopt_long(argc, argv, ":o:d:t:qhV", longs, NULL)) != -1;) {
		switch (c) {
		case 'o': opt->output = optarg; break;
		case 'd': opt->output_dir = optarg; break;
		case 't':
			if (strcmp(optarg, "xml") == 0)
				opt->format = FORMAT_XML;
			else if (strcmp(optarg, "tree") == 0)
				opt->format = FORMAT_TREE;
			else if (strcmp(optarg, "text") == 0)
				opt->format = FORMAT_TEXT;
			else
				return usage_error("unknown format '%s': expected xml, text or tree", optarg);
			break;
		case OPT_NO_VALIDATE: opt->validate = 0; break;
		case OPT_INPUT_ENCODING:
			if (strcmp(optarg, "utf-8") == 0 || strcmp(optarg, "utf8") == 0)
				opt->encoding = ENCODING_UTF8;
			else if (strcmp(optarg, "cp1252") == 0 || strcmp(optarg, "windows-1252") == 0)
				opt->encoding = ENCODING_CP1252;
			else if (strcmp(optarg, "latin1") == 0 || strcmp(optarg, "iso-8859-1") == 0)
				opt->encoding = ENCODING_LATIN1;
			else
				return usage_error("unknown encoding '%s': expected utf-8, cp1252 or latin1", optarg);
			break;
		case OPT_MAX_SIZE:
			if (parse_size(optarg, &opt->max_size) != 0)
				return usage_error("bad size '%s': expected a number of bytes, with K, M or G", optarg);
			break;
		case OPT_STRICT: opt->strict = 1; break;
		case 'q': opt->quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return STATUS_OK;
		case 'V': puts("imrc " IMRC_VERSION); return STATUS_OK;
		case ':': return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default: return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	opt->inputs = argv + optind;
	opt->input_count = argc - optind;
	if (opt->input_count == 0)
		return usage_error("%s", "no input: give a FILE, or '-' for standard input");
	if (opt->output && opt->output_dir)
		return usage_error("%s", "-o and -d exclude each other");
	if (opt->input_count > 1 && !opt->output_dir)
		return usage_error("%s", "several inputs need -d DIR (one output per input)");
	return -1;
}

/* The output path of an input: -o's, DIR/NAME.EXT with -d, or "-" (stdout). Caller frees. */
static char *output_path(const struct options *opt, const char *input)
{
	if (opt->output)
		return xstrndup(opt->output, strlen(opt->output));
	if (!opt->output_dir)
		return xstrndup("-", 1);
	const char *base = strcmp(input, "-") == 0 ? "stdin" : input;
	const char *slash = strrchr(base, '/');
	base = slash ? slash + 1 : base;
	size_t len = strlen(base);
	if (len > 4 && strcmp(base + len - 4, ".txt") == 0)
		len -= 4;
	static const char *const exts[] = {[FORMAT_XML] = "xml", [FORMAT_TREE] = "tree", [FORMAT_TEXT] = "txt"};
	const char *ext = exts[opt->format];
	size_t size = strlen(opt->output_dir) + len + strlen(ext) + 3;
	char *path = xmalloc(size);
	snprintf(path, size, "%s/%.*s.%s", opt->output_dir, (int)len, base, ext);
	return path;
}

/* Checks before anything is written that no output is an input and no two inputs share an output. */
static int check_outputs(const struct options *opt, char **paths)
{
	for (int i = 0; i < opt->input_count; i++) {
		if (strcmp(paths[i], "-") == 0)
			continue;
		for (int j = 0; j < opt->input_count; j++) {
			if (strcmp(opt->inputs[j], "-") != 0 && output_same_file(paths[i], opt->inputs[j])) {
				fprintf(stderr, "imrc: %s: is an input: imrc never writes over its inputs\n", paths[i]);
				return STATUS_USAGE;
			}
			if (j < i && strcmp(paths[i], paths[j]) == 0) {
				fprintf(stderr, "imrc: %s and %s would both write %s\n", opt->inputs[j], opt->inputs[i],
					paths[i]);
				return STATUS_USAGE;
			}
		}
	}
	return STATUS_OK;
}

/* Reads, compiles and writes one input. Returns its exit status. */
static enum status compile_one(const struct compiler *c, const struct options *opt, const char *input,
			       const char *path)
{
	struct source src = {.name = strcmp(input, "-") == 0 ? "<stdin>" : input};
	unsigned char *bytes = NULL;
	int err = input_read(input, opt->max_size, &bytes, &src.size);
	if (err == EFBIG) {
		fprintf(stderr, "%s:1:1: error: larger than %zu bytes (--max-size): not a letter\n", src.name,
			opt->max_size);
		return STATUS_REJECTED;
	}
	if (err) {
		fprintf(stderr, "imrc: %s: %s\n", src.name, strerror(err));
		return STATUS_IO;
	}
	src.bytes = bytes;
	src.has_bom = src.size >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0;
	source_index_lines(&src);

	struct diagnostics d = {.src = &src, .quiet = opt->quiet};
	struct buffer out = {0};
	enum status status = compile_letter(c, &src, &out, &d);
	if (status == STATUS_OK && opt->strict && d.warnings) {
		diag_at(&d, SEVERITY_ERROR, 0, "%d warning%s with --strict", d.warnings, d.warnings == 1 ? "" : "s");
		status = STATUS_REJECTED;
	}
	if (d.text.len)
		fputs(d.text.data, stderr);
	if (status == STATUS_OK && output_write(path, out.data ? out.data : "", out.len) != 0)
		status = STATUS_IO;
	buffer_free(&d.text);
	buffer_free(&out);
	source_free_lines(&src);
	free(bytes);
	return status;
}

int main(int argc, char **argv)
{
	struct options opt;
	int status = parse_options(argc, argv, &opt);
	if (status >= 0)
		return status;
	char **paths = xcalloc((size_t)opt.input_count, sizeof *paths);
	for (int i = 0; i < opt.input_count; i++)
		paths[i] = output_path(&opt, opt.inputs[i]);
	status = check_outputs(&opt, paths);

	struct compiler compiler;
	xmlInitParser();
	if (status == STATUS_OK && compiler_init(&compiler, opt.format, opt.encoding, opt.validate) != 0)
		status = STATUS_INTERNAL;
	else if (status == STATUS_OK) {
		output_install_signal_handlers();
		for (int i = 0; i < opt.input_count; i++) {
			enum status s = compile_one(&compiler, &opt, opt.inputs[i], paths[i]);
			if ((int)s > status)
				status = (int)s;
		}
		compiler_free(&compiler);
	}
	xmlCleanupParser();
	for (int i = 0; i < opt.input_count; i++)
		free(paths[i]);
	free(paths);
	return status;
}
