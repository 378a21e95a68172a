/* packs.c: `dojo packs [--format human|json]`: the packs dojo reads (the
 * built-in one, then $DOJO_PATH's), each with its name, version, folder and
 * how many lessons and katas it has (docs/packs.md). Depends on cmd/cmd.h
 * and pack.h. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "pack.h"

/* json_str: s as a JSON string ("null" for NULL); control bytes escaped. */
static void json_str(FILE *f, const char *s)
{
    if (s == NULL) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p == '\t')
            fputs("\\t", f);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void json_list(FILE *f, char **v, int n)
{
    fputc('[', f);
    for (int i = 0; i < n; i++) {
        if (i)
            fputs(", ", f);
        json_str(f, v[i]);
    }
    fputc(']', f);
}

static void print_json(const struct pack_set *s, FILE *f)
{
    fputs("{\"packs\": [", f);
    for (int i = 0; i < s->npacks; i++) {
        const struct pack *p = &s->packs[i];
        fputs(i ? ",\n  {" : "\n  {", f);
        fputs("\"name\": ", f);
        json_str(f, p->name);
        fputs(", \"version\": ", f);
        json_str(f, p->version);
        fputs(", \"description\": ", f);
        json_str(f, p->description);
        fputs(", \"authors\": ", f);
        json_list(f, p->authors, p->nauthors);
        fputs(", \"path\": ", f);
        json_list(f, p->path, p->npath);
        fputs(", \"root\": ", f);
        json_str(f, p->root);
        fputs(", \"manifest\": ", f);
        json_str(f, p->manifest);
        fprintf(f, ", \"builtin\": %s, \"lessons\": %d, \"katas\": %d}", p->builtin ? "true" : "false",
                p->nlessons, p->nkatas);
    }
    fputs("\n]}\n", f);
}

static void print_human(const struct pack_set *s, FILE *f)
{
    int w = 4;
    for (int i = 0; i < s->npacks; i++)
        w = (int)strlen(s->packs[i].name) > w ? (int)strlen(s->packs[i].name) : w;
    fprintf(f, "%-*s  %-10s %7s %6s  %s\n", w, "name", "version", "lessons", "katas", "where");
    for (int i = 0; i < s->npacks; i++) {
        const struct pack *p = &s->packs[i];
        fprintf(f, "%-*s  %-10s %7d %6d  %s%s\n", w, p->name, p->version ? p->version : "-", p->nlessons,
                p->nkatas, p->root, p->builtin ? "  (built in)" : "");
    }
}

int cmd_packs(struct app *a, const struct cmd_args *args)
{
    const char *format = cmd_flag(args, "--format");
    const struct pack_set *s;
    char err[1024];
    int rc = cmd_positionals(args, 0, 0, "nothing");
    if (rc != 0)
        return rc;
    if (format && strcmp(format, "human") != 0 && strcmp(format, "json") != 0)
        return usage_error("packs", "unknown format '%s' (human or json)", format);
    if ((s = pack_catalogue(err, sizeof err)) == NULL) {
        fprintf(stderr, "dojo: %s\n", err);
        return 2;
    }
    if (format && strcmp(format, "json") == 0)
        print_json(s, stdout);
    else
        print_human(s, stdout);
    (void)a;
    return 0;
}
