/* SPDX-License-Identifier: GPL-3.0-or-later */
/* batch.c: compiling many letters in one process (see batch.h).
 *
 * The main thread and N-1 workers take the letters in input order and each keeps its result (output written,
 * diagnostics held) in a ring of WINDOW slots; between letters of its own, the main thread prints each letter's
 * diagnostics and report line in input order as the letters finish, so that what a run prints does not depend
 * on the number of threads. A worker never runs more than WINDOW letters ahead of the printing, which bounds the
 * memory a batch holds; the main thread sleeps only when every letter left is being compiled. */
#define _POSIX_C_SOURCE 200809L
#include "batch.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "output.h"
#include "render.h"

enum { WINDOW = 256 };

/* A letter takes about fifteen times its size while it compiles. Letters compile at once only while their sizes
 * add up to at most this many times --max-size (a larger one compiles alone), so that -j0 on a machine of many
 * cores stays within some hundreds of MB even for a batch of the largest letters. Letters of ordinary size never
 * wait. */
enum { LETTERS_IN_FLIGHT = 4 };

/* What became of one letter, kept until it is printed. */
struct result {
	int done;
	enum status status;
	int skipped, items, warnings, errors;
	int partial;               /* rejected, but its partial document was written (--partial) */
	struct buffer diag;        /* its diagnostics, as printed */
	struct buffer out;         /* its CSV rows or JSON line, when all letters go to one table or stream */
};

struct run {
	const struct compiler *c;
	const struct batch *b;
	char **outputs;
	int one_table;             /* -t csv without -d, -t jsonl: every letter's rows or line go to one table or
				    * stream, in input order */
	struct result slots[WINDOW];
	size_t next, printed;      /* the next letter to take, the letters printed so far */
	size_t awaited;            /* the letter the main thread sleeps on (SIZE_MAX: none) */
	int workers_waiting;       /* workers asleep until the printing makes space */
	size_t in_flight;          /* bytes of the letters compiling now */
	int waiting_for_room;      /* threads asleep until in_flight goes down */
	pthread_mutex_t lock;
	pthread_cond_t done, space, room;
	/* the report, shared with the signal thread (report_interrupted) under report_lock */
	struct output_file report;
	int report_open;
	size_t reported;           /* letters that have their line in it */
	pthread_mutex_t report_lock;
};

static const char *const extensions[] = {[FORMAT_XML] = "xml", [FORMAT_JSON] = "json", [FORMAT_CSV] = "csv",
					  [FORMAT_TREE] = "tree", [FORMAT_TEXT] = "txt"};

/* The folder part of a relative input to keep under -d ("2016/" of "./2016/a.txt"), or "" when the input is
 * absolute, has no folder or climbs out with "..". */
static size_t kept_folder(const char *input, const char **start)
{
	while (input[0] == '.' && input[1] == '/')
		input += 2;
	*start = input;
	const char *slash = strrchr(input, '/');
	if (input[0] == '/' || !slash)
		return 0;
	for (const char *p = input; p < slash; p = strchr(p, '/') + 1)
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p + 2 == slash))
			return 0;
	return (size_t)(slash - input) + 1;
}

/* The name of input i in messages and in the report: standard input's --source-name, when given, for "-". */
static const char *input_name(const struct batch *b, size_t i)
{
	return strcmp(b->inputs[i], "-") == 0 && b->stdin_name ? b->stdin_name : b->inputs[i];
}

/* The output path of an input: -o's, "-" (stdout, or the one table), or DIR/[FOLDER/]NAME.EXT, standard input
 * taking its --source-name. Caller frees. */
