"""The interactive HTML view (edukg.export.html): data extraction, escaping, self-containment,
pruning of big graphs. The real-browser checks are in test_view_browser.py."""
from __future__ import annotations

import json
import re

import networkx as nx
import pytest
import rdflib
from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from edukg.export.html import graph_to_networkx, render_html, write_html

EDU = rdflib.Namespace("https://w3id.org/edukg/ontology#")
ID = rdflib.Namespace("https://w3id.org/edukg/id/")

# Each probe marks the page if it ever runs; the browser test looks for the marks.
XSS_SCRIPT = "<script>window.__xss=1;document.documentElement.setAttribute('data-xss','script')</script>"
XSS_IMG = "<img src=x onerror=\"document.title='pwned';document.documentElement.setAttribute('data-xss','img')\">"
XSS_SENTENCE = "环翠区推行<script>document.documentElement.setAttribute('data-xss','sentence')</script>改革。"
XSS_EVIDENCE = "环翠区隶属威海市。<img src=x onerror=\"document.documentElement.setAttribute('data-xss','evidence')\">"
XSS_TITLE = "威海报告</script><script>document.documentElement.setAttribute('data-xss','title')</script>"
HOSTILE = (XSS_SCRIPT, XSS_IMG, XSS_SENTENCE, XSS_EVIDENCE, XSS_TITLE)


def hostile_graph() -> rdflib.Graph:
    """A small graph that follows the ontology, with hostile strings in labels, sentences and
    a document title. Nine entities (3 regions, 2 programs, 2 institutions, a measure and a
    recognition) and one document."""
    g = rdflib.Graph()
    doc = ID["doc/000"]
    g.add((doc, RDF.type, EDU.Document))
    g.add((doc, DCTERMS.identifier, Literal("000")))
    g.add((doc, DCTERMS.title, Literal(XSS_TITLE, lang="zh-hans")))

    def entity(local, cls, label, alts=(), **props):
        node = ID[local]
        g.add((node, RDF.type, EDU[cls]))
        g.add((node, RDFS.label, Literal(label, lang="zh-hans")))
        for text, lang in alts:
            g.add((node, SKOS.altLabel, Literal(text, lang=lang)))
        for prop, value in props.items():
            g.add((node, EDU[prop], value))
        g.add((node, EDU.mentionedIn, doc))
        return node

    n_evidence = 0

    def evidence(sentence):
        nonlocal n_evidence
        n_evidence += 1
        ev = ID[f"evidence/000-{n_evidence}"]
        g.add((ev, RDF.type, EDU.Evidence))
        g.add((ev, EDU.document, doc))
        g.add((ev, EDU.sentence, Literal(sentence, lang="zh-hans")))
        g.add((ev, EDU.startOffset, Literal(10 * n_evidence)))
        g.add((ev, EDU.endOffset, Literal(10 * n_evidence + len(sentence))))
        return ev

    def relation(s, prop, o, sentence):
        g.add((s, EDU[prop], o))
        ev = evidence(sentence)
        g.add((ev, RDF.type, RDF.Statement))
        g.add((ev, RDF.subject, s))
        g.add((ev, RDF.predicate, EDU[prop]))
        g.add((ev, RDF.object, o))

    g.add((ID["region/370000"], RDF.type, EDU.Region))  # core class and subclass both stated
    sd = entity("region/370000", "Province", "山东省", adminCode=Literal("370000"),
                level=Literal("province"))
    wh = entity("region/371000", "City", "威海市", [("威海", "zh-hans")], adminCode=Literal("371000"))
    hc = entity("region/371002", "County", "环翠区", [("環翠區", "zh-hant")], adminCode=Literal("371002"))
    reform = entity("program/xgxp", "Reform", "县管校聘管理改革", [("縣管校聘管理改革", "zh-hant")])
    bad_program = entity("program/bad", "Program", XSS_SCRIPT)
    bad_school = entity("institution/bad", "School", XSS_IMG)
    moe = entity("institution/moe", "GovernmentBody", "教育部")
    measure = entity("outcome/m1", "Measure", "累计投入43余亿元",
                     value=Literal("4300000000", datatype=rdflib.XSD.decimal), unit=Literal("CNY"),
                     approximate=Literal(True), indicator=Literal("累计投入", lang="zh-hans"))
    recognition = entity("outcome/r1", "Recognition", "全国“双减”试点城市",
                         year=Literal("2021", datatype=rdflib.XSD.gYear))
    g.add((measure, EDU.evidence, evidence("近年来累计投入43余亿元。")))
    g.add((recognition, EDU.evidence, evidence("确定为全国9个“双减”试点城市之一。")))

    relation(wh, "partOf", sd, "威海市是山东省的地级市。")
    relation(hc, "partOf", wh, XSS_EVIDENCE)
    relation(hc, "implements", reform, "环翠区推行县管校聘管理改革。")
    relation(hc, "implements", bad_program, XSS_SENTENCE)
    relation(bad_school, "locatedIn", hc, "学校位于环翠区 & <b>bold</b>")
    relation(wh, "hasOutcome", measure, "近年来累计投入43余亿元。")
    relation(wh, "hasOutcome", recognition, "确定为全国9个“双减”试点城市之一。")
    relation(recognition, "conferredBy", moe, "教育部确定。")
    return g


