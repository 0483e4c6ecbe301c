"""The `edukg` command line: build, extract, validate, evaluate, view.

Every failure a user can cause (missing path, unreadable input, unwritable output) is one
line on stderr and exit status 2; `--debug` shows the traceback instead.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .export.products import GRAPH_FILES, VIEW_LIMIT

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None,
                  help="Build an RDF knowledge graph from Chinese regional education reports. "
                       "Add --debug to any command to see Python tracebacks.")

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUT = Path("output")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"edukg {version('edukg')}")
        except PackageNotFoundError:
            typer.echo("edukg (not installed)")
        raise typer.Exit(0)


@app.callback()
def _options(
    show_version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Print the version and exit")] = False,
) -> None:
    """Build an RDF knowledge graph from Chinese regional education reports."""


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"edukg: error: {message}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.echo(f"edukg: warning: {message}", err=True)


@app.command(short_help="Build graph.ttl, .nt, .jsonld and .html from reports")
def build(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Files, folders, glob patterns or - (standard input): .txt/.md reports in UTF-8, "
             "GBK/GB18030 or Big5, and saved .html pages (default: seeds/)")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder")] = DEFAULT_OUT,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, metavar="N", help="Worker processes for extraction")] = 1,
    strict: Annotated[bool, typer.Option(help="Exit non-zero on skipped files or SHACL violations")] = False,
    validate: Annotated[bool, typer.Option(help="Check the graph against ontology/shapes.ttl")] = True,
    html: Annotated[bool, typer.Option(help="Also write graph.html")] = True,
    formats: Annotated[str, typer.Option(
        metavar="LIST", help="Graph files to write, comma-separated: ttl, nt, jsonld (a large corpus bound "
             "for a triple store needs only nt)")] = "ttl,nt,jsonld",
    view_limit: Annotated[int, typer.Option(
        metavar="NODES",
        help="Skip graph.html (with a warning) above this many nodes; 0: no limit. "
             "`edukg view` writes it for any size")] = VIEW_LIMIT,
    timings: Annotated[bool, typer.Option(help="Print the time of each stage to stderr")] = False,
) -> None:
    """Extract every report and write graph.ttl, graph.nt, graph.jsonld (and graph.html) to OUT.

    Unusable files are skipped with a warning and listed in the summary; outputs are atomic."""
    import gc
    import time

    from rich.progress import Progress

    clock = [time.perf_counter()]

    def lap(stage: str) -> None:
        now = time.perf_counter()
        if timings:
            typer.echo(f"edukg: timing: {stage} {now - clock[0]:.3f} s", err=True)
        clock[0] = now

    from .atomic import OutputError, ensure_writable_dir
    from .export.products import write_products
    from .pipeline import build_knowledge_base
    from .rdf import build_triples
    from .read import ReadError, display, scan_inputs

    wanted = {f.strip() for f in formats.split(",") if f.strip()}
    if not wanted or wanted - set(GRAPH_FILES):
        fail(f"--formats takes a comma-separated list of {', '.join(GRAPH_FILES)}, not {formats!r}")
    sources = [str(p) for p in paths] if paths else [str(DEFAULT_INPUT)]
    try:
        inputs = scan_inputs(sources)
    except ReadError as exc:
        fail(str(exc))
    try:
        ensure_writable_dir(out)   # fail before a long extraction, not after it
    except OutputError as exc:
        fail(str(exc))
    for skip in inputs.skipped:
        warn(f"skipped {skip}")
    if not inputs.files:
        fail(f"no input files found in {', '.join(map(display, sources))}")

    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("extracting", total=len(inputs.files))
        kb = build_knowledge_base(inputs.files, jobs, on_done=lambda _: progress.advance(task),
                                  on_skip=lambda skip: warn(f"skipped {skip}"),
                                  skipped=inputs.skipped)
    if not kb.documents:
        fail(f"no document could be read ({len(kb.skipped)} skipped); nothing written")
    lap("extract+link")
    # From here on millions of long-lived, acyclic objects are made (terms, tuples, bytes):
    # the cyclic GC would rescan them all again and again (2-3x slower at 4,000 documents).
    gc.disable()
    try:
        graph = build_triples(kb)   # (s, p, o) tuples of pyoxigraph terms: no rdflib graph
        lap("rdf")
        nodes = len(kb.documents) + len(kb.entities) + len(kb.outcomes)
        copies = (f" ({len(kb.documents) - len(kb.copies)} reports; {len(kb.copies)} copies "
                  "merged)" if kb.copies else "")
        summary = (f"{len(kb.documents)} documents{copies}, {len(kb.entities)} entities, "
                   f"{len(kb.outcomes)} outcomes, {len(graph)} triples")
        skipped = kb.skipped
        del kb      # the documents' text is in the graph now: free it before serialising

        # With --jobs N the SHACL check, JSON-LD and the view are made in worker processes
        # while this one writes N-Triples and Turtle (edukg.export.products).
        try:
            products = write_products(graph, out, wanted, jobs=jobs, validate=validate,
                                      html=html, view_limit=view_limit, nodes=nodes)
        except OutputError as exc:
            fail(str(exc))
        if products.view_skipped:
            source = out / GRAPH_FILES["nt" if "nt" in wanted else sorted(wanted)[0]]
            warn(f"graph.html not written: {nodes} nodes is more than --view-limit "
                 f"{view_limit}; `edukg view {source}` writes it anyway")
        if timings:
            for name, seconds in products.seconds.items():
                typer.echo(f"edukg: timing: {name} {seconds:.3f} s", err=True)
        violations = products.violations
        for violation in violations[:20]:
            warn(f"SHACL: {violation}")
        if len(violations) > 20:
            warn(f"SHACL: … and {len(violations) - 20} more violations")
    finally:
        # Free the triples first: the collector's first pass after enabling it would scan
        # every one of them (3.6 s at 4,000 documents) only to find nothing to collect.
        graph = None
        gc.enable()
    for fmt, file in GRAPH_FILES.items():
        if fmt not in wanted and (out / file).exists():
            warn(f"{out / file} is from an earlier build (not written: --formats {formats})")
    typer.echo(f"{summary}; {len(skipped)} skipped, {len(violations)} SHACL violations")
    for path, reason in skipped:
        typer.echo(f"skipped {path}: {reason}")
    for path in products.written:
        typer.echo(f"wrote {path}")
    if strict and (skipped or violations):
        raise typer.Exit(1)


@app.command(short_help="Print one document's triples (shards for bulk loads)")
def extract(
    document: Annotated[Path, typer.Argument(help="One report (.txt, .html, or - for standard input)")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="nt or ttl")] = "nt",
) -> None:
    """Print one document's triples: shards from many workers concatenate into one graph.

    `--format nt` is sorted, unique N-Triples with deterministic IRIs: `cat` (or `sort -u`)
    of the shards is one graph for bulk loaders (docs/performance.md: "Beyond one machine")."""
    from .export.serialize import to_ntriples, to_turtle
    from .shard import SkippedDocument, document_triples

    if fmt not in ("nt", "ttl"):
        fail(f"unknown --format {fmt!r}: use nt or ttl")
    try:
        graph = document_triples(document)
    except SkippedDocument as exc:  # the reason, in one line
        fail(str(exc))
    sys.stdout.buffer.write(to_ntriples(graph) if fmt == "nt" else to_turtle(graph))


@app.command("validate", short_help="Check a graph against ontology/shapes.ttl")
def validate_command(
    graph_file: Annotated[Path, typer.Argument(help="A Turtle/N-Triples graph")] = DEFAULT_OUT / "graph.ttl",
    reference: Annotated[bool, typer.Option(
        "--reference", help="Check with pyshacl, the reference engine (pip install 'edukg[shacl]'), "
                            "instead of edukg's own checker (the same shapes, 20-200x faster)")] = False,
) -> None:
    """Check a graph against the SHACL shapes in ontology/shapes.ttl."""
    from .validate import EngineMissing, validate

    if reference:                       # fail before parsing a large graph
        from importlib.util import find_spec

        from .validate import PYSHACL_MISSING

        if find_spec("pyshacl") is None:
            fail(PYSHACL_MISSING)
    graph = _load_graph(graph_file)
    try:
        violations = validate(graph, engine="pyshacl" if reference else "fast")
    except EngineMissing as exc:
        fail(str(exc))
    for violation in violations:
        typer.echo(str(violation))
    typer.echo(f"{len(violations)} violations")
    raise typer.Exit(1 if violations else 0)


@app.command(short_help="Score a graph against gold annotations")
def evaluate(
    graph_file: Annotated[Path, typer.Argument(help="The graph to score")] = DEFAULT_OUT / "graph.ttl",
    gold: Annotated[Path, typer.Option(help="Folder with gold *.json (and evaluate.py)")] = Path("../shared/gold"),
    scorer: Annotated[Optional[Path], typer.Option(help="The scorer, when it is not GOLD/evaluate.py")] = None,
    show_errors: Annotated[int, typer.Option(help="List up to N misses and false hits")] = 0,
) -> None:
    """Score a graph against gold annotations (runs evaluate.py: one scorer, one truth)."""
    from .validate import ontology_dir

    scorer = scorer or gold / "evaluate.py"
    if not scorer.is_file():
        fail(f"{scorer}: not found (the gold folder must hold evaluate.py)")
    if not graph_file.is_file():
        fail(f"{graph_file}: no such file")
    done = subprocess.run([sys.executable, str(scorer), str(graph_file), "--gold", str(gold),
                           "--ontology", str(ontology_dir()), "--show-errors", str(show_errors)])
    raise typer.Exit(done.returncode)


@app.command(short_help="Write the interactive HTML view of a graph")
def view(
    graph_file: Annotated[Path, typer.Argument(help="A Turtle/N-Triples graph")] = DEFAULT_OUT / "graph.ttl",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="HTML file to write")] = None,
    open_browser: Annotated[bool, typer.Option("--open/--no-open", help="Open it in a browser")] = False,
) -> None:
    """Write the interactive HTML view of a graph."""
    from .export.html import write_html

    graph = _load_graph(graph_file)
    target = write_html(graph, out or graph_file.with_suffix(".html"))
    typer.echo(f"wrote {target}")
    if open_browser:
        import webbrowser

        webbrowser.open(target.resolve().as_uri())


@app.command(short_help="Run a SPARQL or catalog query on a graph")
def query(
    query_text: Annotated[Optional[str], typer.Argument(
        metavar="QUERY", help="SPARQL text, a .rq file, or the name of a catalog query (see --list)")] = None,
    graph_file: Annotated[Path, typer.Option("--graph", "-g", help="The graph file to query")] = DEFAULT_OUT / "graph.ttl",
    store_dir: Annotated[Optional[Path], typer.Option(
        "--store", "-s", help="Query this Oxigraph store (see `edukg load`) instead of --graph: "
                              "nothing to parse, opened read-only")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="SELECT/ASK: table, csv, tsv, json; "
                                                            "CONSTRUCT/DESCRIBE: table (Turtle), ttl, nt")] = "table",
    engine: Annotated[str, typer.Option(help="oxigraph (fast) or rdflib")] = "oxigraph",
    params: Annotated[Optional[list[str]], typer.Option(
        "--param", "-p", metavar="NAME=VALUE",
        help="Set the query's `VALUES ?NAME { … }` block; a catalog query's names match labels and "
             "other names in either script and short forms (淄川 for 淄川区)")] = None,
    list_catalog: Annotated[bool, typer.Option("--list", help="List the catalog queries, one a line")] = False,
    show: Annotated[bool, typer.Option("--show", help="Print the SPARQL (after --param) instead of running it")] = False,
) -> None:
    """Run a SPARQL query on a graph: results as a table or as SPARQL CSV/TSV/JSON."""
    from . import query as q
    from .query_params import bind_params

    if list_catalog:
        queries = q.catalog()
        width = max(map(len, queries))
        for item in queries.values():
            params_hint = "".join(f" [--param {name}=…]" for name in item.params)
            typer.echo(f"{item.name:<{width}}  {item.title}{params_hint}")
        return
    if query_text is None:
        fail("missing QUERY (SPARQL text, a .rq file or a catalog name; `edukg query --list` shows the catalog)")
    if fmt not in q.FORMATS:
        fail(f"unknown --format {fmt!r}: use one of {', '.join(q.FORMATS)}")
    if store_dir is not None and engine != "oxigraph":
        fail("--store is an Oxigraph store: it takes --engine oxigraph")
    try:
        opened: list[q.Engine] = []

        def graph_engine() -> q.Engine:     # opened once, and only when it is needed
            if not opened:
                opened.append(q.open_store(store_dir) if store_dir is not None
                              else q.open_graph(graph_file, engine))
            return opened[0]

        item, text = bind_params(query_text, q.parse_params(params or []), graph_engine)
        if show:
            typer.echo(text, nl=not text.endswith("\n"))
            return
        graph = graph_engine()
        if fmt in ("csv", "tsv") and isinstance(graph, q.OxigraphEngine):
            data = graph.results_text(text, fmt)      # the engine's own writers: same bytes, faster
            if data is not None:
                sys.stdout.buffer.write(data)
                return
        result = graph.query(text)
    except (q.QueryError, q.GraphError) as exc:
        fail(str(exc))
    allowed = q.GRAPH_FORMATS if result.kind == "GRAPH" else q.SELECT_FORMATS
    if fmt not in allowed:
        kind = "CONSTRUCT/DESCRIBE" if result.kind == "GRAPH" else result.kind
        fail(f"--format {fmt} does not fit a {kind} query: use one of {', '.join(allowed)}")
    if result.kind == "GRAPH":
        typer.echo(q.to_rdf(result, "nt" if fmt == "nt" else "ttl", graph.prefixes), nl=False)
    elif fmt == "csv":
        typer.echo(q.to_csv(result), nl=False)
    elif fmt == "tsv":
        typer.echo(q.to_tsv(result), nl=False)
    elif fmt == "json":
        typer.echo(q.to_json(result))
    elif result.kind == "ASK":
        typer.echo("true" if result.boolean else "false")
    else:
        from rich.console import Console

        title = item.title if item is not None else None
        wide = None if sys.stdout.isatty() or "COLUMNS" in os.environ else 160   # piped: less wrapping
        Console(width=wide).print(q.render_table(result, graph, title))


@app.command(short_help="Add graphs to a persistent Oxigraph store")
def load(
    files: Annotated[list[Path], typer.Argument(help="RDF files: .ttl, .nt, .nq, .trig, .jsonld, .rdf")],
    store_dir: Annotated[Path, typer.Option("--store", "-s", help="Oxigraph store folder (created if missing)")],
    clear: Annotated[bool, typer.Option(help="Empty the store before loading")] = False,
) -> None:
    """Add graphs to a persistent Oxigraph store; loading a file again adds nothing."""
    from .serve import StoreError, load_files, open_store

    try:
        store = open_store(store_dir)
        if clear:
            store.clear()
        load_files(store, files, on_loaded=lambda path, added, total:
                   typer.echo(f"{path}: +{added} triples (store: {total})"))
    except StoreError as exc:
        fail(str(exc))


@app.command(short_help="Serve a SPARQL 1.1 endpoint until Ctrl-C")
def serve(
    store_dir: Annotated[Optional[Path], typer.Option(
        "--store", "-s", help="Oxigraph store folder: served as it is when it holds triples, "
                              "else prepared from --graph and the ontology first "
                              "(default: a temporary store)")] = None,
    graph_file: Annotated[Optional[Path], typer.Option(
        "--graph", "-g", help="Graph that goes into a new store (default: output/graph.ttl)")] = None,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: any free port)")] = 7878,
    timeout: Annotated[float, typer.Option(
        min=0.1, help="Seconds a query may run: past them it is stopped")] = 30.0,
    allow_service: Annotated[bool, typer.Option(
        help="Run SERVICE (federated) queries: the server then fetches URLs clients name")] = False,
    cors: Annotated[bool, typer.Option(
        help="Send CORS headers, so that any web page can query the endpoint")] = False,
    memory_limit: Annotated[int, typer.Option(
        min=0, help="MB the engine may hold: past them its queries are stopped (0: no limit)")] = 2048,
    ontology: Annotated[bool, typer.Option(help="Put ontology/edukg.ttl in a new store too")] = True,
    quiet: Annotated[bool, typer.Option(help="Do not log requests")] = False,
) -> None:
    """Serve a read-only SPARQL 1.1 endpoint (GET/POST /sparql) on Oxigraph's server until Ctrl-C."""
    from .endpoint import FrontOptions
    from .oxserver import ServerError
    from .rdf import PREFIXES
    from .serve import StoreError, run_endpoint, served_store, store_size
    from .sparql_guard import LOOPBACK_NAMES
    from .validate import ontology_dir

    files = [graph_file or DEFAULT_OUT / "graph.ttl"]
    if ontology:
        files.append(ontology_dir() / "edukg.ttl")
    if host not in LOOPBACK_NAMES:
        warn(f"listening on {host}: anyone who can reach it can query the graph")
    try:
        if store_dir is not None and graph_file is not None and store_size(store_dir):
            fail(f"{store_dir}: the store already holds triples and is served read-only; "
                 f"add {graph_file} with `edukg load --store {store_dir}` first")
        with served_store(store_dir, files) as (folder, size):
            options = FrontOptions(host=host, port=port, timeout=timeout, cors=cors,
                                   allow_service=allow_service, quiet=quiet, prefixes=dict(PREFIXES),
                                   triples=size, memory_limit=memory_limit * 2 ** 20 or None)

            def ready(url: str) -> None:
                typer.echo(f"SPARQL endpoint {url} ({size} triples, read-only); Ctrl-C stops it")
                sys.stdout.flush()

            run_endpoint(folder, options, ready)
    except (StoreError, ServerError) as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {_one_line(exc)}")


