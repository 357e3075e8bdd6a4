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

static void on_signal(int sig)
{
	for (int i = 0; i < OUTPUT_SLOTS; i++)
		if (temp_exists[i])
			unlink(temp_paths[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void output_install_signal_handlers(void)
{
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

int output_write(const char *path, const char *data, size_t len, int slot, int durable)
{
	char *temp_path = temp_paths[slot];
	if (strcmp(path, "-") == 0) {
		return write_all(STDOUT_FILENO, data, len);
	}
	struct stat existing;
	int replacing = stat(path, &existing) == 0;
	if (replacing && !S_ISREG(existing.st_mode)) {
		/* a device or a pipe (/dev/null, /dev/full): no rename, just write to it */
		int fd = open(path, O_WRONLY | O_TRUNC);
		if (fd < 0)
			return errno;
		int err = write_all(fd, data, len);
		if (close(fd) != 0 && !err)
			err = errno;
		return err;
	}
	const char *slash = strrchr(path, '/');
	int n = slash ? snprintf(temp_path, sizeof temp_paths[slot], "%.*s/.%s.XXXXXX", (int)(slash - path), path,
				 slash + 1)
		      : snprintf(temp_path, sizeof temp_paths[slot], ".%s.XXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof temp_paths[slot])
		return ENAMETOOLONG;

	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, &old);    /* the handler must see the name and the file together */
	int fd = mkstemp(temp_path);
	if (fd >= 0)
		temp_exists[slot] = 1;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (fd < 0)
		return errno;

	mode_t mask = umask(0);
	umask(mask);
	int err = write_all(fd, data, len);
	if (!err && fchmod(fd, replacing ? existing.st_mode & 07777 : 0666 & ~mask) != 0)
		err = errno;
	if (!err && (replacing || durable) && fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && !err)
		err = errno;
	if (!err && rename(temp_path, path) != 0)
		err = errno;
	pthread_sigmask(SIG_BLOCK, &block, &old);
	if (err)
		unlink(temp_path);
	temp_exists[slot] = 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return err;
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
