"""The `edukg` command line: build, extract, validate, evaluate, view.

Every failure a user can cause (missing path, unreadable input, unwritable output) is one
line on stderr and exit status 2; `--debug` shows the traceback instead.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Build an RDF knowledge graph from Chinese regional education reports.")

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUT = Path("output")


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"edukg: error: {message}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.echo(f"edukg: warning: {message}", err=True)


@app.command()
def build(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders of .txt reports (default: seeds/)")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder")] = DEFAULT_OUT,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for extraction")] = 1,
    strict: Annotated[bool, typer.Option(help="Exit non-zero on skipped files or SHACL violations")] = False,
    validate: Annotated[bool, typer.Option(help="Check the graph against ontology/shapes.ttl")] = True,
    html: Annotated[bool, typer.Option(help="Also write graph.html")] = True,
) -> None:
    """Extract every report and write graph.ttl, graph.nt, graph.jsonld (and graph.html) to OUT."""
    from rich.progress import Progress

    from .atomic import write_atomic
    from .export.serialize import to_jsonld, to_ntriples, to_turtle
    from .pipeline import build_knowledge_base
    from .rdf import build_graph
    from .read import ReadError, find_inputs

    try:
        files = find_inputs(paths or [DEFAULT_INPUT])
    except ReadError as exc:
        fail(str(exc))
    if not files:
        fail(f"no input files found in {', '.join(map(str, paths or [DEFAULT_INPUT]))}")

    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("extracting", total=len(files))
        kb = build_knowledge_base(files, jobs, on_done=lambda _: progress.advance(task))
    for path, reason in kb.skipped:
        warn(f"skipped {reason}")
    if not kb.documents:
        fail("no document could be read; nothing written")
    graph = build_graph(kb)

    violations = []
    if validate:
        from .validate import validate as shacl

        violations = shacl(graph)
        for violation in violations[:20]:
            warn(f"SHACL: {violation}")
        if len(violations) > 20:
            warn(f"SHACL: … and {len(violations) - 20} more violations")

    written = [write_atomic(out / "graph.ttl", to_turtle(graph)),
               write_atomic(out / "graph.nt", to_ntriples(graph)),
               write_atomic(out / "graph.jsonld", to_jsonld(graph))]
    if html:
        from .export.html import write_html

        written.append(write_html(graph, out / "graph.html"))
    typer.echo(f"{len(kb.documents)} documents, {len(kb.entities)} entities, "
               f"{len(kb.outcomes)} outcomes, {len(graph)} triples; "
               f"{len(kb.skipped)} skipped, {len(violations)} SHACL violations")
    for path in written:
        typer.echo(f"wrote {path}")
    if strict and (kb.skipped or violations):
        raise typer.Exit(1)


@app.command()
def extract(
    document: Annotated[Path, typer.Argument(help="One report (.txt)")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="nt or ttl")] = "nt",
) -> None:
    """Print one document's triples: shards from many workers concatenate into one graph."""
    from .export.serialize import to_ntriples, to_turtle
    from .link import link
    from .pipeline import Skipped, extract_file
    from .rdf import build_graph

    if fmt not in ("nt", "ttl"):
        fail(f"unknown --format {fmt!r}: use nt or ttl")
    result = extract_file(str(document))
    if isinstance(result, Skipped):
        fail(result.reason)
    graph = build_graph(link([result]))
    sys.stdout.buffer.write(to_ntriples(graph) if fmt == "nt" else to_turtle(graph))


@app.command("validate")
def validate_command(
    graph_file: Annotated[Path, typer.Argument(help="A Turtle/N-Triples graph")] = DEFAULT_OUT / "graph.ttl",
) -> None:
    """Check a graph against the SHACL shapes in ontology/shapes.ttl."""
    from .validate import validate

    graph = _load_graph(graph_file)
    violations = validate(graph)
    for violation in violations:
        typer.echo(str(violation))
    typer.echo(f"{len(violations)} violations")
    raise typer.Exit(1 if violations else 0)


@app.command()
def evaluate(
    graph_file: Annotated[Path, typer.Argument(help="The graph to score")] = DEFAULT_OUT / "graph.ttl",
    gold: Annotated[Path, typer.Option(help="Folder with gold *.json and evaluate.py")] = Path("../shared/gold"),
    show_errors: Annotated[int, typer.Option(help="List up to N misses and false hits")] = 0,
) -> None:
    """Score a graph against gold annotations (runs GOLD/evaluate.py: one scorer, one truth)."""
    from .validate import ontology_dir

    scorer = gold / "evaluate.py"
    if not scorer.is_file():
        fail(f"{scorer}: not found (the gold folder must hold evaluate.py)")
    if not graph_file.is_file():
        fail(f"{graph_file}: no such file")
    done = subprocess.run([sys.executable, str(scorer), str(graph_file), "--gold", str(gold),
                           "--ontology", str(ontology_dir()), "--show-errors", str(show_errors)])
    raise typer.Exit(done.returncode)


@app.command()
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


def _load_graph(path: Path):
    from rdflib import Graph
    from rdflib.util import guess_format

    if not path.is_file():
        fail(f"{path}: no such file")
    try:
        return Graph().parse(path, format=guess_format(str(path)) or "turtle")
    except Exception as exc:  # rdflib raises many exception types for bad input
        fail(f"{path}: cannot parse as RDF: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")


def main() -> None:
    debug = "--debug" in sys.argv
    if debug:
        sys.argv.remove("--debug")
    try:
        app()
    except Exception as exc:  # the last guard: one line, unless --debug
        if debug:
            raise
        from .atomic import OutputError

        code = 2 if isinstance(exc, (OutputError, UserError, OSError)) else 1
        typer.echo(f"edukg: error: {exc}", err=True)
        sys.exit(code)