static char *output_path(const struct batch *b, enum format format, const char *input)
{
	if (format_joins(format) && !b->output_dir)
		return xstrndup("-", 1);
	if (b->output)
		return xstrndup(b->output, strlen(b->output));
	if (!b->output_dir)
		return xstrndup("-", 1);
	const char *rel = "stdin", *base = "stdin";
	size_t folder = 0;
	if (strcmp(input, "-") == 0 && b->stdin_name)
		input = b->stdin_name;
	if (strcmp(input, "-") != 0) {
		folder = kept_folder(input, &rel);
		const char *slash = strrchr(input, '/');
		base = slash ? slash + 1 : input;
	}
	size_t len = input_stem_length(base);
	const char *ext = extensions[format];
	size_t size = strlen(b->output_dir) + folder + len + strlen(ext) + 3;
	char *path = xmalloc(size);
	snprintf(path, size, "%s/%.*s%.*s.%s", b->output_dir, (int)folder, rel, (int)len, base, ext);
	return path;
}

/* path as the file system reads it, for comparing outputs: repeated slashes and "." components are dropped
 * ("c//k.xml", "c/./k.xml" and "./c/k.xml" are "c/k.xml"). ".." stays: no input's folder kept under -d climbs
 * out (kept_folder), so only -d's own folder can hold one, and it is the same for every output. Caller frees. */
static char *normal_path(const char *path)
{
	size_t len = strlen(path);
	char *out = xmalloc(len + 2), *o = out;
	if (path[0] == '/')
		*o++ = '/';
	for (const char *p = path; *p;) {
		size_t part = strcspn(p, "/");
		if (part && !(part == 1 && p[0] == '.')) {
			if (o > out && o[-1] != '/')
				*o++ = '/';
			memcpy(o, p, part);
			o += part;
		}
		p += part;
		p += *p == '/';
	}
	if (o == out)
		*o++ = '.';
	*o = '\0';
	return out;
}

struct file_id {
	dev_t dev;
	ino_t ino;
};

static int compare_ids(const void *a, const void *b)
{
	const struct file_id *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/* An output's normalised path and its input's index, sorted by path, then by input. */
struct keyed {
	char *key;
	size_t input;
};

static int compare_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : x->input < y->input ? -1 : x->input > y->input;
}

/* Prints "imrc: MESSAGE" with the file names of args escaped for the terminal: fmt holds only %s. */
static void say(const char *fmt, const char *a, const char *b, const char *c)
{
	char *x = diag_name(a), *y = diag_name(b ? b : ""), *z = diag_name(c ? c : "");
	fputs("imrc: ", stderr);
	fprintf(stderr, fmt, x, y, z);
	fputc('\n', stderr);
	free(x);
	free(y);
	free(z);
}

/* The length of the folder part of a normalised path: 0 for a file in the current folder. */
static size_t folder_length(const char *key)
{
	const char *slash = strrchr(key, '/');
	return slash ? (size_t)(slash - key) + (slash == key) : 0;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Removes the stale temporary files (output_remove_stale) of each folder of the n normalised paths, once. */
static void remove_stale(char **keys, size_t n)
{
	char **folders = xmalloc((n ? n : 1) * sizeof *folders);
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = folder_length(keys[i]);
		if (!count || strlen(folders[count - 1]) != len || memcmp(folders[count - 1], keys[i], len) != 0)
			folders[count++] = xstrndup(keys[i], len);
	}
	qsort(folders, count, sizeof *folders, compare_strings);
	for (size_t i = 0; i < count; i++)
		if (i == 0 || strcmp(folders[i], folders[i - 1]) != 0)
			output_remove_stale(folders[i]);
	for (size_t i = 0; i < count; i++)
		free(folders[i]);
	free(folders);
}

/* Checks before anything is written that no output (nor any of the extra paths: the one table, the report) is
 * an input, standard output included, and no two inputs share an output, judging paths by what they name (the
 * normalised path; the device and inode of a file that exists); names every such clash on stderr. Then removes
 * the stale temporary files of the folders it will write to. Costs a sort of the paths and two stats a letter. */
