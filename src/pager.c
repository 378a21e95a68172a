/* pager.c: long output through $PAGER, as git's pager.c does it (collect,
 * then pipe to "sh -c $PAGER" with LESS=FRX by default). Depends on libc,
 * POSIX (fork, pipe, waitpid) and term.h. */
#include "pager.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "term.h"

FILE *pager_open(struct pager *p, FILE *dest)
{
    memset(p, 0, sizeof *p);
    p->dest = dest;
    fflush(dest);
    if (isatty(fileno(dest)))
        p->mem = open_memstream(&p->buf, &p->len);
    return p->mem ? p->mem : dest;
}

size_t pager_lines(const char *text, size_t len, int width)
{
    size_t lines = 0, col = 0;
    if (width < 1)
        width = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            lines++;
            col = 0;
        } else if (c == 0x1b && i + 1 < len && text[i + 1] == '[') {
            for (i += 2; i < len && (text[i] < 0x40 || text[i] > 0x7e);)
                i++;
        } else if ((c & 0xC0) != 0x80) {
            if (col == (size_t)width) {
                lines++;
                col = 0;
            }
            col++;
        }
    }
    return lines + (col > 0);
}

/* run_pager: pipes the text to `cmd` run by /bin/sh; 0, or -1 when it
 * could not be started. */
static int run_pager(const char *cmd, const char *text, size_t len)
{
    int fd[2], status;
    pid_t pid;
    void (*old)(int);
    if (pipe(fd) != 0)
        return -1;
    pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fd[0], 0);
        close(fd[0]);
        close(fd[1]);
        setenv("LESS", "FRX", 0);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    close(fd[0]);
    old = signal(SIGPIPE, SIG_IGN);
    for (size_t off = 0; off < len;) {
        ssize_t n = write(fd[1], text + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* the pager quit (EPIPE): the rest is not wanted */
        off += (size_t)n;
    }
    close(fd[1]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    signal(SIGPIPE, old);
    return WIFEXITED(status) && WEXITSTATUS(status) == 127 ? -1 : 0;
}

int pager_close(struct pager *p)
{
    const char *cmd = getenv("PAGER");
    int rc = 0;
    if (p->mem == NULL)
        return fflush(p->dest) == 0 ? 0 : -1;
    fclose(p->mem);
    p->mem = NULL;
    if (cmd == NULL)
        cmd = "less -R";
    if (*cmd == '\0' || strcmp(cmd, "cat") == 0 ||
        pager_lines(p->buf, p->len, term_width(p->dest)) < (size_t)term_height(p->dest)) {
        fwrite(p->buf, 1, p->len, p->dest);
    } else {
        fflush(p->dest);
        if (run_pager(cmd, p->buf, p->len) != 0) {
            fwrite(p->buf, 1, p->len, p->dest);
            rc = -1;
        }
    }
    fflush(p->dest);
    free(p->buf);
    p->buf = NULL;
    return rc;
}
