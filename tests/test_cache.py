"""The response cache (datasette/plugins/cache.py): the same bytes as a fresh answer, nothing private kept, a
rebuilt database never answered from the old one's pages, and a bounded size."""

import os

import pytest

from reformkb.app import make_datasette
from test_pages import load_plugin, write_small_kb


@pytest.fixture
def served(tmp_path):
    path = write_small_kb(tmp_path / "small.db")
    return make_datasette(path), path


async def test_a_second_answer_is_the_first_one_from_memory(served):
    ds, _ = served
    first = await ds.client.get("/documents")
    assert len(ds.response_cache.answers) == 1
    second = await ds.client.get("/documents")
    assert second.content == first.content and dict(second.headers) == dict(first.headers)
    assert "content-security-policy" in second.headers  # kept whole, the security headers included
    assert len(ds.response_cache.answers) == 1


@pytest.mark.parametrize("path, headers", [("/documents", {"cookie": "ds_actor=x"}),
                                           ("/documents", {"authorization": "Bearer x"}),
                                           ("/nope", {}), ("/entities/99999999999999999999", {})])
async def test_private_requests_and_errors_are_not_kept(served, path, headers):
    ds, _ = served
    await ds.client.get(path, headers=headers)
    assert ds.response_cache.answers == {}


async def test_a_replaced_database_file_is_never_answered_from_the_old_ones_pages(served):
    ds, path = served
    await ds.client.get("/documents")
    replacement = path.with_name("rebuilt.db")
    replacement.write_bytes(path.read_bytes())
    os.replace(replacement, path)  # what a build does: a new file (inode) under the name
    await ds.client.get("/documents")
    assert len(ds.response_cache.answers) == 2  # the first answer is not given for the new file


def test_the_cache_keeps_at_most_its_size_dropping_the_least_recently_used():
    cache = load_plugin("cache").ResponseCache(total=100, entry=60)
    cache.put("a", {}, b"x" * 40)
    cache.put("b", {}, b"x" * 40)
    assert cache.get("a")  # a is now the more recently used
    cache.put("c", {}, b"x" * 40)
    assert set(cache.answers) == {"a", "c"} and cache.size == 80
    cache.put("d", {}, b"x" * 61)  # larger than an entry may be
    assert "d" not in cache.answers
