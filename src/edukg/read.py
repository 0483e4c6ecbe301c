"""Files → Documents: find the inputs, decode them, refuse what is not text.

Scraped reports arrive as UTF-8 (with or without BOM), GBK/GB18030 or Big5; a wrong guess
turns every character into garbage that then flows into labels, so decoding is strict:
UTF-8 first, then charset-normalizer's best guess, and a file that decodes to no Chinese
text is refused with a reason instead of producing an empty or garbled graph.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .records import Document

TEXT_SUFFIXES = (".txt", ".text", ".md")
_CJK = re.compile(r"[\u3400-\u9fff]")
_MIN_CJK = 10
_SNIFF = 8192


class ReadError(Exception):
    """A file that cannot become a Document; the message says why in one line."""


def find_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, plus the text files under directories named, sorted for determinism."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*")
                            if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            raise ReadError(f"{path}: no such file or directory")
    return sorted(dict.fromkeys(found), key=lambda p: (p.stem, str(p)))


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Bytes → (text, encoding name). Raises ReadError for binary, empty or undecodable data."""
    if not data.strip():
        raise ReadError(f"{name}: empty file")
    if b"\x00" in data[:_SNIFF]:
        raise ReadError(f"{name}: binary file (NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only needed for legacy encodings

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]).best()
    if best is None:
        raise ReadError(f"{name}: cannot detect the text encoding")
    return str(best), best.encoding


def read_document(path: Path) -> Document:
    """One file → Document, or ReadError explaining why it is not usable."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    text, encoding = decode(data, str(path))
    if len(_CJK.findall(text)) < _MIN_CJK:
        raise ReadError(f"{path}: no Chinese text found")
    return Document(identifier=path.stem, path=str(path), text=text, encoding=encoding)


def read_all(paths: Iterable[Path]) -> Iterator[Document | ReadError]:
    """Each path's Document, or the error that skipped it (the batch goes on)."""
    for path in paths:
        try:
            yield read_document(path)
        except ReadError as exc:
            yield exc
