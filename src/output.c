/* SPDX-License-Identifier: GPL-3.0-or-later */
/* output.c: all-or-nothing output files (see output.h). */
#define _POSIX_C_SOURCE 200809L
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
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
static pthread_mutex_t on_signal_lock = PTHREAD_MUTEX_INITIALIZER;
static void (*on_signal)(void *ctx, int sig);   /* output_on_signal's, under on_signal_lock */
static void *on_signal_ctx;

/* The signal thread: waits for SIGINT, SIGTERM or SIGHUP (blocked in every other thread), runs the function of
 * output_on_signal, removes the temporary files, then dies of the signal. It keeps every slot's lock: no writer makes or renames a file after. */
static void *signal_thread(void *arg)
{
	(void)arg;
	int sig;
	if (sigwait(&handled, &sig) != 0)
		return NULL;
	pthread_mutex_lock(&on_signal_lock);
	if (on_signal)
		on_signal(on_signal_ctx, sig);
	pthread_mutex_unlock(&on_signal_lock);
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

void output_on_signal(void (*fn)(void *ctx, int sig), void *ctx)
{
	pthread_mutex_lock(&on_signal_lock);
	on_signal = fn;
	on_signal_ctx = ctx;
	pthread_mutex_unlock(&on_signal_lock);
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

/* Makes f's temporary file: a short name of its own in the output's folder (any output name that fits the folder
 * fits), with the output's mode. The process and the slot make the name unique, unless a process of the same pid
 * (a dead one, or one in another pid namespace sharing the folder) has it: then mkstemp picks another. The file
 * is locked while it exists, which tells a later run (output_remove_stale) that its writer is alive. */
static int open_temporary(struct output_file *f)
{
	char *temp = temp_paths[f->slot];
	const char *slash = strrchr(f->path, '/');
	int folder = slash ? (int)(slash - f->path) + 1 : 0;
	int n = snprintf(temp, sizeof temp_paths[f->slot], "%.*s.imrc.%ld.%d", folder, f->path, process_id, f->slot);
	if (n < 0 || (size_t)n >= sizeof temp_paths[f->slot])
		return ENAMETOOLONG;
	pthread_mutex_lock(&temp_locks[f->slot]);
	f->fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, f->mode);
	f->fix_mode = f->replacing;            /* open applies the umask: an existing file's mode may need more */
	if (f->fd < 0 && errno == EEXIST) {
		snprintf(temp, sizeof temp_paths[f->slot], "%.*s.imrc.XXXXXX", folder, f->path);
		f->fd = mkstemp(temp);
		f->fix_mode = 1;
	}
	int err = errno;
	if (f->fd >= 0) {
		temp_exists[f->slot] = 1;
		flock(f->fd, LOCK_EX | LOCK_NB);   /* a new file: nobody else holds it (a folder without locks: no harm) */
	}
	pthread_mutex_unlock(&temp_locks[f->slot]);
	return f->fd < 0 ? err : 0;
}

/* Whether st is the file open as descriptor fd. */
static int is_open_as(const struct stat *st, int fd)
{
	struct stat open_st;
	return fstat(fd, &open_st) == 0 && open_st.st_dev == st->st_dev && open_st.st_ino == st->st_ino;
}

/* Opens an existing file that is not to be replaced: a device, a FIFO (with no reader an error, not a hang) or
 * the file our standard output or error already writes (/dev/stdout, /dev/stderr). */
static int open_direct(struct output_file *f, const struct stat *target)
{
	f->direct = 1;
	if (is_open_as(target, STDOUT_FILENO) || is_open_as(target, STDERR_FILENO)) {
		f->fd = is_open_as(target, STDOUT_FILENO) ? STDOUT_FILENO : STDERR_FILENO;
		f->borrowed = 1;
		return 0;
	}
	f->fd = open(f->path, O_WRONLY | O_TRUNC | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (f->fd < 0)
		return errno == ENXIO && S_ISFIFO(target->st_mode) ? OUTPUT_NO_READER : errno;
	int flags = fcntl(f->fd, F_GETFL);
	if (flags < 0 || fcntl(f->fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
		int err = errno;
		close(f->fd);
		return err;
	}
	return 0;
}

int output_open(struct output_file *f, const char *path, int slot, int named)
{
	*f = (struct output_file){.path = path, .fd = -1, .slot = slot, .mode = 0666 & ~process_umask};
	if (strcmp(path, "-") == 0) {
		f->fd = STDOUT_FILENO;
		f->direct = f->borrowed = 1;
		return 0;
	}
	struct stat entry, target;
	if (lstat(path, &entry) == 0) {
		/* a path the user named leads to something not to replace: write there (never to a symlink's regular
		 * target, except when it is our own standard output or error) */
		if (named && stat(path, &target) == 0
		    && (!S_ISREG(target.st_mode) || is_open_as(&target, STDOUT_FILENO)
			|| is_open_as(&target, STDERR_FILENO)))
			return open_direct(f, &target);
		/* else the entry itself is replaced: a regular file keeps its permissions but set-id bits; a
		 * symlink, a device node or a FIFO under -d is replaced by a new file, never followed */
		f->replacing = 1;
		if (S_ISREG(entry.st_mode))
			f->mode = entry.st_mode & 0777;
	}
	return open_temporary(f);
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
		if (!f->borrowed && close(f->fd) != 0 && !err)
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

int output_write(const char *path, const char *data, size_t len, int slot, int durable, int named)
{
	struct output_file f;
	int err = output_open(&f, path, slot, named);
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

/* Whether name is one of our temporary files' names: .imrc.PID.SLOT or .imrc.XXXXXX (mkstemp's). */
static int temporary_name(const char *name)
{
	if (strncmp(name, ".imrc.", 6) != 0)
		return 0;
	name += 6;
	size_t pid = strspn(name, "0123456789");
	if (pid > 0 && name[pid] == '.' && name[pid + 1] && strspn(name + pid + 1, "0123456789") == strlen(name + pid + 1))
		return 1;
	return strlen(name) == 6;
}

void output_remove_stale(const char *folder)
{
	DIR *dir = opendir(*folder ? folder : ".");
	if (!dir)
		return;
	time_t now = time(NULL);
	for (struct dirent *e; (e = readdir(dir));) {
		if (!temporary_name(e->d_name))
			continue;
		int fd = openat(dirfd(dir), e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		struct stat st;
		if (fd < 0)
			continue;
		/* unlocked: its writer is gone (a lock dies with its process); a minute old: not one being made now */
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && now - st.st_mtime >= STALE_SECONDS
		    && flock(fd, LOCK_EX | LOCK_NB) == 0)
			unlinkat(dirfd(dir), e->d_name, 0);
		close(fd);
	}
	closedir(dir);
}

const char *output_strerror(int err)
{
	return err == OUTPUT_NO_READER ? "a FIFO that no process reads" : strerror(err);
}
