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

/* The temporary files being written, a slot per writer. A slot's flag is set while its file exists; a slot
 * changes only under its own lock (writers never wait on each other), which the signal thread takes, slot by
 * slot, before it removes the slot's file. */
static char temp_paths[OUTPUT_SLOTS][4096];
static int temp_exists[OUTPUT_SLOTS];
static pthread_mutex_t temp_locks[OUTPUT_SLOTS];
static mode_t process_umask = 022;         /* read once: umask() cannot be read without setting it */
static long process_id;                    /* names the temporary files */
static sigset_t handled;                   /* the signals the signal thread waits for */
static pthread_t signals_thread;
static int signals_thread_running;

/* The signal thread: waits for SIGINT, SIGTERM or SIGHUP (blocked in every other thread), removes the
 * temporary files, then dies of the signal. It keeps every slot's lock: no writer makes or renames a file after. */
static void *signal_thread(void *arg)
{
	(void)arg;
	int sig;
	if (sigwait(&handled, &sig) != 0)
		return NULL;
	for (int i = 0; i < OUTPUT_SLOTS; i++) {
		pthread_mutex_lock(&temp_locks[i]);
		if (temp_exists[i])
			unlink(temp_paths[i]);
	}
	signal(sig, SIG_DFL);
	pthread_sigmask(SIG_UNBLOCK, &handled, NULL);
	raise(sig);
	return NULL;
}

void output_init(void)
{
	process_umask = umask(0);
	umask(process_umask);
	process_id = (long)getpid();
	for (int i = 0; i < OUTPUT_SLOTS; i++)
		pthread_mutex_init(&temp_locks[i], NULL);
	static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction old;
	sigemptyset(&handled);
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
		if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)   /* nohup stays nohup */
			sigaddset(&handled, signals[i]);
	pthread_sigmask(SIG_BLOCK, &handled, NULL);      /* threads made from now on inherit the mask */
	signals_thread_running = pthread_create(&signals_thread, NULL, signal_thread, NULL) == 0;
}

void output_finish(void)
{
	if (!signals_thread_running)
		return;
	pthread_cancel(signals_thread);           /* it waits in sigwait, a cancellation point */
	pthread_join(signals_thread, NULL);
	signals_thread_running = 0;
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

/* fsyncs the folder of path, so that a rename in it is on disk. Returns 0 or an errno value. */
static int sync_folder(const char *path)
{
	const char *slash = strrchr(path, '/');
	char folder[4096];
	snprintf(folder, sizeof folder, "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".");
	int fd = open(folder, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return errno;
	int err = fsync(fd) != 0 ? errno : 0;
	close(fd);
	return err;
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
	/* a short name of its own in the output's folder (any output name that fits the folder fits), made with
	 * the output's mode: the process and the slot make it unique, unless a process of the same pid (a dead one,
	 * or one in another pid namespace sharing the folder) has it: then mkstemp picks another, fchmod the mode */
	char *temp = temp_paths[slot];
	const char *slash = strrchr(path, '/');
	int folder = slash ? (int)(slash - path) + 1 : 0;
	int n = snprintf(temp, sizeof temp_paths[slot], "%.*s.imrc.%ld.%d", folder, path, process_id, slot);
	if (n < 0 || (size_t)n >= sizeof temp_paths[slot])
		return ENAMETOOLONG;
	pthread_mutex_lock(&temp_locks[slot]);
	f->fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, f->mode);
	f->fix_mode = f->replacing;            /* open applies the umask: an existing file's mode may need more */
	if (f->fd < 0 && errno == EEXIST) {
		snprintf(temp, sizeof temp_paths[slot], "%.*s.imrc.XXXXXX", folder, path);
		f->fd = mkstemp(temp);
		f->fix_mode = 1;
	}
	int err = errno;
	if (f->fd >= 0)
		temp_exists[slot] = 1;
	pthread_mutex_unlock(&temp_locks[slot]);
	return f->fd < 0 ? err : 0;
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
	if (!err && f->fix_mode && fchmod(f->fd, f->mode) != 0)
		err = errno;
	if (!err && (f->replacing || durable) && fsync(f->fd) != 0)
		err = errno;
	if (close(f->fd) != 0 && !err)
		err = errno;
	pthread_mutex_lock(&temp_locks[f->slot]);
	if (!err && rename(temp, f->path) != 0)
		err = errno;
	if (err)
		unlink(temp);
	temp_exists[f->slot] = 0;
	pthread_mutex_unlock(&temp_locks[f->slot]);
	if (!err && durable)
		err = sync_folder(f->path);
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