static int check_outputs(const struct batch *b, char **outputs, const char *const *extra, size_t extra_count)
{
	size_t n = b->input_count, keyed_count = 0;
	struct keyed *keys = xmalloc((n ? n : 1) * sizeof *keys);
	for (size_t i = 0; i < n; i++)
		if (strcmp(outputs[i], "-") != 0)
			keys[keyed_count++] = (struct keyed){normal_path(outputs[i]), i};
	qsort(keys, keyed_count, sizeof *keys, compare_keyed);
	int status = STATUS_OK;
	for (size_t i = 1, first = 0; i < keyed_count; i++) {
		if (strcmp(keys[i].key, keys[first].key) != 0) {
			first = i;
			continue;
		}
		say("%s and %s would both write %s: compile one of them in another run, or rename it",
		    b->inputs[keys[first].input], b->inputs[keys[i].input], outputs[keys[first].input]);
		status = STATUS_USAGE;
	}

	struct file_id *ids = xmalloc((n ? n : 1) * sizeof *ids);
	size_t count = 0;
	struct stat st;
	for (size_t i = 0; i < n; i++)
		if (strcmp(b->inputs[i], "-") == 0 ? fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode)
						   : stat(b->inputs[i], &st) == 0)
			ids[count++] = (struct file_id){st.st_dev, st.st_ino};
	qsort(ids, count, sizeof *ids, compare_ids);
	for (size_t i = 0; i < n + extra_count; i++) {
		const char *path = i < n ? outputs[i] : extra[i - n];
		if (!path || (strcmp(path, "-") == 0 ? fstat(STDOUT_FILENO, &st) != 0 || !S_ISREG(st.st_mode)
						      : stat(path, &st) != 0))
			continue;
		struct file_id id = {st.st_dev, st.st_ino};
		if (bsearch(&id, ids, count, sizeof *ids, compare_ids)) {
			say("%s: is an input: imrc never writes over its inputs", strcmp(path, "-") ? path : "<stdout>",
			    NULL, NULL);
			status = STATUS_USAGE;
			if (strcmp(path, "-") == 0)
				break;                    /* say it once for all outputs to stdout */
		}
	}
	free(ids);

	if (status == STATUS_OK) {
		char **paths = xmalloc((keyed_count + extra_count + 1) * sizeof *paths);
		count = 0;                       /* the ids are done with */
		for (size_t i = 0; i < keyed_count; i++)
			paths[count++] = keys[i].key;
		for (size_t i = 0; i < extra_count; i++)
			if (extra[i] && strcmp(extra[i], "-") != 0)
				paths[count++] = normal_path(extra[i]);
		remove_stale(paths, count);
		for (size_t i = keyed_count; i < count; i++)
			free(paths[i]);
		free(paths);
	}
	for (size_t i = 0; i < keyed_count; i++)
		free(keys[i].key);
	free(keys);
	return status;
}

/* Whether imrc may write into the folder of -d (or, when it does not exist yet, into the nearest folder above it
 * that does, where it will make it). Says why not on stderr. */
static int folder_writable(const char *dir)
{
	char *path = normal_path(dir);
	struct stat st;
	int err = 0;
	for (;;) {
		if (stat(path, &st) == 0) {
			err = !S_ISDIR(st.st_mode) ? ENOTDIR : access(path, W_OK | X_OK) != 0 ? errno : 0;
			break;
		}
		char *slash = strrchr(path, '/');
		if (!slash || slash == path) {     /* "." or "/" always exist: a relative path with no folder left */
			if (slash)
				slash[1] = '\0';
			else
				strcpy(path, ".");
			continue;
		}
		*slash = '\0';
	}
	if (err)
		say("%s: %s: no letter can be written there, so none was compiled", path, strerror(err), NULL);
	free(path);
	return err == 0;
}

/* Whether --update may skip the letter: its output exists and is newer than the input. */
static int up_to_date(const char *input, const char *output)
{
	struct stat in, out;
	if (strcmp(input, "-") == 0 || strcmp(output, "-") == 0 || stat(input, &in) != 0 || stat(output, &out) != 0)
		return 0;
	return out.st_mtim.tv_sec > in.st_mtim.tv_sec
	       || (out.st_mtim.tv_sec == in.st_mtim.tv_sec && out.st_mtim.tv_nsec > in.st_mtim.tv_nsec);
}

