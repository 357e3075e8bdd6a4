/* output.h: writing results so that a file is either complete or not there at all. */
#ifndef IMRC_OUTPUT_H
#define IMRC_OUTPUT_H

#include <stddef.h>

/* On SIGINT, SIGTERM and SIGHUP (unless ignored), removes the temporary file being written, if any, then dies
 * of the signal. */
void output_install_signal_handlers(void);

/* Writers that may work at once: each passes its own slot (0 .. OUTPUT_SLOTS - 1). */
#define OUTPUT_SLOTS 256

/* Writes data to path ("-" = standard output) through a temporary file in the same folder and a rename, so an
 * existing file is replaced only by a complete one; fsyncs before replacing an existing file, and always when
 * durable. Returns 0, or an errno value (then nothing is left behind). */
int output_write(const char *path, const char *data, size_t len, int slot, int durable);

/* Makes the folders above path that do not exist yet. Returns 0 or an errno value. */
int output_make_parents(const char *path);

#endif
