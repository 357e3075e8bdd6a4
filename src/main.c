/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "compile.h"
#include "output.h"
#include "render.h"

#define DEFAULT_MAX_SIZE ((size_t)16 << 20)
/* The largest --max-size: decoded and marked up, a letter grows threefold, and the text's offsets are 32-bit. */
#define MAX_SIZE_LIMIT ((size_t)512 << 20)

static const char usage_text[] =
	"Usage: imrc [OPTION]... [FILE|FOLDER]...\n"
	"Compile California IMR final determination letters (their PDFs, or text extracted from them) into XML.\n"
	"\n"
	"Output:\n"
	"  -o, --output=FILE      write the result to FILE ('-' = stdout); one input only, except -t csv and\n"
	"                         -t jsonl, which write one table or stream for all inputs\n"
	"  -d, --output-dir=DIR   one output per input: DIR/NAME.EXT for input NAME.txt (or NAME.pdf),\n"
	"                         DIR/F/NAME.EXT for input F/NAME.txt (F relative), DIR/NAME.EXT for an\n"
	"                         absolute path; standard input is DIR/stdin.EXT (or its --source-name);\n"
	"                         -t jsonl does not take -d\n"
	"  -t, --to=FORMAT        xml (default), json, jsonl (JSON Lines: a letter a line), csv (a table:\n"
	"                         see --table), text (the letter's text given back; of a PDF, the text read\n"
	"                         from it) or tree (the parsed letter)\n"
	"      --table=NAME       the table of -t csv (--table alone implies -t csv):\n"
	"                         items      a row per item (the default): file, case, decided, specialties,\n"
	"                                    licensure, age, sex, injured, item, request, decision,\n"
	"                                    conclusion, citation_sources, citation_pages, page, assigned,\n"
	"                                    ur_denied, received, priority, ca_citation_sources,\n"
	"                                    imro_citation_sources, rationale_citation_sources,\n"
	"                                    reviewed_request (the part of the request decided), category,\n"
	"                                    subcategory, generics\n"
	"                         citations  a row per citation: file, case, item, by, source, title,\n"
	"                                    chapter, sections, guideline_pages, page\n"
	"                         letters    a row per letter: file, case, assigned, decided, ur_denied,\n"
	"                                    received, priority, specialties, licensure, outcome, items,\n"
	"                                    upheld, overturned, diagnoses\n"
	"      --partial          a letter that does not parse still gets a document: a partialDetermination\n"
	"                         (status=\"partial\") with every part read, each span that was not read kept\n"
	"                         in an unparsed element; it still counts as rejected (exit 1); not with -t csv\n"
	"      --no-validate      skip the in-process XSD validation\n"
	"      --fsync            fsync every output before its rename (default: only when replacing one)\n"
	"      --print-schema     write the XML schema to stdout and exit\n";

/* The rest of --help (one string would pass the 4095 bytes C99 promises to hold). */
static const char usage_more[] =
	"Input:\n"
	"      --input-encoding=ENC  utf-8, cp1252 or latin1 (default: UTF-8, or Windows-1252 with a\n"
	"                         warning when the input is not valid UTF-8; UTF-16 after its byte order mark)\n"
	"      --source-name=NAME name standard input NAME in messages, in the output and under -d\n"
	"      --max-size=BYTES   reject inputs larger than BYTES (suffix K or M; default 16M, at most 512M)\n"
	"      --strict           treat warnings as errors\n"
	"Batches:\n"
	"      --files-from=LIST  read input paths from LIST ('-' = stdin), one a line\n"
	"  -0, --null             the paths of --files-from are NUL-separated\n"
	"  -j, --jobs=N           N worker threads (default 1; 0 = all cores); output is the same for any N\n"
	"      --update           skip letters whose output is newer than the input\n"
	"      --report=FILE      a CSV line per letter: file, status, items, warnings, errors, first error\n"
	"  -q, --quiet            no warnings, no progress, no summary (errors still print)\n"
	"  -h, --help             show this help and exit\n"
	"  -V, --version          show the version and exit\n"
	"\n"
	"'-' as FILE reads standard input; with no FILE, imrc reads standard input unless it is a terminal.\n"
	"A FOLDER gives the *.txt and *.pdf files under it (any case; hidden entries and symbolic links passed\n"
	"over), in byte order of names. With one input and neither -o nor -d, the result goes to stdout.\n"
	"A FILE that begins with %PDF- is a PDF: imrc reads its text itself (poppler).\n"
	"\n"
	"Examples:\n"
	"  imrc letter.pdf -o letter.xml            one letter, from its PDF (or its text: letter.txt)\n"
	"  imrc -j0 -d out --report=r.csv 2016/     a year, all cores: out/2016/NAME.xml, a line a letter\n"
	"  find . -name '*.txt' -print0 | imrc -0 --files-from=- --update -d out   millions, resumable\n"
	"  imrc -t csv -o items.csv 2016/           one table of every item\n"
	"\n"
	"Exit status: 0 every input compiled; 1 a letter was rejected (the others are written); 2 usage error\n"
	"(or two inputs that would write one output); 3 I/O error; 4 internal error; 128+N stopped by signal N.\n"
	"Full documentation: man imrc (or mandoc imrc.1 | less).\n";