def synthetic_graph(n_nodes: int, *, seed: int = 1) -> rdflib.Graph:
    """n_nodes nodes (documents included) shaped like the real output: a region tree, institutions in
    counties, programs, many measures, some recognitions, documents, evidence for every
    relation and outcome."""
    import random

    rnd = random.Random(seed)
    g = rdflib.Graph()
    share = {"Province": 0.002, "City": 0.012, "County": 0.08, "Town": 0.1, "Program": 0.07,
             "School": 0.2, "GovernmentBody": 0.04, "Measure": 0.4, "Recognition": 0.08}
    n_docs = max(2, n_nodes // 100)
    docs = [ID[f"doc/{i:04d}"] for i in range(n_docs)]
    for i, d in enumerate(docs):
        g.add((d, RDF.type, EDU.Document))
        g.add((d, DCTERMS.identifier, Literal(f"{i:04d}")))
        g.add((d, DCTERMS.title, Literal(f"报告{i}", lang="zh-hans")))
    counts = {cls: max(1, int(frac * n_nodes)) for cls, frac in share.items()}
    counts["Measure"] += max(0, n_nodes - n_docs - sum(counts.values()))  # exactly n_nodes in all
    made: dict[str, list] = {}
    for cls, count in counts.items():
        made[cls] = []
        for i in range(count):
            node = ID[f"{cls.lower()}/{i}"]
            g.add((node, RDF.type, EDU[cls]))
            g.add((node, RDFS.label, Literal(f"{cls}{i}号", lang="zh-hans")))
            g.add((node, EDU.mentionedIn, rnd.choice(docs)))
            made[cls].append(node)
    ev_n = 0

    def ev(sentence):
        nonlocal ev_n
        ev_n += 1
        e = ID[f"evidence/{ev_n}"]
        g.add((e, RDF.type, EDU.Evidence))
        g.add((e, EDU.document, rnd.choice(docs)))
        g.add((e, EDU.sentence, Literal(sentence, lang="zh-hans")))
        g.add((e, EDU.startOffset, Literal(ev_n)))
        g.add((e, EDU.endOffset, Literal(ev_n + len(sentence))))
        return e

    def rel(s, p, o):
        g.add((s, EDU[p], o))
        e = ev(f"句子{ev_n}：{p}。")
        g.add((e, RDF.type, RDF.Statement))
        g.add((e, RDF.subject, s))
        g.add((e, RDF.predicate, EDU[p]))
        g.add((e, RDF.object, o))

    for child, parent in (("City", "Province"), ("County", "City"), ("Town", "County")):
        for node in made[child]:
            rel(node, "partOf", rnd.choice(made[parent]))
    for node in made["School"] + made["GovernmentBody"]:
        rel(node, "locatedIn", rnd.choice(made["County"]))
    doers = made["County"] + made["City"] + made["School"]
    for prog in made["Program"]:
        for _ in range(rnd.randint(1, 5)):
            rel(rnd.choice(doers), "implements", prog)
    for out in made["Measure"] + made["Recognition"]:
        g.add((out, EDU.evidence, ev("成效句子。")))
        rel(rnd.choice(doers + made["Program"]), "hasOutcome", out)
    for rec in made["Recognition"]:
        rel(rec, "conferredBy", rnd.choice(made["GovernmentBody"]))
    return g


def page_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="edukg-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


# ------------------------------------------------------------------------------ tests

@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return hostile_graph()


@pytest.fixture(scope="module")
def page(graph) -> str:
    return render_html(graph, title="edukg <b>&</b> test")


def test_graph_to_networkx_reads_entities_through_subclasses(graph):
    G = graph_to_networkx(graph)
    assert isinstance(G, nx.MultiDiGraph)
    kinds = {G.nodes[n]["label"]: G.nodes[n]["kind"] for n in G}
    assert kinds["山东省"] == "Region" and kinds["威海市"] == "Region" and kinds["环翠区"] == "Region"
    assert kinds["县管校聘管理改革"] == "Program" and kinds[XSS_SCRIPT] == "Program"
    assert kinds["教育部"] == "Institution" and kinds[XSS_IMG] == "Institution"
    assert kinds["累计投入43余亿元"] == "Measure"
    assert kinds["全国“双减”试点城市"] == "Recognition"
    assert sum(1 for k in kinds.values() if k == "Document") == 1
    sd = G.nodes[str(ID["region/370000"])]
    assert sd["type"] == "Province" and sd["type_zh"] == "省级行政区"   # most specific class
    assert sd["fields"]["adminCode"] == "370000"
    hc = G.nodes[str(ID["region/371002"])]
    assert ("環翠區", "zh-hant") in hc["alt_labels"]
    m = G.nodes[str(ID["outcome/m1"])]
    assert m["fields"]["value"] == "4300000000" and m["fields"]["unit"] == "CNY"
    assert len(m["evidence"]) == 1


def test_graph_to_networkx_edges_carry_relation_and_evidence(graph):
    G = graph_to_networkx(graph)
    rels = sorted(k for _u, _v, k in G.edges(keys=True))
    assert rels.count("partOf") == 2 and rels.count("implements") == 2
    assert rels.count("locatedIn") == 1 and rels.count("hasOutcome") == 2
    assert rels.count("conferredBy") == 1 and rels.count("mentionedIn") == 9
    data = G.get_edge_data(str(ID["region/371002"]), str(ID["region/371000"]), key="partOf")
    assert data["relation"] == "partOf"
    (eid,) = data["evidence"]
    ev = G.graph["evidence"][eid]
    assert ev["sentence"] == XSS_EVIDENCE and ev["document"] == str(ID["doc/000"])
    assert isinstance(ev["start"], int) and ev["end"] > ev["start"]


def test_subclass_declared_in_the_graph_is_followed():
    g = hostile_graph()
    g.add((EDU.Kindergarten, RDFS.subClassOf, EDU.School))
    g.add((ID["institution/kg"], RDF.type, EDU.Kindergarten))
    g.add((ID["institution/kg"], RDFS.label, Literal("曜华幼儿园", lang="zh-hans")))
    node = graph_to_networkx(g).nodes[str(ID["institution/kg"])]
    assert node["kind"] == "Institution" and node["type"] == "Kindergarten"


def test_node_and_edge_counts(graph, page):
    data = page_data(page)
    assert len(data["meta"]) == len(data["nodes"]) == 10          # 9 entities + 1 document
    assert len(data["emeta"]) == len(data["edges"]) == 8          # mentionedIn became meta "dc"
    by_class = {c["key"]: c["count"] for c in data["classes"]}
    assert by_class == {"Region": 3, "Program": 2, "Institution": 2, "Measure": 1,
                        "Recognition": 1}                         # documents are a facet
    assert data["view"]["entities"] == 7 and data["view"]["overview"] is False
    # vis ids are the positions in meta; every node and edge has its options
    assert [n["id"] for n in data["nodes"]] == list(range(10))
    assert all({"label", "shape", "color", "size"} <= set(n) for n in data["nodes"])
    assert all(e["arrows"] == "to" and e["label"] and e["color"] for e in data["edges"])
    colours = {data["meta"][n["id"]]["k"]: n["color"] for n in data["nodes"]}
    assert len(set(colours.values())) == len(colours) == 6              # one colour per class
    # size by the relations drawn: 威海市 (2) is drawn bigger than 山东省 (1)
    size = {data["meta"][n["id"]]["l"]: n["size"] for n in data["nodes"]}
    assert size["威海市"] > size["山东省"]
    assert {n["shape"] for n in data["nodes"]} >= {"hexagon", "diamond", "square", "triangle", "star"}


def test_facet_lists_documents_years_regions_and_holders(page):
    data = page_data(page)
    meta = data["meta"]
    num = {m["l"]: i for i, m in enumerate(meta)}
    doc = next(i for i, m in enumerate(meta) if m["k"] == "Document")
    assert all(m["dc"] == [doc] for m in meta if m["k"] != "Document")
    # years: a recognition's own, and its holder's through it
    assert meta[num["全国“双减”试点城市"]]["y"] == [2021] and meta[num["威海市"]]["y"] == [2021]
    assert "y" not in meta[num["山东省"]]
    # the region tree, and where each entity sits in it
    assert meta[num["环翠区"]]["up"] == [num["威海市"]] and meta[num["威海市"]]["up"] == [num["山东省"]]
    assert meta[num["县管校聘管理改革"]]["rg"] == [num["环翠区"]]          # by its implementer
    assert meta[num[XSS_IMG]]["rg"] == [num["环翠区"]]                     # located in
    assert meta[num["累计投入43余亿元"]]["rg"] == [num["威海市"]]          # by its holder
    assert meta[num["累计投入43余亿元"]]["h"] == [num["威海市"]]
    assert meta[num["县管校聘管理改革"]]["h"] == [num["环翠区"]]
    # the overview: regions down to prefecture level, and top regions
    assert {m["l"] for m in meta if m.get("ov")} == {"山东省", "威海市"}
    # outcomes carry what their table shows; they are not searched (their holder is)
    m = meta[num["累计投入43余亿元"]]
    assert m["o"]["value"] == "4300000000" and m["o"]["indicator"] == "累计投入" and "s" not in m
    assert "rk" not in m and all("rk" not in x for x in meta)          # no recognitionKind here


def test_recognition_kind_becomes_a_facet_when_the_graph_has_it():
    g = hostile_graph()
    g.add((ID["outcome/r1"], EDU.recognitionKind, Literal("试点", lang="zh-hans")))
    meta = page_data(render_html(g))["meta"]
    by_label = {m["l"]: m for m in meta}
    assert by_label["全国“双减”试点城市"]["rk"] == ["试点"] and by_label["威海市"]["rk"] == ["试点"]
    assert ["荣誉类型", "试点"] in by_label["全国“双减”试点城市"]["f"]


def test_recognition_kind_as_a_concept_is_shown_by_its_label():
    g = hostile_graph()
    kind = EDU.PilotDesignation
    g.add((ID["outcome/r1"], EDU.recognitionKind, kind))
    g.add((kind, RDFS.label, Literal("试点示范", lang="zh-hans")))
    g.add((kind, RDFS.label, Literal("Pilot or demonstration", lang="en")))
    by_label = {m["l"]: m for m in page_data(render_html(g))["meta"]}
    assert by_label["全国“双减”试点城市"]["rk"] == ["试点示范"]


def test_panel_data_has_labels_type_values_and_evidence(page):
    data = page_data(page)
    meta = {m["l"]: m for m in data["meta"]}
    hc = meta["环翠区"]
    assert hc["t"] == "County" and ["環翠區", "zh-hant"] in hc["a"]
    assert ["行政区划代码", "371002"] in hc["f"]
    assert "環翠區".lower() in hc["s"].split("\n")            # searchable in Traditional script
    m = meta["累计投入43余亿元"]
    assert ["数值", "4300000000"] in m["f"] and ["单位", "CNY"] in m["f"]
    sentence, doc, start, end = data["evidence"][m["e"][0]]
    assert sentence == "近年来累计投入43余亿元。" and data["meta"][doc]["k"] == "Document"
    assert meta["全国“双减”试点城市"]["f"] == [["年份", "2021"]]
    # edge labels (and the tooltips built from data["relations"]) name the relation
    assert {e["label"] for e in data["edges"]} == {"隶属于", "实施", "位于", "取得成效", "授予机构"}
    assert data["relations"]["partOf"] == {"zh": "隶属于", "en": "part of", "color": "#4e79a7"}


def test_measure_is_named_with_its_indicator():
    g = hostile_graph()
    m = ID["outcome/m2"]
    g.add((m, RDF.type, EDU.Measure))
    g.add((m, RDFS.label, Literal("66所", lang="zh-hans")))
    g.add((m, EDU.indicator, Literal("新建改扩建学校", lang="zh-hans")))
    g.add((ID["region/371000"], EDU.hasOutcome, m))
    labels = {x["l"] for x in page_data(render_html(g))["meta"]}
    assert "新建改扩建学校 66所" in labels and "累计投入43余亿元" in labels


def test_hostile_strings_are_escaped(page):
    for probe in HOSTILE:
        assert probe not in page, probe
    assert "<b>&</b>" not in page and "edukg &lt;b&gt;&amp;&lt;/b&gt; test" in page
    assert not re.search(r"<[a-z][^>]*\sonerror\s*=", page, re.I)   # no live event handler
    m = re.search(r'<script type="application/json" id="edukg-data">(.*?)</script>', page, re.S)
    block = m.group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    # the probes survive intact as data (to be shown as text)
    data = json.loads(block)
    labels = {x["l"] for x in data["meta"]}
    assert XSS_SCRIPT in labels and XSS_IMG in labels and XSS_TITLE in labels
    sentences = {e[0] for e in data["evidence"]}
    assert XSS_SENTENCE in sentences and XSS_EVIDENCE in sentences


def test_script_json_escapes_line_separators():
    g = hostile_graph()
    g.add((ID["program/ls"], RDF.type, EDU.Program))
    g.add((ID["program/ls"], RDFS.label, Literal("a\u2028b\u2029c</SCRIPT >", lang="zh-hans")))
    page = render_html(g)
    assert "\u2028" not in page and "\u2029" not in page and "</SCRIPT" not in page


def test_page_is_self_contained(page):
    # nothing to fetch: no external script, stylesheet, image, font or frame
    assert not re.search(r"<(script|link|img|iframe|source|embed|object)\b[^>]*\b(src|href|data)\s*=",
                         page, re.I)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page, re.I)
    for cdn in ("cdnjs", "unpkg", "jsdelivr", "bootstrap", "tom-select"):
        assert cdn not in page.lower().replace("unpkg.com/", ""), cdn
    # vis-network is inlined, and the CSP forbids any network load
    assert "vis-network" in page and "new vis.Network" in page
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src &#39;none&#39;" in csp and "connect-src &#39;none&#39;" in csp
    assert csp.count("sha256-") == 2 and "unsafe-inline&#39;" not in csp.split("script-src")[1].split(";")[0]


