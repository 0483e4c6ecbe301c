"""Files → Documents: find the inputs, decode them, refuse what is not text.

Inputs are files, directory trees, glob patterns or `-` (standard input). Scraped reports
arrive as UTF-8 (with or without BOM), GBK/GB18030 or Big5 text, or as saved HTML pages. A
wrong encoding guess turns every character into garbage that then flows into labels, so
decoding is strict: a byte-order mark, then UTF-8, then (for an HTML page) the charset it
declares when the bytes decode in it to Chinese, then charset-normalizer's best guess among
GB18030 and Big5; control bytes mark binary data. HTML is reduced to its article text with
selectolax (an HTML5 parser): scripts, styles, navigation, site headers/footers and
link-list blocks are dropped and block elements become lines, which normalize.py then
cleans like any text report.

A file that cannot become a Document (binary, empty, undecodable, no Chinese text, an
unsupported type met while walking a directory, a named pipe or a device) is refused with a
one-line reason; the caller skips it and the batch goes on. Nothing here waits on a file
that is not a regular one: opening a FIFO for reading would block until a writer comes.
"""
from __future__ import annotations

import codecs
import glob
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from .records import Document

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
STDIN = "-"                 # the path that means "read standard input"
STDIN_NAME = "<stdin>"
STDIN_IDENTIFIER = "stdin"
MAX_BYTES = 256 * 1024 * 1024   # larger files are refused rather than risk the machine's memory
_CJK = re.compile(r"[\u3400-\u9fff]")
_MIN_CJK = 10
_SNIFF = 8192
_GLOB_CHARS = frozenset("*?[")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_TEXT_BYTES = bytes(b for b in range(256) if b >= 0x20 or b in b"\t\n\r\f\v\x1b")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# Declared legacy charsets are decoded with their supersets: pages labelled gb2312 routinely
# contain GBK characters, and Big5 pages Hong Kong (HKSCS) ones.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}


def display(name: str | Path) -> str:
    """A file name fit for one line of UTF-8 text: the bytes of a name that is not UTF-8
    (Linux allows any) as \\xNN escapes, control characters (a newline, say) as escapes too."""
    text = str(name)
    try:
        text = os.fsencode(text).decode("utf-8", "backslashreplace")
    except UnicodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class ReadError(Exception):
    """A file that cannot become a Document; str() is one line: "PATH: reason"."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{display(path)}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class Skipped:
    """An input left out of the build, and why (one line, without the path)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{display(self.path)}: {self.reason}"


@dataclass
class Inputs:
    """What the command-line paths expand to: files to read, and files passed over."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


# ------------------------------------------------------------------------- finding

def scan_inputs(paths: Iterable[str | Path], missing: str = "raise") -> Inputs:
    """Expand files, directories (recursively), glob patterns and `-` into input files.

    A path that names nothing (or a pattern that matches nothing) raises ReadError: that is
    a typing mistake, not a bad document (with missing="skip" it is listed as skipped). Files met while walking a directory whose type
    edukg does not read are listed as skipped; hidden files and folders, and the `X_files`
    asset folder a browser saves beside `X.html`, are passed over silently. Files named
    explicitly (or matched by a pattern) are always tried, whatever their suffix.
    """
    found: list[Path] = []
    skipped: list[Skipped] = []
    for raw in paths:
        text = str(raw)
        if text == STDIN:
            found.append(Path(STDIN))
            continue
        path = Path(raw)
        matches = [path] if path.exists() else []
        if not matches and _GLOB_CHARS & set(text):
            matches = list(map(Path, sorted(glob.glob(text, recursive=True))))
        if not matches:
            reason = "no file matches this pattern" if _GLOB_CHARS & set(text) else "no such file or directory"
            if missing != "skip":
                raise ReadError(text, reason)
            skipped.append(Skipped(text, reason))
        for match in matches:
            if match.is_dir():
                _walk(match, found, skipped)
            else:
                _take(match, found, skipped)
    files = sorted(dict.fromkeys(found), key=lambda p: (p.stem, str(p)))
    return Inputs(files, sorted(dict.fromkeys(skipped), key=lambda s: s.path))


def _take(path: Path, found: list[Path], skipped: list[Skipped]) -> None:
    """A file named (or matched) by the user: read it when it is a regular file."""
    kind = special_kind(path)
    if kind is None:
        found.append(path)
    else:
        skipped.append(Skipped(str(path), kind))


def special_kind(path: Path) -> str | None:
    """Why path is not a file to read (a named pipe, a device, a socket, a dangling link),
    or None for a regular file (symbolic links are followed)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a link to nothing (the file it names does not exist)"
    except OSError as exc:
        return f"cannot read ({exc.strerror or exc})"
    return _not_regular(mode)


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory"
    for test, kind in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return f"not a regular file: {kind}"
    return "not a regular file"


