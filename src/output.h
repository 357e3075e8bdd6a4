/* SPDX-License-Identifier: GPL-3.0-or-later */
/* output.h: writing results so that a file is either complete or not there at all. */
#ifndef IMRC_OUTPUT_H
#define IMRC_OUTPUT_H

#include <stddef.h>

/* Call once, before any other thread: reads the umask, and starts a thread that on SIGINT, SIGTERM and SIGHUP
 * (unless ignored) removes the temporary files being written, then dies of the signal (128+N). */
void output_init(void);
/* Stops that thread (at the end of the run: then a signal kills as usual, with nothing left to remove). */
void output_finish(void);
/* Has the signal thread call fn(ctx, signal) first, before it removes the temporary files (NULL: nothing). fn may
 * complete an output with output_close and print; the process then dies of the signal all the same. */
void output_on_signal(void (*fn)(void *ctx, int sig), void *ctx);

/* Writers that may work at once: each passes its own slot (0 .. OUTPUT_SLOTS - 1). */
#define OUTPUT_SLOTS 256

/* The output policy (README, "Where outputs go"), all of it here:
 * - an output is written to a temporary file beside it, locked while it is written, then renamed over the path:
 *   what was at the path (a file, a symlink, a device node, a FIFO) is replaced, never opened or followed;
 * - a new output has mode 0666 less the umask; a replaced regular file keeps its permission bits but never a
 *   set-id or sticky bit; nothing comes from a symlink's target;
 * - except a path the user named (-o, --report): there, what the path leads to is written directly when it is
 *   not a regular file (a terminal, /dev/null, a FIFO: no reader is an error, not a hang) or is already our
 *   standard output or error (/dev/stdout), and so never replaced. "-" is standard output. */
struct output_file {
	const char *path;
	int fd, slot, replacing, direct, borrowed, fix_mode, err;
	unsigned mode;
};

/* Error code of output_open for a FIFO with no reader (errno values are positive). */
#define OUTPUT_NO_READER (-1)
/* The message of an error of this file's functions: an errno value or OUTPUT_NO_READER. */
const char *output_strerror(int err);

/* Opens path for writing through the writer's slot, by the policy above; named says the user named the path
 * (-o, --report) rather than imrc (-d). Returns 0 or an error code. */
int output_open(struct output_file *f, const char *path, int slot, int named);
/* Appends data; the first failure is kept and returned by output_close. */
void output_append(struct output_file *f, const char *data, size_t len);
/* Completes the output (fsync when it replaces a file, or always when durable; then the rename, and with durable
 * an fsync of the folder), or removes the temporary file after a failure. Returns 0 or an errno value. */
int output_close(struct output_file *f, int durable);

/* Writes data to path by the policy above, so an existing file is replaced only by a complete one; fsyncs before
 * replacing an existing file, and always when durable. Returns 0, or an error code (then nothing is left
 * behind). */
int output_write(const char *path, const char *data, size_t len, int slot, int durable, int named);

/* A temporary file left by a run that was killed outside imrc's control (SIGKILL, a crash, a power cut) is
 * removed by the next run that writes into its folder: this removes those of folder ("" = the current one)
 * whose writer is gone (no lock on them) and that are at least STALE_SECONDS old. */
#define STALE_SECONDS 60
void output_remove_stale(const char *folder);

/* Makes the folders above path that do not exist yet. Returns 0 or an errno value. */
int output_make_parents(const char *path);

#endif
