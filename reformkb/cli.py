"""The reformkb command: build the database from the corpus, serve it with Datasette."""

import sys
import time
from pathlib import Path

import click

from loaders.errors import BuildStopped, CorpusError

ROOT = Path(__file__).resolve().parent.parent


@click.group()
@click.version_option(package_name="reformkb")
def cli():
    """The institutional memory of Los Angeles school reform, as one SQLite database."""


@cli.command()
@click.option("--corpus", "corpus", type=click.Path(file_okay=False, path_type=Path), default=ROOT / "corpus",
              show_default="corpus/", help="Corpus folder laid out like corpus/ (documents/, gazetteer.yml, …).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=Path("reform.db"),
              show_default=True, help="Database file to write (replaced only when the build succeeds).")
@click.option("--quiet", is_flag=True, help="Print only errors.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder that keeps spaCy's work between builds (default: .reformkb-cache/ beside the database; "
                   "safe to delete).")
@click.option("--no-cache", is_flag=True, help="Keep no spaCy work between builds.")
@click.option("--force", is_flag=True, help="Build even when nothing changed since the database was built.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="A Dask scheduler (tcp://host:port) whose workers do the NLP stage; default: local processes.")
def build(corpus, db_path, quiet, cache_dir, no_cache, force, scheduler):
    """Build the database from the corpus (nothing to do when neither it nor the code changed)."""
    from .build import build as run_build
    from .build import quietly

    def progress(items, length, label):
        with click.progressbar(items, length=length, label=f"  {label}", file=sys.stderr) as bar:
            yield from bar

    started = time.perf_counter()
    try:
        counts = run_build(corpus, db_path, report=(lambda message: None) if quiet else click.echo,
                           progress=quietly if quiet else progress, force=force, scheduler=scheduler,
                           cache_dir=None if no_cache else cache_dir or "beside")
    except (CorpusError, BuildStopped) as e:
        click.secho(f"error: {e}", fg="red", err=True)
        click.echo(f"{db_path} was left unchanged.", err=True)
        sys.exit(1)
    if not quiet:
        for table, count in counts.items():
            click.echo(f"  {table:<28} {count:>8,}")
        click.echo(f"built {db_path} in {time.perf_counter() - started:.1f}s")


@cli.command()
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=Path("reform.db"), show_default=True, help="Database to serve (read-only).")
@click.option("--port", default=8001, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
def serve(db_path, port, host):
    """Serve the database with Datasette, its metadata, templates, static files and plugins."""
    import uvicorn

    from .app import make_datasette

    ds = make_datasette(db_path)
    click.echo(f"Serving {db_path} on http://{host}:{port}/")
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")


@cli.command()
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=Path("reform.db"), show_default=True, help="Built database to read the charts from.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("charts-out"),
              show_default=True, help="Folder to write the files into (created if need be).")
@click.option("--format", "formats", type=click.Choice(["json", "svg", "png", "html"]), multiple=True,
              help="File format; repeat for several. Default: all four (json = Vega-Lite with the data inline, "
                   "html = a page that draws the chart offline).")
def charts(db_path, out_dir, formats):
    """Write the database's charts as files: <name>.json, .svg, .png, .html."""
    import sqlite_utils

    from charts.render import FORMATS, write_chart_files

    try:
        written = write_chart_files(sqlite_utils.Database(db_path), out_dir, formats or FORMATS)
    except ValueError as e:
        click.secho(f"error: {e}", fg="red", err=True)
        sys.exit(1)
    for path in written:
        click.echo(f"  {path}  ({path.stat().st_size:,} bytes)")
    click.echo(f"wrote {len(written)} files to {out_dir}")
