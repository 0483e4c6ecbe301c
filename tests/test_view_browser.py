"""The HTML view in a real browser: Debian's headless Chromium with every network path closed.

Chromium comes from scripts/ensure_chromium.sh (CI runs it; here it is run too when we are
root and apt-get exists). Without Chromium the tests skip with the reason, except under CI
(the CI environment variable set), where they fail: the browser check must run there.

Each test loads the page from file:// with --virtual-time-budget and reads back the DOM
(--dump-dom): the page writes the vis network's node and edge counts, a 'rendered' and a
'stabilized' marker and the number of resources it fetched into #edukg-status. The XSS
probes in the fixture would set data-xss on <html> (or retitle the page) if they ever ran.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from edukg.export.html import dump_dom, find_chromium, render_html, screenshot, write_html
from test_view import XSS_IMG, XSS_SCRIPT, hostile_graph, synthetic_graph

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ENSURE = ROOT / "scripts" / "ensure_chromium.sh"
HC = "https://w3id.org/edukg/id/region/371002"     # 环翠区: its panel shows every probe


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        try:
            proc = subprocess.run(["sh", str(ENSURE)], capture_output=True, text=True, timeout=1200)
            detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
        except subprocess.TimeoutExpired:
            detail = ["timed out"]
        found = find_chromium()
        if found:
            return found
        reason = f"chromium missing and {ENSURE.name} could not install it: {detail[0]}"
    else:
        reason = (f"chromium missing (/usr/bin/chromium); not root or no apt-get, so it was not "
                  f"installed: run {ENSURE.relative_to(ROOT)} as root")
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def status(dom: str) -> dict[str, str]:
    m = re.search(r'<span id="edukg-status"([^>]*)>', dom)
    assert m, "no #edukg-status in the DOM"
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', m.group(1)))


def assert_inert(dom: str) -> None:
    html_tag = re.search(r"<html[^>]*>", dom).group(0)
    assert "data-xss" not in html_tag, f"an XSS probe ran: {html_tag}"
    assert not re.search(r"\sdata-xss=", dom), "an XSS probe ran"
    assert "<title>pwned" not in dom
    # no element was created from document text
    assert not re.search(r"<img\b", dom, re.I)
    assert not re.search(r"<b>bold</b>", dom)


def test_renders_offline_and_probes_show_as_text(chromium, tmp_path):
    # Without the CSP: the escaping alone must keep the probes inert.
    page = tmp_path / "graph.html"
    page.write_text(render_html(hostile_graph(), csp=False), encoding="utf-8")
    fragment = "#node=" + urllib.parse.quote(HC, safe="") + "&q=document"
    dom = dump_dom(page, budget_ms=15000, chromium=chromium, fragment=fragment)

    st = status(dom)
    assert "error" not in st, st
    assert st["rendered"] == "true" and st["stabilized"] == "true", st
    assert st["nodes"] == "9" and st["edges"] == "8", st          # Documents hidden by default
    assert st["resources"] == "0", st                              # nothing fetched
    assert st["selected"] == HC
    assert_inert(dom)
    # the probes are on the page, as text: in the side panel and in the search results
    panel = dom[dom.index('id="panel-body"'):dom.index("</aside>")]
    assert "&lt;script&gt;window.__xss=1;" in panel
    assert "&lt;img src=x onerror=" in panel
    assert "&lt;script&gt;document.documentElement.setAttribute('data-xss','sentence')" in panel
    assert "威海报告&lt;/script&gt;&lt;script&gt;" in panel                # document title
    assert "&amp; &lt;b&gt;bold&lt;/b&gt;" in panel
    results = dom[dom.index('id="search-results"'):dom.index("</ul>", dom.index('id="search-results"'))]
    assert XSS_SCRIPT.replace("<", "&lt;").replace(">", "&gt;")[:40] in results
    assert XSS_IMG.replace("<", "&lt;").replace(">", "&gt;")[:30] in results


def test_default_page_renders_under_its_csp_and_screenshot(chromium, tmp_path):
    page = write_html(hostile_graph(), tmp_path / "graph.html", title="<b>edukg</b>")
    dom = dump_dom(page, budget_ms=15000, chromium=chromium,
                   fragment="#node=" + urllib.parse.quote(HC, safe=""))
    st = status(dom)
    assert "error" not in st, st
    assert st["rendered"] == "true" and st["nodes"] == "9" and st["resources"] == "0", st
    assert "<title>&lt;b&gt;edukg&lt;/b&gt;</title>" in dom
    assert_inert(dom)

    png = screenshot(page, tmp_path / "graph.png", chromium=chromium, budget_ms=15000,
                     fragment="#node=" + urllib.parse.quote(HC, safe=""))
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


@pytest.mark.slow
def test_big_graph_is_pruned_and_says_so(chromium, tmp_path):
    page = write_html(synthetic_graph(5000), tmp_path / "big.html", max_nodes=1500)
    dom = dump_dom(page, budget_ms=60000, chromium=chromium, timeout=300)
    st = status(dom)
    assert "error" not in st, st
    assert st["rendered"] == "true" and st["stabilized"] == "true", st
    assert st["pruned"] == "true" and st["nodes"] == "1500" and st["nodes-total"] == "5000", st
    assert re.search(r'<div id="banner" role="status">', dom)         # no longer hidden
    assert "大图模式" in dom and "Large graph" in dom


def test_the_built_seeds_view_renders_every_visible_node(chromium, seeds_build):
    """output/graph.html as `edukg build` writes it: offline, under its CSP, all nodes drawn."""
    from edukg.export.html import graph_to_networkx
    from rdflib import Graph

    page = seeds_build / "graph.html"
    dom = dump_dom(page, budget_ms=20000, chromium=chromium)
    st = status(dom)
    assert "error" not in st, st
    assert st["rendered"] == "true" and st["resources"] == "0", st
    nx_graph = graph_to_networkx(Graph().parse(seeds_build / "graph.ttl"))
    documents = sum(1 for _, d in nx_graph.nodes(data=True) if d.get("kind") == "Document")
    assert int(st["nodes"]) == nx_graph.number_of_nodes() - documents, st
