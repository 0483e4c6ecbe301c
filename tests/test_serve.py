"""`edukg serve` (SPARQL 1.1 Protocol over Oxigraph) and `edukg load` (incremental store).

The server listens on 127.0.0.1 only, on a free port; every request has a timeout.
"""
from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from edukg import query as q
from edukg.cli import main
from edukg.serve import load_files, make_server, negotiate, open_store, serve_in_thread
from edukg.validate import ontology_dir

ROOT = Path(__file__).resolve().parents[1]
GRAPH = ROOT / "output" / "graph.ttl"
TIMEOUT = 10


@pytest.fixture(scope="module")
def endpoint():
    store = open_store(None)
    load_files(store, [GRAPH, ontology_dir() / "edukg.ttl"])
    server = make_server(store, "127.0.0.1", 0, quiet=True)
    thread = serve_in_thread(server)
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)


@pytest.fixture(scope="module")
def local() -> q.Engine:
    return q.open_graph(GRAPH, "oxigraph")


def http(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, str, bytes]:
    """(status, content type, body) of one request; HTTP errors are returned, not raised."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get("Content-Type", ""), error.read()


def get(url: str, query: str, accept: str | None = None) -> tuple[int, str, bytes]:
    return http(url + "?" + urllib.parse.urlencode({"query": query}),
                headers={"Accept": accept} if accept else {})


def sorted_bindings(data: bytes | str) -> list[str]:
    parsed = json.loads(data)
    return sorted(json.dumps(b, sort_keys=True, ensure_ascii=False) for b in parsed["results"]["bindings"])


# ---------------------------------------------------------------- the protocol

@pytest.mark.parametrize("name", sorted(q.catalog()))
def test_catalog_queries_over_http_match_the_local_answers(endpoint, local, name: str):
    text = q.catalog()[name].text
    status, ctype, body = get(endpoint, text)
    assert status == 200, body
    assert ctype.startswith("application/sparql-results+json")
    assert json.loads(body)["head"]["vars"] == local.query(text).variables
    assert sorted_bindings(body) == sorted_bindings(q.to_json(local.query(text)))


def test_post_query_body_and_form(endpoint, local):
    text = q.catalog()["region-hierarchy"].text
    expected = sorted_bindings(q.to_json(local.query(text)))
    status, _, body = http(endpoint, data=text.encode("utf-8"),
                           headers={"Content-Type": "application/sparql-query"})
    assert status == 200 and sorted_bindings(body) == expected
    form = urllib.parse.urlencode({"query": text}).encode()
    status, _, body = http(endpoint, data=form,
                           headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"})
    assert status == 200 and sorted_bindings(body) == expected


def test_content_negotiation_for_results(endpoint, local):
    text = q.catalog()["investment-totals"].text
    result = local.query(text)
    status, ctype, body = get(endpoint, text, "text/csv")
    assert status == 200 and ctype.startswith("text/csv") and body.decode() == q.to_csv(result)
    status, ctype, body = get(endpoint, text, "text/tab-separated-values")
    assert ctype.startswith("text/tab-separated-values") and body.decode() == q.to_tsv(result)
    status, ctype, body = get(endpoint, text, "application/sparql-results+xml")
    assert ctype.startswith("application/sparql-results+xml")
    assert len(list(ox.parse_query_results(body, format=ox.QueryResultsFormat.XML))) == len(result.rows)
    status, ctype, _ = get(endpoint, text, "text/html,application/xhtml+xml,*/*;q=0.8")   # a browser
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    status, _, body = get(endpoint, text, "image/png")
    assert status == 406 and b"text/csv" in body


def test_ask_and_construct(endpoint):
    status, _, body = get(endpoint, 'ASK { ?r rdfs:label "芝罘区"@zh-hans }')
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, _, body = get(endpoint, "ASK { edu:Region a owl:Class }")       # the ontology is loaded
    assert json.loads(body)["boolean"] is True
    construct = 'CONSTRUCT { ?r edu:partOf ?p } WHERE { ?r edu:partOf ?p ; edu:adminCode "370602" }'
    status, ctype, body = get(endpoint, construct)
    assert status == 200 and ctype.startswith("text/turtle")
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    assert [str(t.object) for t in triples] == ["<https://w3id.org/edukg/id/region/370600>"]
    status, ctype, body = get(endpoint, construct, "application/n-triples")
    assert ctype.startswith("application/n-triples") and body.decode().count(" .\n") == 1


def test_errors_are_4xx_with_a_message(endpoint):
    status, ctype, body = get(endpoint, "SELECT ?x WHERE { ?x a edu:Region")
    assert status == 400 and ctype.startswith("text/plain")
    assert body.startswith(b"SPARQL syntax error at line 1, column ")
    assert http(endpoint)[0] == 400                                          # no query
    assert http(endpoint.replace("/sparql", "/nowhere") + "?query=ASK%7B%7D")[0] == 404
    status, _, body = http(endpoint, data=b"update=CLEAR+ALL",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and b"read-only" in body
    status, _, _ = http(endpoint, data=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    assert status == 400
    assert http(endpoint, data=b"ASK {}", headers={"Content-Type": "text/plain"})[0] == 415
    status, _, body = get(endpoint, "ASK { ?s ?p ?o }")
    assert json.loads(body)["boolean"] is True                               # nothing was cleared


def test_cors_preflight(endpoint):
    status, _, _ = http(endpoint, method="OPTIONS")
    assert status == 204


def test_negotiate():
    offers = ["application/sparql-results+json", "text/csv"]
    assert negotiate(None, offers) == offers[0]
    assert negotiate("text/csv", offers) == "text/csv"
    assert negotiate("text/*;q=0.9, application/sparql-results+json;q=0.5", offers) == "text/csv"
    assert negotiate("*/*", offers) == offers[0]
    assert negotiate("text/csv;q=0, */*;q=0.1", offers) == offers[0]
    assert negotiate("image/png", offers) is None


# ---------------------------------------------------------------- edukg load

def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def store_size(path: Path) -> int:
    store = ox.Store.read_only(str(path))
    try:
        return len(store)
    finally:
        del store


def test_load_twice_adds_nothing(capsys, tmp_path: Path):
    store_dir = tmp_path / "store"
    code, out, err = run(capsys, "load", "--store", str(store_dir), str(GRAPH))
    assert code == 0, err
    size = store_size(store_dir)
    assert size > 1000 and f"+{size} triples" in out
    code, out, err = run(capsys, "load", "--store", str(store_dir), str(GRAPH), str(GRAPH.with_suffix(".nt")))
    assert code == 0, err
    assert out.count("+0 triples") == 2 and store_size(store_dir) == size


def test_load_with_blank_nodes_is_idempotent(capsys, tmp_path: Path):
    data = tmp_path / "bnodes.ttl"
    data.write_text('<urn:a> <urn:p> [ <urn:q> "x" ] , _:b .\n_:b <urn:q> "y" .\n', encoding="utf-8")
    store_dir = tmp_path / "store"
    for _ in range(2):
        code, _, err = run(capsys, "load", "--store", str(store_dir), str(data))
        assert code == 0, err
    assert store_size(store_dir) == 4


def test_load_errors_are_one_line_and_write_nothing(capsys, tmp_path: Path):
    store_dir = tmp_path / "store"
    bad = tmp_path / "bad.ttl"
    bad.write_text('<urn:a> <urn:p> "fine" .\n<urn:a> <urn:p> "unterminated .\n')
    for args, expected in (([str(bad)], "bad.ttl: cannot parse"),
                           ([str(tmp_path / "none.ttl")], "none.ttl: no such file"),
                           ([str(ROOT / "README.md")], "unknown RDF format")):
        code, _, err = run(capsys, "load", "--store", str(store_dir), *args)
        assert code == 2 and len(err.strip().splitlines()) == 1 and expected in err, err
    assert store_size(store_dir) == 0


def test_store_in_use_is_one_line(capsys, tmp_path: Path):
    holder = ox.Store(str(tmp_path / "store"))          # as a running `edukg serve` would
    code, _, err = run(capsys, "load", "--store", str(tmp_path / "store"), str(GRAPH))
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "cannot open the store" in err and "another edukg process" in err
    del holder


# ---------------------------------------------------------------- edukg serve, as a process

def test_serve_command_answers_until_terminated(capsys, tmp_path: Path):
    store_dir = tmp_path / "store"
    assert run(capsys, "load", "--store", str(store_dir), str(GRAPH))[0] == 0
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "edukg", "serve", "--store", str(store_dir),
                             "--host", "127.0.0.1", "--port", "0", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True)
    reader.start()
    try:
        url, deadline, seen = None, time.monotonic() + 60, []
        while url is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                if proc.poll() is not None:
                    break
                continue
            seen.append(line)
            if line.startswith("SPARQL endpoint "):
                url = line.split()[2]
        assert url and url.startswith("http://127.0.0.1:"), (seen, proc.poll())
        status, _, body = get(url, q.catalog()["program-regions"].text)
        assert status == 200 and "荣成市" in body.decode("utf-8")
        status, _, body = get(url, "ASK { edu:Region a owl:Class }")
        assert json.loads(body)["boolean"] is True
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=TIMEOUT)
    reader.join(TIMEOUT)
    assert proc.returncode == 0, proc.stderr.read()
    assert store_size(store_dir) > 1000