/* Adds "imrc: WHAT: MESSAGE" to a letter's diagnostics (err: an errno value or OUTPUT_NO_READER). */
static void io_error(struct result *r, const char *what, int err)
{
	buffer_adds(&r->diag, "imrc: ");
	diag_add_name(&r->diag, what);
	buffer_adds(&r->diag, ": ");
	buffer_adds(&r->diag, output_strerror(err));
	buffer_addc(&r->diag, '\n');
	r->errors++;
}

/* Reads, compiles and writes letter i; fills r. slot is the worker's output slot; out is the worker's buffer for
 * the output, kept from letter to letter up to 1 MB (a larger letter's is released when it is done). */
static void compile_one(struct run *run, struct compile_thread *t, size_t i, struct result *r, int slot,
			struct buffer *out)
{
	const struct batch *b = run->b;
	const char *input = b->inputs[i], *path = run->outputs[i];
	if (b->update && up_to_date(input, path)) {
		r->skipped = 1;
		r->status = STATUS_OK;
		return;
	}
	int is_stdin = strcmp(input, "-") == 0;
	struct source src = {.name = !is_stdin ? input : b->stdin_name ? b->stdin_name : "<stdin>"};
	unsigned char *bytes = NULL;
	int err;
	if (is_stdin && b->stdin_ahead) {         /* read by main: a copy, so that bytes is ours as ever */
		if (!(err = b->stdin_ahead->err)) {
			src.size = b->stdin_ahead->size;
			bytes = xmalloc(src.size + 1);
			memcpy(bytes, b->stdin_ahead->bytes, src.size);
		}
	} else {
		err = input_read(input, b->max_size, &bytes, &src.size);
	}
	if (err == EFBIG) {
		char msg[96];
		snprintf(msg, sizeof msg, ":1:1: error: larger than %zu bytes (--max-size): not a letter\n", b->max_size);
		diag_add_name(&r->diag, src.name);
		buffer_adds(&r->diag, msg);
		r->errors++;
		r->status = STATUS_REJECTED;
		return;
	}
	if (err) {
		io_error(r, src.name, err);
		r->status = STATUS_IO;
		return;
	}
	source_open(&src, bytes, src.size, run->c->encoding);
	pthread_mutex_lock(&run->lock);
	while (run->in_flight && run->in_flight + src.size > LETTERS_IN_FLIGHT * b->max_size) {
		run->waiting_for_room++;
		pthread_cond_wait(&run->room, &run->lock);
		run->waiting_for_room--;
	}
	run->in_flight += src.size;
	pthread_mutex_unlock(&run->lock);

	struct diagnostics d = {.src = &src, .quiet = b->quiet, .strict = b->strict};
	buffer_clear(out);
	if (run->c->format == FORMAT_CSV && !run->one_table)
		buffer_adds(out, csv_header(run->c->table));
	struct compile_result result = {0};
	r->status = compile_letter(run->c, t, &src, out, &d, &result);
	r->items = result.items;
	r->partial = result.partial;
	if (r->status == STATUS_OK && b->strict && d.warnings)     /* each printed as an error already */
		r->status = STATUS_REJECTED;
	diag_finish(&d);
	r->warnings = b->strict ? 0 : d.warnings;
	r->errors = d.errors + (b->strict ? d.warnings : 0);
	r->diag = d.text;
	int written = r->status == STATUS_OK || r->partial;
	if (written && run->one_table) {
		r->out = *out;             /* the main thread writes it, in order */
		*out = (struct buffer){0};
	} else if (written) {
		int named = !b->output_dir;
		err = output_write(path, out->data ? out->data : "", out->len, slot, b->durable, named);
		if (err == ENOENT && b->output_dir && !(err = output_make_parents(path)))   /* a new folder under -d */
			err = output_write(path, out->data ? out->data : "", out->len, slot, b->durable, named);
		if (err) {
			io_error(r, strcmp(path, "-") == 0 ? "<stdout>" : path, err);
			r->status = STATUS_IO;
			r->partial = 0;
		}
	}
	if (out->cap > ((size_t)1 << 20))
		buffer_free(out);
	source_close(&src);
	free(bytes);
	pthread_mutex_lock(&run->lock);
	run->in_flight -= src.size;
	if (run->waiting_for_room)
		pthread_cond_broadcast(&run->room);
	pthread_mutex_unlock(&run->lock);
}

