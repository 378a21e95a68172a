/* serve.c: `dojo serve [--port N]`: runs the loopback fixture server
 * (httpd.h) in the foreground for the async/HTTP katas: prints its URL and
 * routes, logs one line per request, and stops cleanly on Ctrl-C (SIGINT) or
 * SIGTERM. Depends on cmd/cmd.h, httpd.h. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "httpd.h"

#define SERVE_DEFAULT_PORT 8765

static const char serve_routes[] =
    "routes (JSON bodies; KEY is 1..64 of A-Z a-z 0-9 . _ ~ -):\n"
    "  GET /delay/MS             200 after MS milliseconds (at most 10000)\n"
    "  GET /status/CODE          answers with status CODE (200..599)\n"
    "  GET /flaky/KEY/N          503 for the first N requests with KEY, then 200\n"
    "  GET /ratelimit/KEY/RATE   429 + Retry-After when KEY comes faster than RATE per second\n"
    "  GET /products?page=N      page N of 5, ten product URLs each\n"
    "  GET /product/ID           product ID (1..50)\n"
    "  GET|POST /echo            the request back: method, path, query, headers, body\n";

/* parse_port: "0".."65535" into *port. 0, or -1 when it is not that. */
static int parse_port(const char *s, int *port)
{
    char *end;
    long v;
    if (s == NULL || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v > 65535)
        return -1;
    *port = (int)v;
    return 0;
}

/* parse_args: --port N into *port. 0, or 2 after a usage error. */
static int parse_args(const struct cmd_args *args, int *port)
{
    const char *v = cmd_flag(args, "--port");
    int rc = cmd_positionals(args, 0, 0, "nothing");
    if (rc != 0)
        return rc;
    if (v && parse_port(v, port) != 0)
        return usage_error("serve", "--port wants 0..65535 (0 = any free port), got '%s'", v);
    return 0;
}

/* signals_take: blocks SIGINT and SIGTERM (saving the mask in *old) with
 * their default actions (saving the old ones), so they stay pending for
 * sigwait even when the shell started us with SIGINT ignored (a background
 * job). signals_give_back undoes it, first dropping a signal that came twice
 * (timeout(1) and a terminal both send one), which would otherwise end the
 * process the moment it is unblocked. */
static void signals_take(const sigset_t *set, sigset_t *old, struct sigaction oldact[2])
{
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    pthread_sigmask(SIG_BLOCK, set, old);
    sigaction(SIGINT, &dfl, &oldact[0]);
    sigaction(SIGTERM, &dfl, &oldact[1]);
}

static void signals_give_back(const sigset_t *set, const sigset_t *old,
                              const struct sigaction oldact[2])
{
    struct timespec zero = {0, 0};
    while (sigtimedwait(set, NULL, &zero) > 0)
        ;
    sigaction(SIGINT, &oldact[0], NULL);
    sigaction(SIGTERM, &oldact[1], NULL);
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

int cmd_serve(struct app *a, const struct cmd_args *args)
{
    struct httpd *h = NULL;
    struct sigaction oldact[2];
    sigset_t stop, old;
    char err[512];
    int port = SERVE_DEFAULT_PORT, sig = 0, rc;
    if ((rc = parse_args(args, &port)) != 0)
        return rc;
    /* Signals are taken before the server's threads exist, so they inherit
     * the mask and SIGINT/SIGTERM reach this thread's sigwait, never a
     * handler in whichever thread they land on. */
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    signals_take(&stop, &old, oldact);
    if (httpd_start(port, &h, err, sizeof err) != 0) {
        signals_give_back(&stop, &old, oldact);
        fprintf(stderr, "dojo serve: %s%s\n", err,
                port != 0 ? " (--port 0 picks a free port)" : "");
        return 2;
    }
    printf("dojo serve: listening on %s (Ctrl-C stops)\n%s", httpd_url(h), serve_routes);
    fflush(stdout);
    httpd_set_log(h, stdout);
    while (sigwait(&stop, &sig) != 0)
        ;
    httpd_set_log(h, NULL);
    httpd_stop(h);
    printf("dojo serve: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    fflush(stdout);
    signals_give_back(&stop, &old, oldact);
    return 0;
}
