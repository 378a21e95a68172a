/* watchfile.c: one file watched for saves (inotify on its folder, or polling
 * its identity), and single keys from a terminal, for `dojo watch`. See
 * watchfile.h for what each editor's way of saving looks like. */
#define _GNU_SOURCE
#include "watchfile.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* A file's identity: what a save changes. */
struct ident {
    int exists;
    ino_t ino;
    off_t size;
    long long mtime_ns;
};

struct watchfile {
    int fd;             /* the inotify descriptor, or -1 when polling */
    char dir[PATH_MAX]; /* the folder watched */
    char base[NAME_MAX + 1];
    char path[PATH_MAX + NAME_MAX + 2];
    struct ident last;  /* as of the last change reported */
    int pending;        /* an event named the file, not yet reported */
    int saved;          /* ... and it was written and closed, or moved or
                           created in place: a save even when the identity
                           looks the same (mtime has jiffy resolution) */
};

/* The events that mean the file's content may be new: written and closed,
 * renamed or moved into place, created, deleted (a delete-and-create save). */
#define SAVE_EVENTS (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MODIFY | IN_ATTRIB)

static struct ident ident_of(const char *path)
{
    struct ident id;
    struct stat st;
    memset(&id, 0, sizeof id);
    if (stat(path, &st) != 0)
        return id;
    id.exists = 1;
    id.ino = st.st_ino;
    id.size = st.st_size;
    id.mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    return id;
}

/* now_ms: a monotonic clock in milliseconds. */
static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int ident_same(const struct ident *a, const struct ident *b)
{
    return a->exists == b->exists && a->ino == b->ino && a->size == b->size && a->mtime_ns == b->mtime_ns;
}

int watchfile_open(const char *path, struct watchfile **out, char *err, size_t errcap)
{
    struct watchfile *w;
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) : 0;
    struct stat st;
    *out = NULL;
    w = calloc(1, sizeof *w);
    if (w == NULL) {
        snprintf(err, errcap, "%s: not enough memory to watch it", path);
        return -1;
    }
    if (snprintf(w->path, sizeof w->path, "%s", path) >= (int)sizeof w->path ||
        dirlen >= sizeof w->dir || strlen(slash ? slash + 1 : path) >= sizeof w->base) {
        snprintf(err, errcap, "%s: path too long to watch", path);
        free(w);
        return -1;
    }
    if (slash == NULL)
        snprintf(w->dir, sizeof w->dir, ".");
    else if (dirlen == 0)
        snprintf(w->dir, sizeof w->dir, "/");
    else {
        memcpy(w->dir, path, dirlen);
        w->dir[dirlen] = '\0';
    }
    snprintf(w->base, sizeof w->base, "%s", slash ? slash + 1 : path);
    if (stat(w->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errcap, "%s: no such folder to watch", w->dir);
        free(w);
        return -1;
    }
    {
        const char *poll_env = getenv("DOJO_WATCH_POLL");
        w->fd = poll_env && *poll_env && strcmp(poll_env, "0") != 0 ? -1 : inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    }
    if (w->fd >= 0 && inotify_add_watch(w->fd, w->dir, SAVE_EVENTS | IN_DELETE_SELF | IN_MOVE_SELF) < 0) {
        close(w->fd);
        w->fd = -1;
    }
    w->last = ident_of(w->path);
    *out = w;
    return 0;
}

int watchfile_polling(const struct watchfile *w)
{
    return w->fd < 0;
}

/* drain: reads every pending inotify event; returns how many named the
 * file (or the folder itself going away, after which it polls). */
static int drain(struct watchfile *w)
{
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    int named = 0;
    if (w->fd < 0)
        return 0;
    for (;;) {
        ssize_t n = read(w->fd, buf, sizeof buf);
        if (n <= 0)
            break; /* EAGAIN: nothing more */
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_Q_OVERFLOW | IN_IGNORED))
                named++;
            else if (ev->len > 0 && strcmp(ev->name, w->base) == 0) {
                named++;
                if (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE))
                    w->saved = 1;
            }
            p += sizeof *ev + ev->len;
        }
    }
    return named;
}

int watchfile_changed(struct watchfile *w)
{
    struct ident now;
    if (drain(w) > 0)
        w->pending = 1;
    now = ident_of(w->path);
    if (!now.exists)
        return 0; /* deleted: a save that deletes and creates is not over */
    if (!ident_same(&now, &w->last) || w->pending) {
        /* An event with the identity unchanged and no write or rename (a
         * chmod) is not a save. */
        int changed = !ident_same(&now, &w->last) || w->saved;
        w->last = now;
        w->pending = 0;
        w->saved = 0;
        return changed;
    }
    return 0;
}

enum watch_event watchfile_wait(struct watchfile *w, int keyfd, int timeout_ms, int quiet_ms, int *key)
{
    struct pollfd fds[2];
    int nfds = 0, keyslot = -1, wslot = -1;
    long long end = timeout_ms >= 0 ? now_ms() + timeout_ms : 0;
    if (watchfile_changed(w))
        return WATCH_CHANGED;
    if (w->fd >= 0) {
        fds[nfds].fd = w->fd;
        fds[nfds].events = POLLIN;
        wslot = nfds++;
    }
    if (keyfd >= 0) {
        fds[nfds].fd = keyfd;
        fds[nfds].events = POLLIN;
        keyslot = nfds++;
    }
    for (;;) {
        /* Polling looks at the file four times a second. */
        long long left = timeout_ms >= 0 ? end - now_ms() : -1;
        int slice = w->fd < 0 && (left < 0 || left > 250) ? 250 : (int)left;
        int r;
        if (timeout_ms >= 0 && left <= 0)
            return WATCH_TIMEOUT;
        r = poll(fds, (nfds_t)nfds, slice);
        if (r < 0)
            return errno == EINTR ? WATCH_TIMEOUT : WATCH_ERROR;
        if (keyslot >= 0 && (fds[keyslot].revents & (POLLIN | POLLHUP))) {
            unsigned char c;
            ssize_t n = read(keyfd, &c, 1);
            if (n == 1) {
                *key = c;
                return WATCH_KEY;
            }
            if (n == 0) { /* end of input: stop listening for keys */
                fds[keyslot].fd = -1;
            } else if (errno != EINTR && errno != EAGAIN) {
                return WATCH_ERROR;
            }
        }
        if (wslot >= 0 && (fds[wslot].revents & POLLIN) && drain(w) > 0) {
            /* Debounce: wait for quiet_ms without another event. */
            struct pollfd one = {w->fd, POLLIN, 0};
            while (poll(&one, 1, quiet_ms) > 0 && drain(w) >= 0)
                ;
            w->pending = 1;
        }
        if (watchfile_changed(w))
            return WATCH_CHANGED;
    }
}

void watchfile_close(struct watchfile *w)
{
    if (w == NULL)
        return;
    if (w->fd >= 0)
        close(w->fd);
    free(w);
}

static struct termios saved;
static int saved_fd = -1;

int watchfile_keys_begin(int fd)
{
    struct termios t;
    static int registered;
    if (!isatty(fd) || tcgetattr(fd, &t) != 0)
        return 0;
    if (saved_fd < 0) {
        saved = t;
        saved_fd = fd;
    }
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSANOW, &t) != 0)
        return 0;
    if (!registered) {
        registered = 1;
        atexit(watchfile_keys_end);
    }
    return 1;
}

void watchfile_keys_end(void)
{
    if (saved_fd < 0)
        return;
    tcsetattr(saved_fd, TCSANOW, &saved);
    saved_fd = -1;
}
