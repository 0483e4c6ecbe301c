"""Reading inputs: encodings (real re-encoded seeds), saved HTML pages, folders, globs,
standard input, and the files that are skipped with a reason instead of read."""
from __future__ import annotations

import html
import os
from pathlib import Path

import pytest

from edukg.pipeline import build_knowledge_base, extract_file
from edukg.read import (MAX_DEPTH, ReadError, Skipped, decode, find_inputs, html_to_text,
                        limit_depth, read_document, scan_inputs)
from edukg.records import Extraction

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
# 002 is a Traditional-script report (Big5 territory); the others are Simplified (GBK).
SEED_ENCODINGS = {"000_6c9d2db7eb6e9529": "gbk", "001_88f164836c0e6b72": "gbk",
                  "002_74ff3eb8dc0604a9": "big5", "003_bea782118845cf66": "gbk"}


def seed_text(stem: str) -> str:
    return (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")


def keys(result) -> set[tuple[str, str]]:
    assert isinstance(result, Extraction), result
    return {(m.kind, m.key) for m in result.mentions}


# ---------------------------------------------------------------------- encodings

@pytest.mark.parametrize("stem,encoding", sorted(SEED_ENCODINGS.items()))
def test_re_encoded_seed_decodes_to_the_same_text(stem: str, encoding: str, tmp_path: Path):
    text = seed_text(stem)
    data = text.encode(encoding, errors="replace")   # a few symbols (•, nbsp) have no GBK code
    expected = data.decode(encoding)
    path = tmp_path / f"{stem}.txt"
    path.write_bytes(data)
    document = read_document(path)
    assert document.text == expected
    assert document.encoding in ({"gbk": "gb18030"}.get(encoding, encoding), "big5hkscs", "cp950")
    assert document.identifier == stem


@pytest.mark.parametrize("stem", ["001_88f164836c0e6b72", "002_74ff3eb8dc0604a9"])
def test_re_encoded_seed_extracts_like_the_utf8_one(stem: str, tmp_path: Path):
    encoding = SEED_ENCODINGS[stem]
    legacy = tmp_path / "legacy" / f"{stem}.txt"
    legacy.parent.mkdir()
    legacy.write_bytes(seed_text(stem).encode(encoding, errors="replace"))
    assert keys(extract_file(str(legacy))) == keys(extract_file(str(SEEDS / f"{stem}.txt")))


@pytest.mark.parametrize("bom,encoding", [(b"\xef\xbb\xbf", "utf-8"), (b"", "utf-8"),
                                          (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_unicode_with_and_without_bom(bom: bytes, encoding: str, tmp_path: Path):
    text = seed_text("003_bea782118845cf66")
    path = tmp_path / "report.txt"
    path.write_bytes(bom + text.encode(encoding))
    assert read_document(path).text == text


def test_a_stray_nul_does_not_make_text_binary():
    text, _ = decode(("淄川区教育和体育局推进教育优质均衡发展" * 20 + "\x00。").encode(), "x")
    assert "\x00" in text
    with pytest.raises(ReadError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "x.png")


# --------------------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{title} - 淄博市淄川区人民政府</title>
<script>var menu = "<p>脚本里的教育局不应出现</p>";</script>
<style>.nav {{ color: red }} /* 样式表里的学校 */</style>
</head><body>
<div class="top"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/jyxw">教育新闻</a>
 | <a href="/tzgg">通知公告</a></div>
<nav><ul><li><a href="/a">机构概况</a></li><li><a href="/b">政策文件</a></li></ul></nav>
<div id="main">
  <h1>{title}</h1>
  <div class="info">发布日期：2022-12-16 &nbsp; 来源：淄川区教育和体育局</div>
  <div class="article">{body}</div>
  <div class="related"><h3>相关新闻</h3><ul>
    <li><a href="/n1">某某县召开教育工作会议并部署全年重点任务</a></li>
    <li><a href="/n2">某某市第一中学举行新学期开学典礼活动</a></li></ul></div>
</div>
<footer><p>版权所有：淄博市淄川区人民政府 <a href="/icp">鲁ICP备05001234号</a></p></footer>
<noscript>请开启脚本以浏览本站教育栏目</noscript>
</body></html>"""


def seed_page(stem: str) -> tuple[str, list[str]]:
    """A saved bureau page around a seed's paragraphs, and those paragraphs."""
    lines = [ln.strip() for ln in seed_text(stem).splitlines()]
    paragraphs = [ln for ln in lines if len(ln) > 30 and "：" not in ln[:6]]
    body = "\n".join(f"<p style=\"text-indent:2em\">{html.escape(p)}</p>" for p in paragraphs)
    return PAGE.format(title=html.escape(lines[0]), body=body), paragraphs


def test_html_page_gives_the_article_text_only():
    page, paragraphs = seed_page("001_88f164836c0e6b72")
    text = html_to_text(page)
    lines = text.splitlines()
    for paragraph in paragraphs:
        assert " ".join(paragraph.split()) in lines
    for junk in ("脚本里", "样式表", "机构概况", "政务公开", "相关新闻", "某某县召开", "请开启脚本"):
        assert junk not in text, junk


def test_saved_gbk_html_page_extracts_like_the_text(tmp_path: Path):
    page, paragraphs = seed_page("001_88f164836c0e6b72")
    saved = tmp_path / "page" / "淄川区.html"
    saved.parent.mkdir()
    saved.write_bytes(page.encode("gbk", errors="xmlcharrefreplace"))   # declared gb2312
    plain = tmp_path / "plain" / "淄川区.txt"
    plain.parent.mkdir()
    plain.write_text("\n".join(paragraphs), encoding="utf-8")
    document = read_document(saved)
    assert document.encoding == "gb18030" and document.identifier == "淄川区"
    assert keys(extract_file(str(saved))) >= keys(extract_file(str(plain)))


def test_html_declaring_the_wrong_charset_is_still_decoded(tmp_path: Path):
    page, paragraphs = seed_page("000_6c9d2db7eb6e9529")
    path = tmp_path / "page.htm"
    path.write_bytes(page.replace("gb2312", "iso-8859-1").encode("utf-8"))
    assert paragraphs[0].split()[0] in read_document(path).text
    path.write_bytes(page.replace("gb2312", "utf-8").encode("gb18030"))
    assert paragraphs[0].split()[0] in read_document(path).text


def test_html_is_recognised_by_content_too(tmp_path: Path):
    page, paragraphs = seed_page("003_bea782118845cf66")
    path = tmp_path / "download"              # no suffix: named explicitly, sniffed
    path.write_text(page, encoding="utf-8")
    text = read_document(path).text
    assert "<p" not in text and paragraphs[0].split()[0] in text


def test_elements_nested_past_the_limit_lose_their_tags_not_their_text():
    page = "<html><body>" + "<div>" * (MAX_DEPTH + 500) + "淄川区教育局召开全区教育工作会议" + "</body></html>"
    flattened = limit_depth(page)
    assert flattened.count("<div>") == MAX_DEPTH
    assert html_to_text(page) == "淄川区教育局召开全区教育工作会议"


def test_closed_and_self_ending_elements_never_count_as_deep():
    items = "".join(f"<ul><li><font>第{i}所学校<br><img src=x.png></ul>" for i in range(3000))
    svg = "<svg>" + "<path d='M0 0'/>" * 3000 + "</svg>"
    paragraphs = "<p>学校" * 3000
    for page in (items, svg, paragraphs):
        assert limit_depth(page) == page


# ------------------------------------------------------------------ finding files

def make_tree(root: Path) -> None:
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "one.txt").write_text(seed_text("001_88f164836c0e6b72"), encoding="utf-8")
    (root / "a" / "b" / "two.md").write_text(seed_text("003_bea782118845cf66"), encoding="utf-8")
    page, _ = seed_page("000_6c9d2db7eb6e9529")
    (root / "a" / "b" / "page.html").write_text(page, encoding="utf-8")
    (root / "a" / "b" / "page_files").mkdir()                # a browser's saved assets
    (root / "a" / "b" / "page_files" / "style.css").write_text("p{}")
    (root / ".git").mkdir()
    (root / ".git" / "notes.txt").write_text("hidden")
    (root / ".DS_Store").write_bytes(b"\x00\x01")
    (root / "report.pdf").write_bytes(b"%PDF-1.4\x00\x01")
    (root / "README").write_text("no suffix")


def test_a_directory_tree_is_walked(tmp_path: Path):
    make_tree(tmp_path)
    inputs = scan_inputs([tmp_path])
    assert sorted(p.name for p in inputs.files) == ["one.txt", "page.html", "two.md"]
    skipped = {Path(s.path).name: s.reason for s in inputs.skipped}
    assert set(skipped) == {"report.pdf", "README"}
    assert "unsupported file type ('.pdf')" in skipped["report.pdf"]


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@needs_fifo
def test_a_named_pipe_in_a_folder_is_skipped_not_waited_on(tmp_path: Path):
    make_tree(tmp_path)
    os.mkfifo(tmp_path / "a" / "feed.txt")        # would block the first read for ever
    inputs = scan_inputs([tmp_path])
    assert "feed.txt" not in [p.name for p in inputs.files]
    skipped = {Path(s.path).name: s.reason for s in inputs.skipped}
    assert skipped["feed.txt"] == "not a regular file: a named pipe (FIFO)"


@needs_fifo
def test_a_named_pipe_named_directly_is_skipped_and_never_opened_for_a_wait(tmp_path: Path):
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    assert scan_inputs([fifo]).skipped == [Skipped(str(fifo), "not a regular file: a named pipe (FIFO)")]
    assert scan_inputs([str(tmp_path / "*.txt")]).files == []
    result = extract_file(str(fifo))               # past the scan: the reader checks too
    assert isinstance(result, Skipped) and "named pipe" in result.reason


def test_a_link_to_nothing_is_skipped(tmp_path: Path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert [s.reason for s in scan_inputs([tmp_path]).skipped] == [
        "a link to nothing (the file it names does not exist)"]


def test_glob_patterns(tmp_path: Path):
    make_tree(tmp_path)
    assert [p.name for p in find_inputs([str(tmp_path / "**" / "*.md")])] == ["two.md"]
    assert {p.name for p in find_inputs([str(tmp_path / "a" / "*")])} == {"one.txt", "two.md",
                                                                           "page.html"}
    with pytest.raises(ReadError, match="no file matches"):
        find_inputs([str(tmp_path / "*.docx")])


def test_missing_path_is_an_error(tmp_path: Path):
    with pytest.raises(ReadError, match="no such file or directory"):
        find_inputs([tmp_path / "nope.txt"])


def test_stdin_is_an_input():
    assert find_inputs(["-"]) == [Path("-")]


# ------------------------------------------------------------------ skipped files

@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \n\t\r\n", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 50, "binary file"),
    ("english.txt", b"An annual report, in English only.\n" * 20, "no Chinese text"),
    ("page.html", b"<html><body><p>Hello</p><script>var s='\xe6\x95\x99\xe8\x82\xb2';</script>"
                  b"</body></html>", "no Chinese article text"),
    ("latin1.txt", "Ã©tÃ© " .encode("latin-1") * 40, "no Chinese text"),
])
def test_unusable_files_are_skipped_with_a_reason(name: str, data: bytes, reason: str,
                                                  tmp_path: Path):
    path = tmp_path / name
    path.write_bytes(data)
    result = extract_file(str(path))
    assert isinstance(result, Skipped)
    assert result.path == str(path) and reason in result.reason
    assert "\n" not in str(result)


def test_one_bad_document_never_stops_the_batch(tmp_path: Path, monkeypatch):
    """Unreadable files and an exception inside extraction each skip one document only."""
    import edukg.pipeline as pipeline

    for stem in ("001_88f164836c0e6b72", "003_bea782118845cf66"):
        (tmp_path / f"{stem}.txt").write_text(seed_text(stem), encoding="utf-8")
    (tmp_path / "broken.txt").write_text("淄川区教育局" * 10, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    real = pipeline._extractor()

    def extractor(clean):
        if clean.identifier == "broken":
            raise ValueError("boom\nsecond line")
        return real(clean)

    monkeypatch.setattr(pipeline, "_extractor", lambda: extractor)
    kb = build_knowledge_base(find_inputs([tmp_path]))
    assert sorted(d.identifier for d in kb.documents) == ["001_88f164836c0e6b72",
                                                          "003_bea782118845cf66"]
    reasons = dict(kb.skipped)
    assert reasons[str(tmp_path / "broken.txt")] == "extraction failed: ValueError: boom second line"
    assert reasons[str(tmp_path / "empty.txt")] == "empty file"


def test_unreadable_file_is_skipped(tmp_path: Path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "secret.txt"
    path.write_text(seed_text("003_bea782118845cf66"), encoding="utf-8")
    path.chmod(0)
    result = extract_file(str(path))
    assert isinstance(result, Skipped) and "cannot read" in result.reason


@pytest.mark.skipif(__import__("multiprocessing").get_start_method() != "fork",
                    reason="the patched extractor reaches the workers only by fork")
def test_a_worker_that_dies_skips_only_its_document(tmp_path: Path, monkeypatch):
    """A crash that kills the worker process (native code, the OOM killer) is isolated."""
    import io

    import edukg.pipeline as pipeline
    from edukg.pipeline import extract_all

    stems = ["000_6c9d2db7eb6e9529", "001_88f164836c0e6b72", "003_bea782118845cf66"]
    for stem in stems:
        (tmp_path / f"{stem}.txt").write_text(seed_text(stem), encoding="utf-8")
    (tmp_path / "crash.txt").write_text("淄川区教育局" * 10, encoding="utf-8")
    real = pipeline._extractor()

    def extractor(clean):
        if clean.identifier == "crash":
            os._exit(70)
        return real(clean)

    monkeypatch.setattr(pipeline, "_extractor", lambda: extractor)
    stdin = io.TextIOWrapper(io.BytesIO(seed_text("002_74ff3eb8dc0604a9").encode("big5")))
    monkeypatch.setattr("sys.stdin", stdin)
    paths = find_inputs([tmp_path, "-"])
    results = list(extract_all(paths, jobs=2))
    done = {r.document.identifier for r in results if isinstance(r, Extraction)}
    assert done == set(stems) | {"stdin"}
    [skipped] = [r for r in results if isinstance(r, Skipped)]
    assert skipped.path.endswith("crash.txt") and "worker process" in skipped.reason


def test_files_sharing_a_name_stay_separate_documents(tmp_path: Path):
    """index.html in many folders: each is its own document, none is merged away."""
    for folder, stem in (("a", "001_88f164836c0e6b72"), ("b", "003_bea782118845cf66")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.txt").write_text(seed_text(stem), encoding="utf-8")
    (tmp_path / "unique.txt").write_text(seed_text("000_6c9d2db7eb6e9529"), encoding="utf-8")
    kb = build_knowledge_base(find_inputs([tmp_path]))
    assert sorted(d.identifier for d in kb.documents) == sorted(
        [str(tmp_path / "a" / "index.txt"), str(tmp_path / "b" / "index.txt"), "unique"])
