/* output.c: all-or-nothing output files (see output.h). */
#define _POSIX_C_SOURCE 200809L
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* The temporary file being written, for the signal handler; only set while it exists. */
static char temp_path[4096];
static volatile sig_atomic_t temp_exists;

static void on_signal(int sig)
{
	if (temp_exists)
		unlink(temp_path);
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

static int fail(const char *path, int err)
{
	fprintf(stderr, "imrc: %s: %s\n", path, strerror(err));
	return -1;
}

int output_write(const char *path, const char *data, size_t len)
{
	if (strcmp(path, "-") == 0) {
		int err = write_all(STDOUT_FILENO, data, len);
		return err ? fail("<stdout>", err) : 0;
	}
	struct stat existing;
	int replacing = stat(path, &existing) == 0;
	if (replacing && !S_ISREG(existing.st_mode)) {
		/* a device or a pipe (/dev/null, /dev/full): no rename, just write to it */
		int fd = open(path, O_WRONLY | O_TRUNC);
		if (fd < 0)
			return fail(path, errno);
		int err = write_all(fd, data, len);
		if (close(fd) != 0 && !err)
			err = errno;
		return err ? fail(path, err) : 0;
	}
	const char *slash = strrchr(path, '/');
	int n = slash ? snprintf(temp_path, sizeof temp_path, "%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1)
		      : snprintf(temp_path, sizeof temp_path, ".%s.XXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof temp_path)
		return fail(path, ENAMETOOLONG);

	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);    /* the handler must see the name and the file together */
	int fd = mkstemp(temp_path);
	if (fd >= 0)
		temp_exists = 1;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0)
		return fail(path, errno);

	mode_t mask = umask(0);
	umask(mask);
	int err = write_all(fd, data, len);
	if (!err && fchmod(fd, replacing ? existing.st_mode & 07777 : 0666 & ~mask) != 0)
		err = errno;
	if (!err && replacing && fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && !err)
		err = errno;
	if (!err && rename(temp_path, path) != 0)
		err = errno;
	sigprocmask(SIG_BLOCK, &block, &old);
	if (err)
		unlink(temp_path);
	temp_exists = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return err ? fail(path, err) : 0;
}

int output_same_file(const char *path, const char *other)
{
	struct stat a, b;
	return stat(path, &a) == 0 && stat(other, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}