def find_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """The files to read (see scan_inputs), sorted for determinism."""
    return scan_inputs(paths).files


def _walk(root: Path, found: list[Path], skipped: list[Skipped]) -> None:
    def on_error(exc: OSError) -> None:
        skipped.append(Skipped(str(exc.filename or root), f"cannot list folder ({exc.strerror or exc})"))

    for folder, dirs, files in os.walk(root, onerror=on_error):
        pages = {Path(f).stem for f in files if Path(f).suffix.lower() in HTML_SUFFIXES}
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not (d.endswith("_files") and d[:-len("_files")] in pages))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            suffix = path.suffix.lower()
            if suffix in SUPPORTED_SUFFIXES:
                _take(path, found, skipped)
            else:
                kind = f"'{suffix}'" if suffix else "without a suffix"
                skipped.append(Skipped(str(path), f"unsupported file type ({kind}); "
                                                  "edukg reads .txt, .md and .html files"))


# ------------------------------------------------------------------------ decoding

def decode(data: bytes, name: str) -> tuple[str, str]:
    """Bytes → (text, encoding name). Raises ReadError for binary, empty or undecodable data."""
    if not data.strip():
        raise ReadError(name, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ReadError(name, f"invalid {encoding} text ({exc.reason})") from exc
    sniff = data[:_SNIFF]
    if sniff.count(b"\x00") > len(sniff) // 100:      # text has none, or a stray one
        raise ReadError(name, "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # GB18030 decodes almost any bytes: refuse data with the control bytes of binary formats
    if len(sniff.translate(None, _TEXT_BYTES)) > len(sniff) // 50:
        raise ReadError(name, "binary file (control bytes), not text")
    from charset_normalizer import from_bytes  # only needed for legacy encodings

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8"]).best()
    if best is None:
        raise ReadError(name, "cannot detect the text encoding (not UTF-8, GBK/GB18030 or Big5)")
    encoding = _SUPERSET.get(best.encoding, best.encoding)
    try:
        return data.decode(encoding), best.encoding
    except UnicodeDecodeError:
        return str(best), best.encoding


def looks_like_html(data: bytes) -> bool:
    """True for data that starts like an HTML page (after a BOM, blanks and comments)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    while head.startswith(b"<!--"):
        end = head.find(b"-->")
        if end < 0:
            return False
        head = head[end + 3:].lstrip()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta", b"<body"))


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares in <meta charset> or <meta http-equiv content>, if known."""
    from selectolax.lexbor import LexborHTMLParser

    head = LexborHTMLParser(data[:4096].decode("latin-1"))
    for meta in head.css("meta"):
        attrs = {k.lower(): (v or "") for k, v in meta.attributes.items()}
        value = attrs.get("charset")
        if not value and attrs.get("http-equiv", "").lower() == "content-type":
            content = attrs.get("content", "")
            value = content.lower().partition("charset=")[2]
        value = (value or "").strip().strip("\"'; ")
        if value:
            try:
                name = codecs.lookup(value).name
            except LookupError:
                continue
            return _SUPERSET.get(name, name)
    return None


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """An HTML page's bytes → (markup, encoding): a BOM or valid UTF-8 first (pages often
    declare a charset they are not in), then the declared charset when the bytes decode in it
    to Chinese text, else the same detection as for text."""
    if not data.strip():
        raise ReadError(name, "empty file")
    if not any(data.startswith(bom) for bom, _ in _BOMS):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        declared = declared_charset(data)
        if declared:
            try:
                markup = data.decode(declared)
            except UnicodeDecodeError:
                markup = ""
            if _cjk_count(markup, _MIN_CJK) >= _MIN_CJK:
                return markup, declared
    return decode(data, name)


# Elements that never hold article text, and the blocks that become lines of text.
_DROP = ("head, script, style, noscript, template, iframe, object, embed, svg, canvas, "
         "nav, aside, form, select, button, input, textarea, dialog, [hidden], "
         "[aria-hidden=true]")
_BLOCKS = ("address, article, blockquote, br, caption, dd, div, dl, dt, figcaption, "
           "footer, h1, h2, h3, h4, h5, h6, header, hr, li, main, ol, p, pre, section, "
           "table, tbody, thead, tfoot, tr, ul")
_CELLS = "td, th"
_LINK_LISTS = "ul, ol, dl, table, div, p, section"
_MAX_UNLINKED = 40         # characters of plain text a link list may have (headings, bars)
_LINE = "\ue000"           # private-use marks standing for a line break / a cell gap
_GAP = "\ue001"
_WHITESPACE = re.compile(r"\s+")
# A source line break between two Chinese characters or marks is no space (CSS Text 3).
_WIDE = "\u2e80-\u303f\u3400-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u201c\u201d"
_WIDE_BREAK = re.compile(f"(?<=[{_WIDE}])[ \\t\\r]*\\n\\s*(?=[{_WIDE}])")
# Nesting. An HTML parser's work on each block start tag grows with the number of elements
# still open (and so does the link-list test below, which reads each block's text): a page
# leaving 100,000 <div> unclosed takes minutes. No page nests anywhere near MAX_DEPTH, so
# the tags that would open deeper are dropped before parsing (their text stays, in the
# deepest element kept), which bounds both. Tags whose end is implied by the next one
# (<p>, <li>, <td>, …) and void elements never pile up and are not counted.
MAX_DEPTH = 1000
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*>")
_UNCOUNTED = frozenset(
    "area base br col embed hr img input link meta param source track wbr "           # void
    "p li dt dd tr td th thead tbody tfoot caption colgroup option optgroup rb rt rp "  # implied end
    "html head body".split())
# `<div/>` opens a <div> in HTML (only foreign elements, SVG's and MathML's, close themselves)
_HTML_CONTAINERS = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer form header hgroup main menu nav ol section summary table ul "
    "span font b i u em strong small big s strike".split())


def html_to_text(markup: str) -> str:
    """The article text of an HTML page, one block element per line."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(limit_depth(markup.replace(_LINE, "").replace(_GAP, "")))
    _remove(tree.css(_DROP))
    # the site's banner and footer, not an article's own header or footer
    _remove([n for n in tree.css("header, footer") if not _inside(n, ("article", "main"))])
    _remove([n for n in tree.css(_LINK_LISTS) if _mostly_links(n)])
    root = _article_root(tree)
    if root is None:
        return ""
    heading = tree.css_first("h1")
    prefix = ""
    if heading is not None and root.css_first("h1, h2") is None and not _contains(root, heading):
        prefix = heading.text(separator=" ")   # the title sits outside the article body
    for node in root.css(_BLOCKS):
        node.insert_before(_LINE)
        node.insert_after(_LINE)
    for node in root.css(_CELLS):
        node.insert_after(_GAP)
    text = root.text(separator="")
    text = _WHITESPACE.sub(" ", _WIDE_BREAK.sub("", text)).replace(_GAP, " ")
    lines = (line.strip() for line in text.split(_LINE))
    body = "\n".join(line for line in lines if line)
    prefix = _WHITESPACE.sub(" ", prefix).strip()
    return f"{prefix}\n{body}" if prefix else body


def page_url(markup: str) -> str | None:
    """The address a saved page gives for itself: <link rel="canonical"> or og:url."""
    from selectolax.lexbor import LexborHTMLParser

    head = markup[:markup.lower().find("</head>")] if "</head>" in markup.lower() else markup[:65536]
    tree = LexborHTMLParser(head)
    for css, attribute in (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content")):
        node = tree.css_first(css)
        value = (node.attributes.get(attribute) or "").strip() if node is not None else ""
        if value.lower().startswith(("http://", "https://")):
            return value
    return None


def limit_depth(markup: str, limit: int = MAX_DEPTH) -> str:
    """markup without the start tags that would open elements deeper than `limit` (nor their
    end tags), in one linear pass; unchanged when it nests less deep, as real pages do.

    The open elements are tracked as a parser does, roughly: an end tag closes the nearest
    open element of its name and those opened inside it; a stray one closes nothing.

    >>> limit_depth("<div><div><div>教育</div></div></div>", limit=2)
    '<div><div>教育</div></div>'
    >>> limit_depth("<ul><li><font>甲</ul><ul><li><font>乙</ul>", limit=2)
    '<ul><li><font>甲</ul><ul><li><font>乙</ul>'
    """
    if markup.count("<") <= limit:
        return markup
    stack: list[str] = []
    open_count: dict[str, int] = {}
    dropped: dict[str, int] = {}
    pieces: list[str] = []
    start = 0
    for tag in _TAG.finditer(markup):
        name = tag[2].lower()
        if name in _UNCOUNTED or (tag[0].endswith("/>") and name not in _HTML_CONTAINERS):
            continue
        if not tag[1]:                      # a start tag
            if len(stack) < limit:
                stack.append(name)
                open_count[name] = open_count.get(name, 0) + 1
                continue
            dropped[name] = dropped.get(name, 0) + 1
        elif dropped.get(name):             # the end of a dropped element
            dropped[name] -= 1
        else:
            if open_count.get(name):
                while True:
                    closed = stack.pop()
                    open_count[closed] -= 1
                    if closed == name:
                        break
            continue
        pieces.append(markup[start:tag.start()])
        start = tag.end()
    if not pieces:
        return markup
    pieces.append(markup[start:])
    return "".join(pieces)


def _remove(nodes: list) -> None:
    """Decompose nodes, outermost only: a node inside another one removed goes with it
    (touching it after its ancestor was freed would read freed memory)."""
    marked = {n.mem_id for n in nodes}
    outermost = [n for n in nodes if not _has_ancestor_in(n, marked)]
    for node in outermost:
        node.decompose()


def _ancestors(node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _has_ancestor_in(node, ids: set[int]) -> bool:
    return any(a.mem_id in ids for a in _ancestors(node))


def _inside(node, tags: tuple[str, ...]) -> bool:
    return any(a.tag in tags for a in _ancestors(node))


def _contains(root, node) -> bool:
    while node is not None:
        if node.mem_id == root.mem_id:
            return True
        node = node.parent
    return False


def _cjk_count(text: str, enough: int | None = None) -> int:
    """How many Chinese characters text has (counting stops at `enough`)."""
    return sum(1 for _ in islice(_CJK.finditer(text), enough))


def _mostly_links(node) -> bool:
    """A menu, a "related articles" list, a link farm: a block whose text is mostly link text
    and whose own (unlinked) text is too short to be an article, however short."""
    text = _WHITESPACE.sub("", node.text(separator=""))
    if len(text) < 4:
        return False
    linked = sum(len(_WHITESPACE.sub("", a.text(separator=""))) for a in node.css("a"))
    return linked / len(text) > 0.6 and len(text) - linked < _MAX_UNLINKED


def _article_root(tree):
    """The element holding the article: the <article> or <main> with the most Chinese text,
    else the body."""
    candidates = tree.css("article, main, [role=main]")
    if candidates:
        best = max(candidates, key=lambda n: _cjk_count(n.text(separator="")))
        if _cjk_count(best.text(separator=""), _MIN_CJK) >= _MIN_CJK:
            return best
    return tree.body or tree.root


# ------------------------------------------------------------------------- reading

def read_bytes(path: Path) -> tuple[bytes, str]:
    """(data, display name) of a file, or of standard input for `-`."""
    if str(path) == STDIN:
        try:
            return sys.stdin.buffer.read(MAX_BYTES + 1), STDIN_NAME
        except (OSError, AttributeError, ValueError) as exc:
            raise ReadError(STDIN_NAME, f"cannot read standard input ({exc})") from exc
    try:
        # Opened without blocking and checked before reading: a FIFO would wait for a
        # writer forever, a device could stream without end.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            kind = _not_regular(info.st_mode)
            if kind:
                raise ReadError(path, kind)
            if info.st_size > MAX_BYTES:
                raise ReadError(path, f"too large ({info.st_size / 2**20:.0f} MiB; the limit is "
                                      f"{MAX_BYTES // 2**20} MiB per document)")
            return handle.read(MAX_BYTES + 1), str(path)
    except FileNotFoundError as exc:
        raise ReadError(path, "no such file or directory") from exc
    except IsADirectoryError as exc:
        raise ReadError(path, "is a directory") from exc
    except OSError as exc:
        raise ReadError(path, f"cannot read ({exc.strerror or exc})") from exc


def document_identifiers(paths: Iterable[str | Path]) -> dict[str, str]:
    """Each input's document identifier: its file name without the suffix, unless several
    inputs share that name (index.html in many folders): those are named by their path, so
    that no two documents merge into one."""
    paths = [str(p) for p in paths]
    stems = [STDIN_IDENTIFIER if p == STDIN else Path(p).stem for p in paths]
    counts: dict[str, int] = {}
    for stem in stems:
        counts[stem] = counts.get(stem, 0) + 1
    return {p: (stem if counts[stem] == 1 or p == STDIN else p) for p, stem in zip(paths, stems)}


def read_document(path: Path, identifier: str | None = None) -> Document:
    """One file (or `-`) → Document, or ReadError explaining why it is not usable.
    The identifier defaults to the file name without its suffix."""
    data, name = read_bytes(path)
    if len(data) > MAX_BYTES:
        raise ReadError(name, f"too large (the limit is {MAX_BYTES // 2**20} MiB per document)")
    is_html = Path(name).suffix.lower() in HTML_SUFFIXES or looks_like_html(data)
    if is_html:
        markup, encoding = decode_html(data, name)
        del data
        text = html_to_text(markup)
        url = page_url(markup)
        if url:              # the page's address, as a header field the layout stage reads
            text = f"原文链接：{url}\n{text}"
        if _cjk_count(text, _MIN_CJK) < _MIN_CJK:
            raise ReadError(name, "no Chinese article text found in the HTML page")
    else:
        text, encoding = decode(data, name)
        del data
        if _cjk_count(text, _MIN_CJK) < _MIN_CJK:
            raise ReadError(name, "no Chinese text found")
    if identifier is None:
        identifier = STDIN_IDENTIFIER if name == STDIN_NAME else Path(name).stem
    return Document(identifier=display(identifier), path=display(name), text=text,
                    encoding=encoding)


def read_all(paths: Iterable[Path]) -> Iterator[Document | ReadError]:
    """Each path's Document, or the error that skipped it (the batch goes on)."""
    for path in paths:
        try:
            yield read_document(path)
        except ReadError as exc:
            yield exc