def test_csp_hashes_match_the_inline_scripts(page):
    import base64
    import hashlib

    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    hashes = set(re.findall(r"sha256-([A-Za-z0-9+/=]+)", csp))
    scripts = re.findall(r"<script>(.*?)</script>\n", page, re.S)
    assert len(scripts) == 2
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert digest in hashes


def test_write_html_is_atomic_and_complete(graph, tmp_path):
    target = tmp_path / "out" / "graph.html"
    written = write_html(graph, target)
    assert written == target and target.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert [p.name for p in target.parent.iterdir()] == ["graph.html"]   # no temp file left


def test_empty_graph_renders():
    page = render_html(rdflib.Graph())
    data = page_data(page)
    assert data["meta"] == [] and data["edges"] == []


def test_above_the_limit_the_page_starts_from_the_overview():
    G = graph_to_networkx(synthetic_graph(400))
    entities = sum(1 for n in G if G.nodes[n]["kind"] in ("Region", "Program", "Institution"))
    full = page_data(render_html(G, max_nodes=entities))
    assert full["view"]["overview"] is False and full["view"]["first"] == entities

    data = page_data(render_html(G, max_nodes=entities - 1))
    v = data["view"]
    regions_to_city = sum(1 for n in G if G.nodes[n]["type"] in ("Province", "City"))
    assert v["overview"] is True and v["first"] == regions_to_city < entities
    # every node and relation is still in the page, to be expanded, filtered or found
    assert len(data["meta"]) == G.number_of_nodes()
    assert len(data["edges"]) == sum(1 for *_e, k in G.edges(keys=True) if k != "mentionedIn")


def test_max_nodes_must_be_positive(graph):
    with pytest.raises(ValueError):
        render_html(graph, max_nodes=0)


@pytest.mark.slow
def test_five_thousand_nodes_start_from_a_small_overview():
    """Speed is measured by the benchmark (python -m edukg.bench), not asserted here."""
    g = synthetic_graph(5000)
    G = graph_to_networkx(g)
    page = render_html(G)
    data = page_data(page)
    assert G.number_of_nodes() == 5000
    assert data["view"]["overview"] and data["view"]["first"] <= 100
    assert len(page) < 8_000_000
