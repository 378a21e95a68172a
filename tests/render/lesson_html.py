#!/usr/bin/env python3
"""lesson_html.py: `dojo learn NAME --html FILE` for every real lesson (and
tests/fixtures/render/everything.md, through a scratch pack), each page
parsed with Python's html.parser: every tag closed in order, one <title>
holding the lesson's title, every Markdown heading among the page's
headings (each with an id of its own), every fenced code block's lines
inside a <pre>, no <script>, no
external asset (src=, <link>), and the answers of quiz questions inside
<details>.

    python3 tests/render/lesson_html.py /path/to/dojo /path/to/source-root
"""
import glob
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile

VOID = {"br", "hr", "meta", "img", "input", "link", "wbr", "source", "col", "area", "base"}


class Page(html.parser.HTMLParser):
    """Checks nesting and collects title, heading, <pre> and <details> text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors = [], []
        self.title, self.headings, self.pres, self.details = [], [], [], []
        self.scripts = 0
        self.text = {}
        self.ids = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
        self.ids += [v for n, v in attrs if n == "id"]
        for name, value in attrs:
            if name in ("src", "srcset") or (tag == "link"):
                self.errors.append("external asset: <%s %s=%r>" % (tag, name, value))
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag in ("title", "pre", "details") or re.fullmatch(r"h[1-6]", tag):
            self.text[len(self.stack)] = (tag, [])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes %s (line %d)" % (tag, self.stack[-1:] or "nothing",
                                                           self.getpos()[0]))
            return
        depth = len(self.stack)
        if depth in self.text:
            kind, parts = self.text.pop(depth)
            s = "".join(parts)
            if kind == "title":
                self.title.append(s)
            elif kind == "pre":
                self.pres.append(s)
            elif kind == "details":
                self.details.append(s)
            else:
                self.headings.append(" ".join(s.split()))
        self.stack.pop()

    def handle_data(self, data):
        for _, parts in self.text.values():
            parts.append(data)


def md_plain(s):
    """A heading's Markdown as plain text: code spans verbatim; outside
    them, links to their text and no emphasis markers or tags."""
    out = []
    for i, part in enumerate(re.split(r"`+", s)):
        if i % 2 == 0:
            part = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", part)
            part = re.sub(r"(\*\*|__|\*)", "", part)
            part = re.sub(r"<[^>]+>", "", part)
        out.append(part)
    return " ".join("".join(out).split())


def md_parts(path):
    """The level-1 title, every ATX heading and every fenced code block
    (its lines, the fence's indentation taken off) of a lesson."""
    headings, blocks, fence, indent, lines = [], [], None, 0, []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        stripped = line.lstrip(" ")
        if fence is None:
            m = re.match(r"(`{3,}|~{3,})", stripped)
            if m and len(line) - len(stripped) < 3 + 8:
                fence, indent, lines = m.group(1), len(line) - len(stripped), []
                continue
            m = re.match(r" {0,3}(#{1,6})\s+(.*?)\s*#*\s*$", line)
            if m:
                headings.append((len(m.group(1)), md_plain(m.group(2))))
        elif stripped.startswith(fence[0] * len(fence)) and stripped.strip(fence[0]) == "":
            blocks.append(lines)
            fence = None
        else:
            lines.append(line[indent:] if line[:indent].strip() == "" else line.lstrip())
    title = next((t for lvl, t in headings if lvl == 1), None)
    return title, [t for _, t in headings], blocks


def check(dojo, pack, name, md, out, env):
    errors = []
    r = subprocess.run([dojo, "learn", name, "--html", out], env=env, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0 or not os.path.exists(out):
        return ["dojo learn %s --html exited %d: %s" % (name, r.returncode, r.stderr.strip())]
    page = Page()
    page.feed(open(out, encoding="utf-8").read())
    page.close()
    errors += page.errors
    if page.stack:
        errors.append("unclosed at the end: %s" % page.stack)
    if page.scripts:
        errors.append("%d <script> elements" % page.scripts)
    if len(set(page.ids)) != len(page.ids):
        errors.append("repeated ids: %s" % sorted(i for i in set(page.ids) if page.ids.count(i) > 1))
    title, headings, blocks = md_parts(md)
    if page.title != [title]:
        errors.append("<title> is %r, the lesson's title %r" % (page.title, title))
    for h in headings:
        if h not in page.headings:
            errors.append("heading %r is not among the page's headings" % h)
    pre_lines = ["\n".join(l.strip() for l in p.split("\n") if l.strip()) for p in page.pres]
    for b in blocks:
        want = "\n".join(l.strip() for l in b if l.strip())
        if want and not any(want in p for p in pre_lines):
            errors.append("code block not in any <pre>: %r" % want[:80])
    answers = open(md, encoding="utf-8").read().count("<details>")
    if len(page.details) != answers:
        errors.append("%d <details> in the page, %d in the lesson" % (len(page.details), answers))
    return errors


def main():
    dojo, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    tmp = tempfile.mkdtemp(prefix="dojo-lesson-html.")
    try:
        env = dict(os.environ, HOME=tmp, DOJO_HOME=tmp + "/home", XDG_STATE_HOME=tmp + "/state",
                   XDG_DATA_HOME=tmp + "/data", NO_COLOR="1")
        env.pop("DOJO_PACK", None)
        failures, pages = [], 0
        for md in sorted(glob.glob(os.path.join(src, "lessons", "*.md"))):
            name = os.path.basename(md)[:-3]
            failures += ["%s: %s" % (name, e)
                         for e in check(dojo, src, name, md, os.path.join(tmp, name + ".html"), env)]
            pages += 1
        # the fixture with every construct, as the only lesson of a scratch pack
        pack = os.path.join(tmp, "pack")
        os.makedirs(os.path.join(pack, "lessons"))
        os.makedirs(os.path.join(pack, "katas"))
        fixture = os.path.join(src, "tests", "fixtures", "render", "everything.md")
        shutil.copy(fixture, os.path.join(pack, "lessons", "01-everything.md"))
        failures += ["everything.md: %s" % e
                     for e in check(dojo, pack, "everything", fixture, os.path.join(tmp, "e.html"),
                                    dict(env, DOJO_PACK=pack))]
        pages += 1
        for f in failures:
            print("FAIL: " + f, file=sys.stderr)
        if pages < 9:
            print("FAIL: only %d pages checked" % pages, file=sys.stderr)
            return 1
        print("lesson_html.py: %d pages, %s" % (pages, "%d problems" % len(failures)
                                                  if failures else "all well-formed and complete"))
        return 1 if failures else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
