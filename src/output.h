/* output.h: writing results so that a file is either complete or not there at all. */
#ifndef IMRC_OUTPUT_H
#define IMRC_OUTPUT_H

#include <stddef.h>

/* Call once, before any other thread: reads the umask, and starts a thread that on SIGINT, SIGTERM and SIGHUP
 * (unless ignored) removes the temporary files being written, then dies of the signal (128+N). */
void output_init(void);
/* Stops that thread (at the end of the run: then a signal kills as usual, with nothing left to remove). */
void output_finish(void);

/* Writers that may work at once: each passes its own slot (0 .. OUTPUT_SLOTS - 1). */
#define OUTPUT_SLOTS 256

/* An output being written: a temporary file in the folder of path, renamed over it when complete; stdout
 * ("-") and devices are written directly. */
struct output_file {
	const char *path;
	int fd, slot, replacing, direct, fix_mode, err;
	unsigned mode;
};

/* Opens path for writing through the writer's slot. Returns 0 or an errno value. */
int output_open(struct output_file *f, const char *path, int slot);
/* Appends data; the first failure is kept and returned by output_close. */
void output_append(struct output_file *f, const char *data, size_t len);
/* Completes the output (fsync when it replaces a file, or always when durable; then the rename, and with durable
 * an fsync of the folder), or removes the temporary file after a failure. Returns 0 or an errno value. */
int output_close(struct output_file *f, int durable);

/* Writes data to path ("-" = standard output) through a temporary file in the same folder and a rename, so an
 * existing file is replaced only by a complete one; fsyncs before replacing an existing file, and always when
 * durable. Returns 0, or an errno value (then nothing is left behind). */
int output_write(const char *path, const char *data, size_t len, int slot, int durable);

/* Makes the folders above path that do not exist yet. Returns 0 or an errno value. */
int output_make_parents(const char *path);

#endif