struct worker {
	struct run *run;
	int slot;
	pthread_t thread;
};

/* Compiles letter i (taken by the caller, who holds run->lock and gets it back) and marks it done. */
static void compile_taken(struct run *run, struct compile_thread *t, size_t i, int slot, struct buffer *out)
{
	pthread_mutex_unlock(&run->lock);
	struct result *r = &run->slots[i % WINDOW];
	compile_one(run, t, i, r, slot, out);
	pthread_mutex_lock(&run->lock);
	r->done = 1;
	if (run->awaited == i)            /* wake the main thread only for the letter it waits for */
		pthread_cond_signal(&run->done);
}

/* A worker thread: takes the next letter while it is within WINDOW of the printing. */
static void *work(void *arg)
{
	struct worker *w = arg;
	struct run *run = w->run;
	struct compile_thread t;
	compile_thread_init(&t, run->c);
	struct buffer out = {0};
	pthread_mutex_lock(&run->lock);
	for (;;) {
		while (run->next < run->b->input_count && run->next >= run->printed + WINDOW) {
			run->workers_waiting++;
			pthread_cond_wait(&run->space, &run->lock);
			run->workers_waiting--;
		}
		if (run->next >= run->b->input_count)
			break;
		compile_taken(run, &t, run->next++, w->slot, &out);
	}
	pthread_mutex_unlock(&run->lock);
	compile_thread_free(&t);
	buffer_free(&out);
	return NULL;
}

/* The report's line for a letter: file, status, items, warnings, errors, first error. */
static void report_line(struct buffer *line, const char *input, const struct result *r)
{
	static const char *const names[] = {[STATUS_OK] = "compiled", [STATUS_REJECTED] = "rejected",
					     [STATUS_USAGE] = "usage", [STATUS_IO] = "io-error",
					     [STATUS_INTERNAL] = "internal-error"};
	char counts[96];
	buffer_clear(line);
	csv_quote(line, input, strlen(input));
	snprintf(counts, sizeof counts, ",%s,%d,%d,%d,", r->skipped ? "skipped" : r->partial ? "partial" : names[r->status],
		 r->items, r->warnings, r->errors);
	buffer_adds(line, counts);
	const char *first = r->diag.data ? strstr(r->diag.data, ": error: ") : NULL;
	if (!first && r->status != STATUS_OK && r->diag.data)
		first = r->diag.data;        /* "imrc: FILE: MESSAGE" */
	else if (first)
		first += 9;
	if (first)
		csv_quote(line, first, strcspn(first, "\n"));
	buffer_addc(line, '\n');
}

/* On SIGINT, SIGTERM or SIGHUP (called by the signal thread, output_on_signal): the report gets an "interrupted"
 * line for each letter without one and is completed, and imrc says how to go on. Keeps report_lock: the main
 * thread writes no more lines before the process dies. */
