"""The NLP stage on a Dask cluster (reformkb build --scheduler, loaders/cluster.py): a LocalCluster of worker
processes gives the same database, byte for byte, as a local build."""

import pytest
from click.testing import CliRunner

from conftest import digest, good_corpus, write_document
from reformkb.build import build
from reformkb.cli import cli

pytestmark = pytest.mark.stage


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as running:
        yield running


def test_a_cluster_build_is_the_same_database_as_a_local_one(cluster, corpus, tmp_path):
    write_document(corpus, "history", "In 1993 the board adopted LEARN, led by Roy Romer of UTLA.\n\n"
                                      "Ramon Cortines ended it in 1999. The Los Angeles Times wrote about it.",
                   title="History", published="2001")
    good_corpus(corpus)
    result = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--db", str(tmp_path / "cluster.db"),
                                      "--no-cache", "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert f"on the cluster at {cluster.scheduler_address}" in result.output
    build(corpus, tmp_path / "local.db", report=lambda line: None, cache_dir=None)
    assert digest(tmp_path / "cluster.db") == digest(tmp_path / "local.db")


def test_a_cluster_build_fills_the_cache_a_local_build_then_reads(cluster, corpus, tmp_path):
    good_corpus(corpus)
    lines = []
    build(corpus, tmp_path / "a.db", report=lines.append, cache_dir=tmp_path / "cache",
          scheduler=cluster.scheduler_address)
    build(corpus, tmp_path / "b.db", report=lines.append, cache_dir=tmp_path / "cache")
    entities = [line for line in lines if line.startswith("entities:")]
    assert "0 of 3 pieces read before" in entities[0] and "3 of 3 pieces read before" in entities[1]
    assert digest(tmp_path / "a.db") == digest(tmp_path / "b.db")