struct options {
	const char *output;
	const char *output_dir;
	const char *files_from;
	const char *report;
	const char *source_name;
	int nul, threads, update, durable;
	enum format format;
	int format_given, table_given;
	enum csv_table table;
	enum encoding encoding;
	size_t max_size;
	int validate, strict, quiet, partial;
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

/* Reads "16M", "4096", "1G" into *size. Returns 0, -1 when it is no size, or -2 when it is not from 1 byte to
 * MAX_SIZE_LIMIT. */
static int parse_size(const char *text, size_t *size)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(text, &end, 10);
	unsigned shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
	if (shift)
		end++;
	if (errno == ERANGE && end > text && !*end)
		return -2;
	if (errno || end == text || *end || text[0] == '-' || text[0] == '+')
		return -1;
	if (n == 0 || n > (MAX_SIZE_LIMIT >> shift))
		return -2;
	*size = (size_t)(n << shift);
	return 0;
}

/* Parses argv into *opt. Returns -1 to go on, or the exit status to stop with. */
static int parse_options(int argc, char **argv, struct options *opt)
{
	enum { OPT_NO_VALIDATE = 256, OPT_STRICT, OPT_INPUT_ENCODING, OPT_MAX_SIZE, OPT_FILES_FROM, OPT_UPDATE,
	       OPT_REPORT, OPT_FSYNC, OPT_PRINT_SCHEMA, OPT_SOURCE_NAME, OPT_TABLE, OPT_PARTIAL };
	static const struct option longs[] = {
		{"output", required_argument, NULL, 'o'}, {"output-dir", required_argument, NULL, 'd'},
		{"to", required_argument, NULL, 't'}, {"no-validate", no_argument, NULL, OPT_NO_VALIDATE},
		{"strict", no_argument, NULL, OPT_STRICT}, {"quiet", no_argument, NULL, 'q'},
		{"input-encoding", required_argument, NULL, OPT_INPUT_ENCODING},
		{"max-size", required_argument, NULL, OPT_MAX_SIZE},
		{"files-from", required_argument, NULL, OPT_FILES_FROM}, {"null", no_argument, NULL, '0'},
		{"jobs", required_argument, NULL, 'j'}, {"update", no_argument, NULL, OPT_UPDATE},
		{"report", required_argument, NULL, OPT_REPORT}, {"fsync", no_argument, NULL, OPT_FSYNC},
		{"print-schema", no_argument, NULL, OPT_PRINT_SCHEMA},
		{"source-name", required_argument, NULL, OPT_SOURCE_NAME},
		{"table", required_argument, NULL, OPT_TABLE}, {"partial", no_argument, NULL, OPT_PARTIAL},
		{"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, 'V'}, {NULL, 0, NULL, 0},
	};
	*opt = (struct options){.format = FORMAT_XML, .validate = 1, .max_size = DEFAULT_MAX_SIZE, .threads = 1};
	opterr = 0;
	for (int c; (c = getopt_long(argc, argv, ":o:d:t:j:0qhV", longs, NULL)) != -1;) {
		switch (c) {
		case 'o': opt->output = optarg; break;
		case 'd': opt->output_dir = optarg; break;
		case 't':
			opt->format_given = 1;
			if (strcmp(optarg, "xml") == 0)
				opt->format = FORMAT_XML;
			else if (strcmp(optarg, "tree") == 0)
				opt->format = FORMAT_TREE;
			else if (strcmp(optarg, "text") == 0)
				opt->format = FORMAT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				opt->format = FORMAT_JSON;
			else if (strcmp(optarg, "jsonl") == 0)
				opt->format = FORMAT_JSONL;
			else if (strcmp(optarg, "csv") == 0)
				opt->format = FORMAT_CSV;
			else
				return usage_error("unknown format '%s': expected xml, json, jsonl, csv, text or tree",
						   optarg);
			break;
		case OPT_TABLE:
			if (csv_table_parse(optarg, &opt->table) != 0)
				return usage_error("unknown table '%s': expected items, citations or letters", optarg);
			opt->table_given = 1;
			break;
		case OPT_NO_VALIDATE: opt->validate = 0; break;
		case OPT_PARTIAL: opt->partial = 1; break;
		case OPT_FILES_FROM: opt->files_from = optarg; break;
		case '0': opt->nul = 1; break;
		case OPT_UPDATE: opt->update = 1; break;
		case OPT_REPORT: opt->report = optarg; break;
		case OPT_FSYNC: opt->durable = 1; break;
		case OPT_SOURCE_NAME: opt->source_name = optarg; break;
		case OPT_PRINT_SCHEMA: {
			size_t len;
			const char *schema = xml_schema_text(&len);
			return fwrite(schema, 1, len, stdout) == len && fflush(stdout) == 0 ? STATUS_OK : STATUS_IO;
		}
		case 'j': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || n < 0 || n > 256)
				return usage_error("bad thread count '%s': expected 0 (all cores) to 256", optarg);
			opt->threads = n ? (int)n : (int)sysconf(_SC_NPROCESSORS_ONLN);
			break;
		}
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
		case OPT_MAX_SIZE: {
			int bad = parse_size(optarg, &opt->max_size);
			if (bad == -1)
				return usage_error("bad size '%s': expected a number of bytes, with K or M (at most 512M)",
						   optarg);
			if (bad == -2)
				return usage_error("--max-size=%s is out of range: from 1 byte to 512M", optarg);
			break;
		}
		case OPT_STRICT: opt->strict = 1; break;
		case 'q': opt->quiet = 1; break;
		case 'h': fputs(usage_text, stdout); fputs(usage_more, stdout); return STATUS_OK;
		case 'V': puts("imrc " IMRC_VERSION); return STATUS_OK;
		case ':': return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default: return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	opt->inputs = argv + optind;
	opt->input_count = argc - optind;
	if (opt->threads < 1)
		opt->threads = 1;
	if (opt->table_given && opt->format_given && opt->format != FORMAT_CSV)
		return usage_error("%s", "--table is a table of -t csv: give -t csv, or leave -t out");
	if (opt->table_given)
		opt->format = FORMAT_CSV;
	if (opt->partial && opt->format == FORMAT_CSV)
		return usage_error("%s", "--partial writes a document for a letter that does not parse, and a CSV table has "
					 "no place to say a row is partial: use -t xml, json, jsonl, text or tree");
	if (opt->output && opt->output_dir)
		return usage_error("%s", "-o and -d exclude each other");
	if (opt->format == FORMAT_JSONL && opt->output_dir)
		return usage_error("%s", "-t jsonl writes one stream for all inputs: it does not take -d (use -o or stdout)");
	if ((opt->output && !*opt->output) || (opt->output_dir && !*opt->output_dir) || (opt->report && !*opt->report)
	    || (opt->files_from && !*opt->files_from))
		return usage_error("%s", "an empty path: -o, -d, --report and --files-from need a file or folder name");
	if (opt->source_name && !*opt->source_name)
		return usage_error("%s", "an empty --source-name: it names standard input");
	return -1;
}

/* The checks that need the whole list of inputs. Returns STATUS_OK or STATUS_USAGE after saying why. */
static int check_inputs(const struct options *opt, const char **inputs, size_t n)
{
	if (n == 0)
		return usage_error("%s", opt->files_from ? "the list of --files-from is empty"
							 : "no input: give a FILE or FOLDER, or a letter on standard input");
	if (n > 1 && !opt->output_dir && !format_joins(opt->format))
		return usage_error("%s", "several inputs need -d DIR (one output per input), -t csv (one table) or "
					 "-t jsonl (one stream)");
	for (size_t i = 0; opt->files_from && strcmp(opt->files_from, "-") == 0 && i < n; i++)
		if (strcmp(inputs[i], "-") == 0)
			return usage_error("%s", "'-' as FILE with --files-from=-: standard input is the list");
	size_t stdin_inputs = 0;
	for (size_t i = 0; opt->source_name && i < n; i++)
		stdin_inputs += strcmp(inputs[i], "-") == 0;
	if (opt->source_name && !stdin_inputs)
		return usage_error("%s", "--source-name names standard input, which is not an input here");
	return STATUS_OK;
}

/* Reads the list of --files-from (path "-" = standard input): one path a line, or NUL-separated with -0. The
 * paths point into *text (caller frees both). Returns 0 or an errno value. */
static int read_list(const char *path, int nul, char **text, char ***paths, size_t *count)
{
	unsigned char *bytes;
	size_t size;
	int err = input_read(path, SIZE_MAX - 1, &bytes, &size);
	if (err)
		return err;
	bytes = xrealloc(bytes, size + 1);
	bytes[size] = '\0';
	char sep = nul ? '\0' : '\n', *p = (char *)bytes, *end = p + size;
	size_t n = 0, cap = 1024;
	char **list = xmalloc(cap * sizeof *list);
	while (p < end) {
		char *stop = memchr(p, sep, (size_t)(end - p));
		if (!stop)
			stop = end;
		*stop = '\0';
		if (!nul && stop > p && stop[-1] == '\r')
			stop[-1] = '\0';
		if (*p) {
			if (n == cap)
				list = xrealloc(list, (cap *= 2) * sizeof *list);
			list[n++] = p;
		}
		p = stop + 1;
	}
	*text = (char *)bytes;
	*paths = list;
	*count = n;
	return 0;
}

/* Where the part of a path under the folder argument folder that -d keeps begins: 0 (the path's own folders are
 * kept, as for any relative path) unless folder is absolute or climbs with "..": then the folder's last name, so
 * that "imrc -d out /data/2016" writes out/2016/... */
static size_t kept_from(const char *folder)
{
	size_t len = strlen(folder);
	while (len > 1 && folder[len - 1] == '/')
		len--;
	int climbs = folder[0] == '/';
	for (const char *p = folder; p < folder + len && !climbs; p = strchr(p, '/') ? strchr(p, '/') + 1 : folder + len)
		climbs = p[0] == '.' && p[1] == '.' && (p + 2 == folder + len || p[2] == '/');
	if (!climbs)
		return 0;
	while (len > 0 && folder[len - 1] != '/')
		len--;
	return len;
}

/* The inputs into *inputs (caller frees; the paths stay in argv, *walked and list; the array has room for one more,
 * standard input) and, in *keep (caller frees), where the part of each that -d keeps begins (kept_from): each FILE
 * argument, in its place the letters under each FOLDER argument (input_walk), then the n paths of --files-from.
 * Returns their number, or SIZE_MAX after saying why when a folder holds no letter (a usage error). *unread counts
 * the folders that could not be read (said already). */
static size_t gather_inputs(const struct options *opt, char **list, size_t n, const char ***inputs, size_t **keep,
			    struct path_list *walked, size_t *unread)
{
	size_t count = 0, cap = (size_t)opt->input_count + n + 1;
	const char **all = xmalloc(cap * sizeof *all);
	size_t *from = xcalloc(cap, sizeof *from);
	*unread = 0;
	int empty_folder = 0;
	for (int i = 0; i < opt->input_count; i++) {
		const char *arg = opt->inputs[i];
		struct stat st;
		if (strcmp(arg, "-") == 0 || stat(arg, &st) != 0 || !S_ISDIR(st.st_mode)) {
			all[count++] = arg;        /* a file; one that is missing is said when it is read */
			continue;
		}
		size_t first = walked->count, failed = input_walk(arg, walked);
		*unread += failed;
		if (walked->count == first && !failed) {
			char *name = diag_name(arg);
			fprintf(stderr, "imrc: %s: no letter in this folder or under it (files *.txt or *.pdf)\n", name);
			free(name);
			empty_folder = 1;
		}
		cap += walked->count - first;
		all = xrealloc(all, cap * sizeof *all);
		from = xrealloc(from, cap * sizeof *from);
		for (size_t k = first; k < walked->count; k++) {
			from[count] = kept_from(arg);
			all[count++] = walked->paths[k];
		}
	}
	for (size_t i = 0; i < n; i++) {
		from[count] = 0;
		all[count++] = list[i];
	}
	from[count] = 0;           /* standard input, added by the caller */
	*inputs = all;
	*keep = from;
	return empty_folder ? SIZE_MAX : count;
}

int main(int argc, char **argv)
{
	struct options opt;
	int status = parse_options(argc, argv, &opt);
	if (status >= 0)
		return status;
	char *list_text = NULL, **list = NULL;
	size_t list_count = 0;
	if (opt.files_from) {
		int err = read_list(opt.files_from, opt.nul, &list_text, &list, &list_count);
		if (err) {
			char *name = diag_name(opt.files_from);
			fprintf(stderr, "imrc: %s: %s\n", name, strerror(err));
			free(name);
			return STATUS_IO;
		}
	}
	const char **inputs;
	size_t *keep;
	struct path_list walked = {0};
	size_t unread;
	size_t n = gather_inputs(&opt, list, list_count, &inputs, &keep, &walked, &unread);
	free(list);
	/* with no FILE, standard input unless it is a terminal (or closed); read now to tell an empty one */
	struct read_ahead ahead = {0};
	struct stat st;
	if (n == 0 && !opt.input_count && !opt.files_from && fstat(STDIN_FILENO, &st) == 0 && !isatty(STDIN_FILENO)) {
		ahead.err = input_read("-", opt.max_size, &ahead.bytes, &ahead.size);
		if (ahead.err || ahead.size)
			inputs[n++] = "-";
	}
	if (n == SIZE_MAX)
		status = STATUS_USAGE;
	else if (n == 0 && unread)
		status = STATUS_IO;
	else
		status = check_inputs(&opt, inputs, n);

	struct compiler compiler;
	xmlInitParser();
	if (status == STATUS_OK && compiler_init(&compiler, opt.format, opt.encoding, opt.validate) != 0) {
		status = STATUS_INTERNAL;
	} else if (status == STATUS_OK) {
		compiler.table = opt.table;
		compiler.partial = opt.partial;
		struct batch b = {
			.inputs = inputs, .kept_from = keep, .input_count = n, .output = opt.output,
			.output_dir = opt.output_dir,
			.stdin_name = opt.source_name, .stdin_ahead = ahead.err || ahead.size ? &ahead : NULL,
			.report = opt.report, .max_size = opt.max_size, .threads = opt.threads, .strict = opt.strict,
			.quiet = opt.quiet, .update = opt.update, .durable = opt.durable,
		};
		output_init();
		status = batch_run(&compiler, &b);
		if (unread && status < STATUS_IO)
			status = STATUS_IO;
		output_finish();
		compiler_free(&compiler);
	}
	xmlCleanupParser();
	free(inputs);
	free(keep);
	path_list_free(&walked);
	free(ahead.bytes);
	free(list_text);
	return status;
}