static void report_interrupted(void *ctx, int sig)
{
	struct run *run = ctx;
	const struct batch *b = run->b;
	pthread_mutex_lock(&run->report_lock);
	size_t done = run->reported;
	if (run->report_open) {
		struct buffer line = {0};
		for (size_t i = run->reported; i < b->input_count; i++) {
			buffer_clear(&line);
			csv_quote(&line, input_name(b, i), strlen(input_name(b, i)));
			buffer_adds(&line, ",interrupted,0,0,0,\n");
			output_append(&run->report, line.data, line.len);
		}
		buffer_free(&line);
		int err = output_close(&run->report, b->durable);
		run->report_open = 0;
		if (err)
			say("%s: %s", b->report, output_strerror(err), NULL);
	}
	if (b->input_count > 1) {
		char *report = b->report ? diag_name(b->report) : NULL;
		fprintf(stderr, "%simrc: interrupted (%s) after %zu of %zu letters%s%s%s; to compile the rest, run the "
			"same command with --update\n", isatty(STDERR_FILENO) ? "\r\033[K" : "", strsignal(sig), done,
			b->input_count,
			report ? ": the report (" : "", report ? report : "", report ? ") marks the others interrupted" : "");
		free(report);
	}
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* The progress line on a terminal: letters done of total, rate, time left. */
static void progress(size_t done, size_t total, double elapsed)
{
	double rate = elapsed > 0 ? (double)done / elapsed : 0;
	double left = rate > 0 ? (double)(total - done) / rate : 0;
	fprintf(stderr, "\r%zu/%zu letters, %.0f/s, %.0f s left \033[K", done, total, rate, left);
}

int batch_run(const struct compiler *c, const struct batch *b)
{
	struct run run = {.c = c, .b = b, .awaited = SIZE_MAX};
	size_t n = b->input_count;
	run.outputs = xmalloc((n ? n : 1) * sizeof *run.outputs);
	for (size_t i = 0; i < n; i++)
		run.outputs[i] = output_path(b, c->format, b->inputs[i] + (b->kept_from ? b->kept_from[i] : 0));
	run.one_table = format_joins(c->format) && !b->output_dir;
	const char *table_path = b->output ? b->output : "-";
	const char *extra[] = {run.one_table ? table_path : "-", b->report ? b->report : "-"};
	int status = check_outputs(b, run.outputs, extra, 2);
	if (status == STATUS_OK && b->output_dir && !folder_writable(b->output_dir))
		status = STATUS_IO;
	/* the one table and the report are written like any output: complete, or not at all */
	struct output_file table;
	int table_open = 0, err = 0;
	if (status == STATUS_OK && run.one_table && !(err = output_open(&table, table_path, OUTPUT_SLOTS - 1, 1))) {
		table_open = 1;
		if (c->format == FORMAT_CSV)
			output_append(&table, csv_header(c->table), strlen(csv_header(c->table)));
	}
	if (err) {
		say("%s: %s", strcmp(table_path, "-") ? table_path : "<stdout>", output_strerror(err), NULL);
		status = STATUS_IO;
	}
	if (status == STATUS_OK && b->report && !(err = output_open(&run.report, b->report, OUTPUT_SLOTS - 2, 1))) {
		run.report_open = 1;
		static const char header[] = "file,status,items,warnings,errors,first_error\n";
		output_append(&run.report, header, sizeof header - 1);
	}
	pthread_mutex_init(&run.report_lock, NULL);
	if (status == STATUS_OK)
		output_on_signal(report_interrupted, &run);
	if (err && status == STATUS_OK) {
		say("%s: %s", b->report, output_strerror(err), NULL);
		status = STATUS_IO;
	}
	if (status != STATUS_OK)
		goto done;
	struct buffer line = {0};

	pthread_mutex_init(&run.lock, NULL);
	pthread_cond_init(&run.done, NULL);
	pthread_cond_init(&run.space, NULL);
	pthread_cond_init(&run.room, NULL);
	int threads = b->threads < 1 ? 1 : b->threads > OUTPUT_SLOTS - 2 ? OUTPUT_SLOTS - 2 : b->threads;   /* 2 slots: table, report */
	if ((size_t)threads > n)
		threads = n ? (int)n : 1;
	struct worker *workers = xcalloc((size_t)threads, sizeof *workers);
	for (int k = 1; k < threads; k++) {       /* the main thread is the first of them */
		workers[k] = (struct worker){.run = &run, .slot = k};
		if (pthread_create(&workers[k].thread, NULL, work, &workers[k]) != 0) {
			fputs("imrc: cannot start a thread\n", stderr);
			exit(STATUS_INTERNAL);
		}
	}
	struct compile_thread own;
	struct buffer own_out = {0};
	compile_thread_init(&own, c);

	int show_progress = !b->quiet && n > 1 && isatty(STDERR_FILENO);
	struct timespec start, last = {0};
	clock_gettime(CLOCK_MONOTONIC, &start);
	size_t compiled = 0, rejected = 0, partial = 0, io_errors = 0, internal = 0, skipped = 0, warnings = 0;
	pthread_mutex_lock(&run.lock);
	for (size_t i = 0; i < n;) {
		struct result *r = &run.slots[i % WINDOW];
		if (!r->done && run.next < n && run.next < run.printed + WINDOW) {
			compile_taken(&run, &own, run.next++, 0, &own_out);
			continue;
		}
		if (!r->done) {                   /* every letter left is being compiled */
			run.awaited = i;
			pthread_cond_wait(&run.done, &run.lock);
			run.awaited = SIZE_MAX;
			continue;
		}
		pthread_mutex_unlock(&run.lock);
		if (r->diag.len) {
			if (show_progress)
				fputs("\r\033[K", stderr);
			fwrite(r->diag.data, 1, r->diag.len, stderr);
		}
		if (run.one_table && r->out.len)
			output_append(&table, r->out.data, r->out.len);
		pthread_mutex_lock(&run.report_lock);
		if (run.report_open) {
			report_line(&line, input_name(b, i), r);
			output_append(&run.report, line.data, line.len);
		}
		run.reported = i + 1;
		pthread_mutex_unlock(&run.report_lock);
		if ((int)r->status > status)
			status = (int)r->status;
		skipped += r->skipped;
		compiled += r->status == STATUS_OK && !r->skipped;
		rejected += r->status == STATUS_REJECTED;
		partial += r->partial;
		io_errors += r->status == STATUS_IO;
		internal += r->status == STATUS_INTERNAL;
		warnings += (size_t)r->warnings;
		buffer_free(&r->diag);
		buffer_free(&r->out);
		memset(r, 0, sizeof *r);
		i++;
		if (show_progress && (seconds_since(&last) > 0.1 || i == n)) {
			clock_gettime(CLOCK_MONOTONIC, &last);
			progress(i, n, seconds_since(&start));
		}
		pthread_mutex_lock(&run.lock);
		run.printed = i;
		if (run.workers_waiting)
			pthread_cond_broadcast(&run.space);
	}
	pthread_mutex_unlock(&run.lock);
	for (int k = 1; k < threads; k++)
		pthread_join(workers[k].thread, NULL);
	compile_thread_free(&own);
	buffer_free(&own_out);
	free(workers);
	pthread_mutex_destroy(&run.lock);
	pthread_cond_destroy(&run.done);
	pthread_cond_destroy(&run.space);
	pthread_cond_destroy(&run.room);
	if (show_progress)
		fputs("\r\033[K", stderr);
	buffer_free(&line);
	if (!b->quiet && n > 1) {
		char bugs[64] = "";                 /* only when there are any: each is a bug of imrc's */
		char partials[64] = "";
		if (internal)
			snprintf(bugs, sizeof bugs, ", %zu internal errors", internal);
		if (partial)                         /* --partial: how many of the rejected were written all the same */
			snprintf(partials, sizeof partials, " (%zu written partial)", partial);
		fprintf(stderr, "imrc: %zu compiled, %zu rejected%s, %zu I/O errors%s, %zu skipped, %zu warnings in %.1f s\n",
			compiled, rejected, partials, io_errors, bugs, skipped, warnings, seconds_since(&start));
	}
done:
	if (table_open && (err = output_close(&table, b->durable))) {
		say("%s: %s", strcmp(table_path, "-") ? table_path : "<stdout>", output_strerror(err), NULL);
		status = status > STATUS_IO ? status : STATUS_IO;
	}
	output_on_signal(NULL, NULL);
	if (run.report_open && (err = output_close(&run.report, b->durable))) {
		say("%s: %s", b->report, output_strerror(err), NULL);
		status = status > STATUS_IO ? status : STATUS_IO;
	}
	pthread_mutex_destroy(&run.report_lock);
	for (size_t i = 0; i < n; i++)
		free(run.outputs[i]);
	free(run.outputs);
	return status;
}
