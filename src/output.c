/* output.c: all-or-nothing output files (see output.h). */
#define _POSIX_C_SOURCE 200809L
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* The temporary files being written, one slot a thread, for the signal handler: a slot's path is only read
 * while its flag is set, and the flag is set only while the file exists. */
static char temp_paths[OUTPUT_SLOTS][4096];
static volatile sig_atomic_t temp_exists[OUTPUT_SLOTS];
static mode_t process_umask = 022;         /* read once: umask() cannot be read without setting it */

static void on_signal(int sig)
{
	for (int i = 0; i < OUTPUT_SLOTS; i++)
		if (temp_exists[i])
			unlink(temp_paths[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void output_init(void)
{
	process_umask = umask(0);
	umask(process_umask);
	static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
		if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)   /* nohup stays nohup */
			sigaction(signals[i], &sa, NULL);
}

/* Writes all of data to fd. Returns 0 or an errno value. */
static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Blocks the signals whose handler reads the slots, around a change of a slot; restores them with unblock. */
static void block_signals(sigset_t *old)
{
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, old);
}

int output_open(struct output_file *f, const char *path, int slot)
{
	*f = (struct output_file){.path = path, .fd = -1, .slot = slot};
	if (strcmp(path, "-") == 0) {
		f->fd = STDOUT_FILENO;
		f->direct = 1;
		return 0;
	}
	struct stat existing;
	f->replacing = stat(path, &existing) == 0;
	f->mode = f->replacing ? existing.st_mode & 07777 : 0666 & ~process_umask;
	if (f->replacing && !S_ISREG(existing.st_mode)) {
		/* a device or a pipe (/dev/null, /dev/full): no rename, just write to it */
		f->fd = open(path, O_WRONLY | O_TRUNC);
		f->direct = 1;
		return f->fd < 0 ? errno : 0;
	}
	char *temp = temp_paths[slot];
	const char *slash = strrchr(path, '/');
	int n = slash ? snprintf(temp, sizeof temp_paths[slot], "%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1)
		      : snprintf(temp, sizeof temp_paths[slot], ".%s.XXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof temp_paths[slot])
		return ENAMETOOLONG;
	sigset_t old;
	block_signals(&old);         /* the handler must see the name and the file together */
	f->fd = mkstemp(temp);
	if (f->fd >= 0)
		temp_exists[slot] = 1;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return f->fd < 0 ? errno : 0;
}

void output_append(struct output_file *f, const char *data, size_t len)
{
	if (!f->err)
		f->err = write_all(f->fd, data, len);
}

int output_close(struct output_file *f, int durable)
{
	int err = f->err;
	if (f->direct) {
		if (f->fd != STDOUT_FILENO && close(f->fd) != 0 && !err)
			err = errno;
		return err;
	}
	const char *temp = temp_paths[f->slot];
	if (!err && fchmod(f->fd, f->mode) != 0)
		err = errno;
	if (!err && (f->replacing || durable) && fsync(f->fd) != 0)
		err = errno;
	if (close(f->fd) != 0 && !err)
		err = errno;
	if (!err && rename(temp, f->path) != 0)
		err = errno;
	sigset_t old;
	block_signals(&old);
	if (err)
		unlink(temp);
	temp_exists[f->slot] = 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return err;
}

int output_write(const char *path, const char *data, size_t len, int slot, int durable)
{
	struct output_file f;
	int err = output_open(&f, path, slot);
	if (err)
		return err;
	output_append(&f, data, len);
	return output_close(&f, durable);
}

int output_make_parents(const char *path)
{
	char buf[4096];
	size_t len = strlen(path);
	if (len >= sizeof buf)
		return ENAMETOOLONG;
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(buf, 0777) != 0 && errno != EEXIST)
			return errno;
		*p = '/';
	}
	return 0;
}
