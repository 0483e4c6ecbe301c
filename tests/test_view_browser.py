"""The HTML view in a real browser: Debian's headless Chromium with every network path closed.

Chromium comes from scripts/ensure_chromium.sh (CI runs it; here it is run too when we are
root and apt-get exists). Without Chromium the tests skip with the reason, except under CI
(the CI environment variable set), where they fail: the browser check must run there.

Two ways of looking. ``dump_dom`` loads the page with --virtual-time-budget and reads back the
DOM: the page writes its counts, a 'rendered' and a 'stabilized' marker and the number of
resources it fetched into #edukg-status. ``BrowserPage`` keeps one Chromium open over the
DevTools pipe (offline as well) to click, type and read the URL, on the seeds' build and on a
generated 400-document corpus. The XSS probes in the fixture would set data-xss on <html>
(or retitle the page) if they ever ran. The time each page takes to settle is recorded (a
test property, and printed), not asserted: benchmarks/view_settle.py measures it for
docs/view.md and takes the screenshots there (output/graph.png, docs/corpus-overview.png).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from edukg.export.chromium import BrowserPage
from edukg.export.html import dump_dom, find_chromium, render_html, screenshot, write_html
from test_view import XSS_IMG, XSS_SCRIPT, hostile_graph, page_data

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ENSURE = ROOT / "scripts" / "ensure_chromium.sh"
HC = "https://w3id.org/edukg/id/region/371002"     # 环翠区: its panel shows every probe
WEIHAI = "https://w3id.org/edukg/id/region/371000"
SETTLED = "document.getElementById('edukg-status').dataset.stabilized === 'true'"


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


@pytest.fixture(scope="module")
def browser(chromium):
    with BrowserPage(chromium, timeout=40) as page:
        yield page


@pytest.fixture(scope="module")
def corpus_page(tmp_path_factory) -> Path:
    """The view of 400 generated reports (the generator of `python -m edukg.bench`)."""
    from edukg.bench import make_corpus
    from edukg.export.triplegraph import TripleGraph
    from edukg.pipeline import build_knowledge_base
    from edukg.rdf import build_triples
    from edukg.read import find_inputs

    work = tmp_path_factory.mktemp("corpus400")
    paths = make_corpus(work / "reports", 400)
    triples = build_triples(build_knowledge_base(find_inputs(paths), jobs=2))
    page = work / "graph.html"
    page.write_text(render_html(TripleGraph(triples)), encoding="utf-8")
    return page


def status(dom: str) -> dict[str, str]:
    m = re.search(r'<span id="edukg-status"([^>]*)>', dom)
    assert m, "no #edukg-status in the DOM"
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', m.group(1)))


def live_status(page: BrowserPage) -> dict[str, str]:
    return page.eval("""Object.fromEntries(Array.from(document.getElementById('edukg-status').attributes)
        .filter(a => a.name.startsWith('data-')).map(a => [a.name.slice(5), a.value]))""")


def assert_inert(dom: str) -> None:
    html_tag = re.search(r"<html[^>]*>", dom).group(0)
    assert "data-xss" not in html_tag, f"an XSS probe ran: {html_tag}"
    assert not re.search(r"\sdata-xss=", dom), "an XSS probe ran"
    assert "<title>pwned" not in dom
    # no element was created from document text
    assert not re.search(r"<img\b", dom, re.I)
    assert not re.search(r"<b>bold</b>", dom)


def open_settled(page: BrowserPage, path: Path, fragment: str = "") -> dict[str, str]:
    page.open(path, fragment)
    page.wait(SETTLED, timeout=90)
    st = live_status(page)
    assert "error" not in st, st
    return st


def click_node(page: BrowserPage, iri: str) -> None:
    at = page.eval(f"edukgView.position({json.dumps(iri)})")
    assert at, f"{iri} is not drawn"
    page.click(at["x"], at["y"])


def click(page: BrowserPage, selector: str) -> None:
    page.eval(f"document.querySelector({json.dumps(selector)}).click()")


def legend_total(page: BrowserPage) -> int:
    return page.eval("""Array.from(document.querySelectorAll('#legend .count'))
        .reduce((n, c) => n + +c.textContent.replace(/[(),]/g, ''), 0)""")


def click_busiest(page: BrowserPage, facet: str) -> None:
    """Tick the value of a facet with the highest count."""
    page.eval(f"""(() => {{
        const labels = Array.from(document.querySelectorAll('#facets [data-facet={facet}] label'));
        const count = l => +l.querySelector('.count').textContent.replace(/,/g, '');
        labels.sort((a, b) => count(b) - count(a))[0].querySelector('input').click(); }})()""")


def table_cells(page: BrowserPage, selector: str) -> list[list[str]]:
    return page.eval(f"""Array.from(document.querySelectorAll({json.dumps(selector + ' tbody tr')}))
        .map(tr => Array.from(tr.children).map(td => td.title || td.textContent))""")


def capture_csv(page: BrowserPage) -> list[list[str]]:
    """Press 'export CSV' and read back the file the page hands to the browser."""
    page.eval("""(() => { window.__csv = null; const make = URL.createObjectURL;
        URL.createObjectURL = b => { window.__csv = b; return make.call(URL, b); }; })()""")
    click(page, "#btn-csv")
    raw = bytes(page.eval("window.__csv.arrayBuffer().then(b => Array.from(new Uint8Array(b)))"))
    assert raw.startswith(b"\xef\xbb\xbf")              # a BOM, for spreadsheet programs
    import csv
    import io

    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


# ------------------------------------------------------------- one-shot loads (dump_dom)

def settled_dom(page: BrowserPage, path: Path, fragment: str = "") -> str:
    """The DOM once the page has drawn and settled, serialised as the browser has it."""
    page.open(path, fragment)
    page.wait(SETTLED + " && document.getElementById('edukg-status').dataset.rendered === 'true'",
              timeout=90)
    return "<!DOCTYPE html>" + page.eval("document.documentElement.outerHTML")


def test_renders_offline_and_probes_show_as_text(browser, tmp_path):
    # Without the CSP: the escaping alone must keep the probes inert.
    page = tmp_path / "graph.html"
    page.write_text(render_html(hostile_graph(), csp=False), encoding="utf-8")
    fragment = "#node=" + urllib.parse.quote(HC, safe="") + "&q=document&table=screen"
    dom = settled_dom(browser, page, fragment)

    st = status(dom)
    assert "error" not in st, st
    assert st["rendered"] == "true" and st["stabilized"] == "true", st
    assert st["nodes"] == "7" and st["edges"] == "5", st     # entities only; outcomes in tables
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
    facets = dom[dom.index('id="facets"'):dom.index("</nav>")]
    assert "威海报告&lt;/script&gt;" in facets                          # the document facet
    table = dom[dom.index('id="table-body"'):dom.index("</section>", dom.index('id="table-body"'))]
    assert XSS_SCRIPT.replace("<", "&lt;").replace(">", "&gt;")[:40] in table  # the table view


def test_default_page_renders_under_its_csp_and_screenshot(browser, chromium, tmp_path):
    page = write_html(hostile_graph(), tmp_path / "graph.html", title="<b>edukg</b>")
    dom = settled_dom(browser, page, "#node=" + urllib.parse.quote(HC, safe="") + "&table=sel&outcomes=1")
    st = status(dom)
    assert "error" not in st, st
    assert st["rendered"] == "true" and st["nodes"] == "7" and st["resources"] == "0", st
    assert "<title>&lt;b&gt;edukg&lt;/b&gt;</title>" in dom
    assert_inert(dom)

    png = screenshot(page, tmp_path / "graph.png", chromium=chromium, budget_ms=30000,
                     fragment="#node=" + urllib.parse.quote(HC, safe=""))
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_the_built_seeds_view_draws_every_entity_and_no_outcome(chromium, seeds_build):
    """output/graph.html as `edukg build` writes it: offline, under its CSP, every region,
    programme and institution drawn, measures and recognitions left to the tables."""
    data = page_data((seeds_build / "graph.html").read_text(encoding="utf-8"))
    entities = sum(1 for m in data["meta"] if m["k"] in ("Region", "Program", "Institution"))
    dom = dump_dom(seeds_build / "graph.html", budget_ms=30000, chromium=chromium)
    st = status(dom)
    assert "error" not in st, st
    assert st["rendered"] == "true" and st["resources"] == "0", st
    assert st["mode"] == "direct" and int(st["nodes"]) == entities == int(st["entities"]), st


# ----------------------------------------------------------- interaction (DevTools pipe)

def test_seeds_click_opens_the_panel_table_and_updates_the_url(browser, seeds_build, record_property):
    page = seeds_build / "graph.html"
    st = open_settled(browser, page)
    record_property("seeds_settle_ms", st["settle-ms"])
    print(f"seeds view settled in {st['settle-ms']} ms")
    assert browser.eval("location.hash") == ""

    click_node(browser, WEIHAI)
    browser.wait(f"location.hash.includes({json.dumps(urllib.parse.quote(WEIHAI, safe=''))})")
    assert browser.eval("document.querySelector('#panel h2').textContent") == "威海市"
    data = page_data(page.read_text(encoding="utf-8"))
    me = next(i for i, m in enumerate(data["meta"]) if m["iri"] == WEIHAI)
    held = [e["to"] for e in data["edges"] if e["from"] == me and e["label"] == "取得成效"]
    rows = table_cells(browser, "#panel table.outcomes")
    assert len(rows) == len(held) > 10
    assert {r[0] for r in rows} == {data["meta"][o]["l"] for o in held}
    # every row has an evidence sentence and its document
    assert all(r[6] and r[7] for r in rows)

    # sort by value, largest first: the numbers come first, in order
    browser.eval("document.querySelectorAll('#panel table.outcomes th')[1].click()")
    browser.eval("document.querySelectorAll('#panel table.outcomes th')[1].click()")
    values = [r[1] for r in table_cells(browser, "#panel table.outcomes")]
    numbers = [float(v) for v in values if re.fullmatch(r"-?[\d.]+", v)]
    assert len(numbers) > 5 and [float(v) for v in values[:len(numbers)]] == sorted(numbers, reverse=True)

    # a click on the background clears the selection, and the URL says so
    browser.click(browser.eval("document.getElementById('graph').getBoundingClientRect().left") + 3,
                  browser.eval("document.getElementById('graph').getBoundingClientRect().top") + 3)
    browser.wait("location.hash === ''")


def test_seeds_table_view_lists_a_nodes_measures_and_exports_them(browser, seeds_build):
    fragment = "#node=" + urllib.parse.quote(WEIHAI, safe="")
    open_settled(browser, seeds_build / "graph.html", fragment)
    click(browser, "#btn-table")
    browser.wait("document.getElementById('edukg-status').dataset.tableRows > 0")
    assert "table=sel" in browser.eval("location.hash")
    shown = table_cells(browser, "#table-body table")
    assert len(shown) > 10 and any(r[1] and r[3] for r in shown)        # value and indicator
    browser.eval("document.querySelectorAll('#table-body th')[1].click()")   # sort by value
    shown = table_cells(browser, "#table-body table")
    exported = capture_csv(browser)
    assert exported[0][:4] == ["名称 name", "数值 value", "单位 unit", "指标 indicator"]
    assert exported[1:] == shown

    # the table of what is on screen: one row per drawn node
    click(browser, "#table-screen")
    browser.wait("location.hash.includes('table=screen')")
    st = live_status(browser)
    rows = capture_csv(browser)[1:]
    assert len(rows) == int(st["nodes"]) == int(st["table-rows"])
    assert {"威海市", "山东省"} <= {r[0] for r in rows}

    # and the canvas as PNG
    browser.eval("""(() => { window.__png = null; const click = HTMLAnchorElement.prototype.click;
        HTMLAnchorElement.prototype.click = function () { window.__png = this.href; }; })()""")
    click(browser, "#btn-png")
    png = browser.eval("window.__png")
    assert png.startswith("data:image/png;base64,") and len(png) > 20_000


def test_seeds_facets_by_document_and_year_change_the_counts(browser, seeds_build):
    st = open_settled(browser, seeds_build / "graph.html")
    total = int(st["matched"])
    legend_before = legend_total(browser)
    doc_box = "#facets [data-facet=doc] label input"
    counts = browser.eval("""Array.from(document.querySelectorAll('#facets [data-facet=doc] label'))
        .map(l => +l.querySelector('.count').textContent)""")
    assert len(counts) == 4 and sum(counts) >= total
    click(browser, doc_box)                                  # the document with most entities
    browser.wait("location.hash.includes('doc=')")
    st = live_status(browser)
    assert int(st["matched"]) == counts[0] < total
    assert int(st["nodes"]) <= counts[0] + 1
    assert legend_total(browser) < legend_before                  # the legend counts follow

    click_busiest(browser, "year")                              # and a year, with it
    browser.wait("location.hash.includes('year=')")
    both = int(live_status(browser)["matched"])
    assert 0 < both <= counts[0]
    # the URL holds the filters: opening it again gives the same view
    hash_ = browser.eval("location.hash")
    st = open_settled(browser, seeds_build / "graph.html", hash_)
    assert int(st["matched"]) == both

    # recognition kinds (the seeds' recognitions have them): a kind leaves its holders
    click(browser, "#facets .clear-filters")
    browser.wait(f"+document.getElementById('edukg-status').dataset.matched === {total}")
    click_busiest(browser, "kind")
    browser.wait("location.hash.includes('kind=')")
    assert 0 < int(live_status(browser)["matched"]) < total

    # back undoes one click at a time
    click(browser, "#btn-back")
    browser.wait(f"+document.getElementById('edukg-status').dataset.matched === {total}")
    click(browser, "#btn-back")
    browser.wait(f"+document.getElementById('edukg-status').dataset.matched === {both}")
    click(browser, "#facets .clear-filters")
    browser.wait(f"+document.getElementById('edukg-status').dataset.matched === {total}")
    click(browser, "#btn-back")
    browser.wait(f"+document.getElementById('edukg-status').dataset.matched === {both}")


def test_seeds_search_rows_name_type_holder_and_document(browser, seeds_build):
    open_settled(browser, seeds_build / "graph.html")
    for query in ("县管校聘", "縣管校聘"):                     # Simplified and Traditional
        browser.eval(f"""(() => {{ const s = document.getElementById('search');
            s.focus(); s.value = {json.dumps(query)}; s.dispatchEvent(new Event('input')); }})()""")
        browser.wait("document.querySelectorAll('#search-results li[data-node]').length > 0")
        rows = browser.eval("""Array.from(document.querySelectorAll('#search-results li[data-node]'))
            .map(li => [li.dataset.node, li.querySelector('.name').textContent,
                        li.querySelector('.where').textContent])""")
        assert len({r[0] for r in rows}) == len(rows)                # one row per entity
        name, where = rows[0][1], rows[0][2]
        assert name == "县管校聘"
        assert where.startswith("改革") or " · " in where            # type · holder · document
        assert len(where.split(" · ")) == 3, where
    assert "q=" in browser.eval("location.hash")
    browser.eval("document.querySelector('#search-results li[data-node]')"
                 ".dispatchEvent(new MouseEvent('mousedown', {bubbles: true}))")
    browser.wait("document.getElementById('edukg-status').dataset.selected.includes('program')")


def test_seeds_outcomes_switch_draws_the_selection_s_outcomes(browser, seeds_build):
    fragment = "#node=" + urllib.parse.quote(WEIHAI, safe="")
    st = open_settled(browser, seeds_build / "graph.html", fragment)
    before = int(st["nodes"])
    click(browser, "#switch-outcomes")
    browser.wait("location.hash.includes('outcomes=1')")
    after = int(live_status(browser)["nodes"])
    assert before < after <= before + 120
    drawn = browser.eval("edukgView.drawn()")
    assert any("/outcome/" in iri for iri in drawn)


# ----------------------------------------------------------------- the 400-document corpus

def test_corpus_overview_settles_and_draws_fewer_nodes_than_entities(browser, corpus_page,
                                                                     record_property, tmp_path):
    st = open_settled(browser, corpus_page)
    record_property("corpus400_settle_ms", st["settle-ms"])
    print(f"400-document view settled in {st['settle-ms']} ms "
          f"({st['nodes']} nodes drawn, {st['entities']} entities)")
    assert st["mode"] == "overview" and st["resources"] == "0", st
    assert 0 < int(st["nodes"]) <= int(st["entities"]) // 3, st
    drawn = browser.eval("edukgView.drawn()")
    assert all("/region/" in iri for iri in drawn)                   # provinces and cities
    png = browser.screenshot(tmp_path / "overview.png").read_bytes()   # as in docs/corpus-overview.png
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000

    # a click on a city updates the URL; expanding it draws its children
    data = page_data(corpus_page.read_text(encoding="utf-8"))
    by_iri = {m["iri"]: m for m in data["meta"]}
    city = max((iri for iri in drawn if by_iri[iri]["t"] == "City"),
               key=lambda iri: by_iri[iri]["d"])
    click_node(browser, city)
    browser.wait(f"location.hash.includes({json.dumps('node=' + urllib.parse.quote(city, safe=''))})")
    n_before = int(live_status(browser)["nodes"])
    click(browser, "#panel .act-open")
    browser.wait("location.hash.includes('open=')")
    browser.wait(SETTLED)
    n_open = int(live_status(browser)["nodes"])
    assert n_open > n_before

    # hide a child (through the URL), pin the city, then back three times: pin, hide and
    # the expansion are undone in turn
    child = next(iri for iri in browser.eval("edukgView.drawn()") if iri not in drawn)
    browser.eval(f"location.hash = location.hash + '&hide=' + encodeURIComponent({json.dumps(child)})")
    browser.wait(f"+document.getElementById('edukg-status').dataset.nodes === {n_open - 1}")
    click(browser, "#panel .act-pin")
    browser.wait("location.hash.includes('pin=')")
    click(browser, "#btn-back")
    browser.wait("!location.hash.includes('pin=')")
    click(browser, "#btn-back")
    browser.wait(f"+document.getElementById('edukg-status').dataset.nodes === {n_open}")
    click(browser, "#btn-back")
    browser.wait(f"+document.getElementById('edukg-status').dataset.nodes === {n_before}")


def test_corpus_facets_region_subtree_and_table(browser, corpus_page):
    st = open_settled(browser, corpus_page)
    total = int(st["matched"])
    click(browser, "#facets [data-facet=doc] label input")
    browser.wait("location.hash.includes('doc=')")
    one_doc = live_status(browser)
    assert 0 < int(one_doc["matched"]) < total and one_doc["mode"] == "direct", one_doc
    assert int(one_doc["nodes"]) <= int(one_doc["matched"]) + 1
    click(browser, "#facets .clear-filters")
    click_busiest(browser, "year")
    browser.wait("location.hash.includes('year=')")
    assert 0 < int(live_status(browser)["matched"]) < total

    # everything within one province: fewer entities, all of them inside it
    data = page_data(corpus_page.read_text(encoding="utf-8"))
    meta = data["meta"]
    province = max((i for i, m in enumerate(meta) if m["t"] == "Province"), key=lambda i: meta[i]["d"])
    browser.eval("location.hash = " + json.dumps("within=" + urllib.parse.quote(meta[province]["iri"], safe="")))
    browser.wait("location.hash.startsWith('#within=') && "
                 "!document.getElementById('edukg-status').dataset.hash.includes('year')")
    st = live_status(browser)
    assert 0 < int(st["matched"]) < total, st
    inside = {province}
    grew = True
    while grew:
        before = len(inside)
        inside |= {i for i, m in enumerate(meta) if set(m.get("up", ())) & inside}
        grew = len(inside) > before
    by_iri = {m["iri"]: m for m in meta}
    for iri in browser.eval("edukgView.drawn()"):
        assert set(by_iri[iri].get("rg", ())) & inside, by_iri[iri]["l"]

    # the table view of the region with most measures, and its CSV
    from collections import Counter

    held_by = Counter(e["from"] for e in data["edges"]
                      if e["label"] == "取得成效" and meta[e["from"]]["k"] == "Region")
    holder, held = held_by.most_common(1)[0]
    browser.eval("location.hash = " + json.dumps("node=" + urllib.parse.quote(meta[holder]["iri"], safe="") + "&table=sel"))
    browser.wait(f"+document.getElementById('edukg-status').dataset.tableRows === {held}")
    shown = table_cells(browser, "#table-body table")
    exported = capture_csv(browser)
    assert len(exported) - 1 == held and exported[1:len(shown) + 1] == shown[:500]