def _load_graph(path: Path):
    from rdflib import Graph
    from rdflib.util import guess_format

    if not path.is_file():
        fail(f"{path}: no such file")
    try:
        return Graph().parse(path, format=guess_format(str(path)) or "turtle")
    except Exception as exc:  # rdflib raises many exception types for bad input
        fail(f"{path}: cannot parse as RDF: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")


def main(argv: Optional[list[str]] = None) -> None:
    """The `edukg` entry point: every error is one line on stderr (exit 2 for usage and user
    errors, 1 for anything unexpected); `--debug`, anywhere on the line, shows tracebacks."""
    from .pipeline import DEBUG_ENV

    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    if debug:
        os.environ[DEBUG_ENV] = "1"     # worker processes inherit it
    try:
        result = app(args=args, prog_name="edukg", standalone_mode=False)
        code = result if isinstance(result, int) else 0
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        _error("aborted")
        code = 1
    except KeyboardInterrupt:
        _error("interrupted")
        code = 130
    except Exception as exc:  # the last guard: one line, unless --debug
        if debug:
            raise
        from .atomic import OutputError
        from .read import ReadError
        from .validate import EngineMissing

        if _is_click_error(exc):    # usage errors and the like (click's own box is multi-line)
            code = _usage_error(exc)
        elif isinstance(exc, (OutputError, UserError, ReadError, OSError, EngineMissing)):
            _error(_one_line(exc))
            code = 2
        else:
            _error(f"internal error: {type(exc).__name__}: {_one_line(exc)} "
                   "(run again with --debug for the traceback)")
            code = 1
    sys.exit(code)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _error(message: str) -> None:
    typer.echo(f"edukg: error: {message}", err=True)


def _is_click_error(exc: Exception) -> bool:
    """click.ClickException (vendored by recent typer, imported by older): duck-typed."""
    return hasattr(exc, "format_message") and hasattr(exc, "exit_code") and hasattr(exc, "show")


def _usage_error(exc: Exception) -> int:
    """A click exception as one line (click prints a usage box); returns the exit code."""
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
        help_text = ctx.get_help()     # bare `edukg`: the help (rich prints it itself)
        if help_text.strip():
            typer.echo(help_text, err=True)
        return 2
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    _error(" ".join(message.split()) + hint)
    return int(getattr(exc, "exit_code", 2) or 2)
