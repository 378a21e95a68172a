/* watchfile.h: noticing that one file was saved, for `dojo watch`. Editors
 * save in different ways: in place (write + close), by writing a temporary
 * file and renaming it over the original (vim's backupcopy=no, most IDEs), or
 * by deleting and creating it again. Watching the file's folder with inotify
 * (inotify(7)) for events naming the file catches all three; a burst of
 * events from one save is debounced into one change. Where inotify is not
 * available (some container file systems, inotify limits reached) it polls
 * the file's identity (inode, size, modification time) instead, and says
 * that it does.
 *
 * It also reads single keys from a terminal in non-canonical mode
 * (termios(3)), so the watch loop can wait for a save or a key at once.
 * Depends on POSIX and Linux's inotify. */
#ifndef DOJO_WATCHFILE_H
#define DOJO_WATCHFILE_H

#include <stddef.h>

struct watchfile;

/* What watchfile_wait saw. */
enum watch_event {
    WATCH_ERROR = -1,  /* reading events or keys failed (errno is set) */
    WATCH_TIMEOUT = 0, /* nothing within the time given */
    WATCH_CHANGED = 1, /* the file was saved (a debounced burst of events) */
    WATCH_KEY = 2,     /* a key was pressed: *key holds it */
};

/* watchfile_open: starts watching `path` (a file that may not exist yet; its
 * folder must). On success *out owns a watcher (free it with
 * watchfile_close) and 0 is returned. When inotify can't be used the
 * watcher polls (watchfile_polling says so). Returns -1 with a one-line
 * reason in err (capacity errcap) when the folder can't be watched or
 * polled (it does not exist, no memory). DOJO_WATCH_POLL=1 in the
 * environment makes it poll even where inotify works. */
int watchfile_open(const char *path, struct watchfile **out, char *err, size_t errcap);

/* watchfile_polling: 1 when the watcher polls (no inotify), 0 otherwise. */
int watchfile_polling(const struct watchfile *w);

/* watchfile_changed: non-blocking: 1 when the file changed since the last
 * call (or since watchfile_open), 0 when not. Drains pending events. A
 * change means its identity (inode, size, mtime in ns) differs, or that an
 * event named it: touching a file counts, an event for another file in the
 * folder does not, and a deleted file is no change until it is back. */
int watchfile_changed(struct watchfile *w);

/* watchfile_wait: waits up to timeout_ms (-1: no limit) for a change of the
 * file or, when keyfd >= 0, a byte readable on keyfd (stored in *key).
 * After a first event it waits until `quiet_ms` pass with no further
 * event for the file, so one save is one WATCH_CHANGED. A key pressed
 * during that quiet period is kept for the next call. Returns a
 * watch_event. EINTR (a signal) returns WATCH_TIMEOUT, so the caller can
 * look at its signal flags. */
enum watch_event watchfile_wait(struct watchfile *w, int keyfd, int timeout_ms, int quiet_ms, int *key);

/* watchfile_close: stops watching and frees w (NULL is allowed). */
void watchfile_close(struct watchfile *w);

/* watchfile_keys_begin: puts the terminal on `fd` in non-canonical mode
 * without echo (single keys, as `less` reads them), keeping its old
 * settings for watchfile_keys_end. Returns 1 when it did, 0 when fd is not
 * a terminal (nothing is changed). Output post-processing and signals (so
 * Ctrl-C still sends SIGINT) are left as they were. */
int watchfile_keys_begin(int fd);

/* watchfile_keys_end: restores the terminal settings watchfile_keys_begin
 * saved (nothing when it changed none). Safe to call more than once, and
 * from an atexit handler. */
void watchfile_keys_end(void);

#endif
