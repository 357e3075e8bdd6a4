/* output.h: writing results so that a file is either complete or not there at all. */
#ifndef IMRC_OUTPUT_H
#define IMRC_OUTPUT_H

#include <stddef.h>

/* On SIGINT, SIGTERM and SIGHUP (unless ignored), removes the temporary file being written, if any, then dies
 * of the signal. */
void output_install_signal_handlers(void);

/* Writes data to path ("-" = standard output) through a temporary file in the same folder and a rename, so an
 * existing file is replaced only by a complete one; fsyncs before replacing an existing file. Returns 0, or -1
 * after printing "imrc: PATH: MESSAGE" (then nothing is left behind). */
int output_write(const char *path, const char *data, size_t len);

/* Whether path names the same file as an existing file other (both must exist). */
int output_same_file(const char *path, const char *other);

#endif
