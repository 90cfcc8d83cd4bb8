"""The NLP stage on a Dask distributed cluster (`reformkb build --scheduler tcp://host:port`): the passage texts
go to the workers in batches; each worker builds the same pipeline as a local build (the model, with the entity
ruler of the gazetteer and the publications, loaders.entities.load_nlp) once, reads its batches and sends the Docs
back packed as the cache keeps them (loaders/nlp_cache.py packed(): what the stage reads). The rest of the stage runs here on those
Docs, as on spaCy's own, so a cluster build gives the same database as a local one.

Every worker needs this project installed (`pip install -e .` and the model of requirements-model.txt), as on the
machine that builds."""

import hashlib
import json

BATCH = 64  # texts a task reads: big enough that a task's overhead is small, small enough to spread them out

_pipelines = {}  # on a worker: the pipeline of each setup it has read for, by the setup's digest


def setup_key(setup):
    return hashlib.sha256(json.dumps(setup, sort_keys=True, default=list).encode()).hexdigest()


def read_batch(setup, texts):
    """On a worker: the texts' Docs, packed, read by the pipeline setup (gazetteer, publications) describes."""
    from .entities import load_nlp
    from .nlp_cache import packed

    key = setup_key(setup)
    if key not in _pipelines:
        _pipelines[key] = load_nlp(setup["gazetteer"], setup["publications"])
    return [packed(doc) for doc in _pipelines[key].pipe(texts, batch_size=BATCH)]


def cluster_reader(address, setup, nlp):
    """A read(texts) → Docs (in order) that has the cluster at address do spaCy's work; nlp's vocab holds them."""

    def read(texts):
        from distributed import Client

        from .nlp_cache import unpacked

        texts = list(texts)
        with Client(address, set_as_default=False) as client:
            batches = [texts[at:at + BATCH] for at in range(0, len(texts), BATCH)]
            for future in client.map(read_batch, [setup] * len(batches), batches, pure=False):
                yield from (unpacked(data, nlp.vocab) for data in future.result())

    return read
