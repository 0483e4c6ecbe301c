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
                  help="Build an RDF knowledge graph from Chinese regional education reports. "
                       "Add --debug to any command to see Python tracebacks.")

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
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Files, folders, glob patterns or - (standard input): .txt/.md reports in UTF-8, "
             "GBK/GB18030 or Big5, and saved .html pages (default: seeds/)")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder")] = DEFAULT_OUT,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for extraction")] = 1,
    strict: Annotated[bool, typer.Option(help="Exit non-zero on skipped files or SHACL violations")] = False,
    validate: Annotated[bool, typer.Option(help="Check the graph against ontology/shapes.ttl")] = True,
    html: Annotated[bool, typer.Option(help="Also write graph.html")] = True,
) -> None:
    """Extract every report and write graph.ttl, graph.nt, graph.jsonld (and graph.html) to OUT.

    Unusable files are skipped with a warning and listed in the summary; outputs are atomic."""
    from rich.progress import Progress

    from .atomic import AtomicBatch, ensure_writable_dir
    from .export.serialize import to_jsonld, to_ntriples, to_turtle
    from .pipeline import build_knowledge_base
    from .rdf import build_graph
    from .read import ReadError, scan_inputs

    sources = [str(p) for p in paths] if paths else [str(DEFAULT_INPUT)]
    try:
        inputs = scan_inputs(sources)
    except ReadError as exc:
        fail(str(exc))
    ensure_writable_dir(out)       # fail before a long extraction, not after it
    for skip in inputs.skipped:
        warn(f"skipped {skip}")
    if not inputs.files:
        fail(f"no input files found in {', '.join(sources)}")

    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("extracting", total=len(inputs.files))
        kb = build_knowledge_base(inputs.files, jobs, on_done=lambda _: progress.advance(task),
                                  on_skip=lambda skip: warn(f"skipped {skip}"),
                                  skipped=inputs.skipped)
    if not kb.documents:
        fail(f"no document could be read ({len(kb.skipped)} skipped); nothing written")
    graph = build_graph(kb)

    violations = []
    if validate:
        from .validate import validate as shacl

        violations = shacl(graph)
        for violation in violations[:20]:
            warn(f"SHACL: {violation}")
        if len(violations) > 20:
            warn(f"SHACL: … and {len(violations) - 20} more violations")

    with AtomicBatch() as batch:    # all staged first, renamed together at the end
        batch.write(out / "graph.ttl", to_turtle(graph))
        batch.write(out / "graph.nt", to_ntriples(graph))
        batch.write(out / "graph.jsonld", to_jsonld(graph))
        if html:
            from .export.html import render_html

            batch.write(out / "graph.html", render_html(graph))
    typer.echo(f"{len(kb.documents)} documents, {len(kb.entities)} entities, "
               f"{len(kb.outcomes)} outcomes, {len(graph)} triples; "
               f"{len(kb.skipped)} skipped, {len(violations)} SHACL violations")
    for path, reason in kb.skipped:
        typer.echo(f"skipped {path}: {reason}")
    for path in batch.written:
        typer.echo(f"wrote {path}")
    if strict and (kb.skipped or violations):
        raise typer.Exit(1)


@app.command()
def extract(
    document: Annotated[Path, typer.Argument(help="One report (.txt, .html, or - for standard input)")],
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
        fail(str(result))
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


def main(argv: Optional[list[str]] = None) -> None:
    """The `edukg` entry point: every error is one line on stderr (exit 2 for usage and user
    errors, 1 for anything unexpected); `--debug`, anywhere on the line, shows tracebacks."""
    import os

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

        if _is_click_error(exc):    # usage errors and the like (click's own box is multi-line)
            code = _usage_error(exc)
        elif isinstance(exc, (OutputError, UserError, ReadError, OSError)):
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
