class CorpusError(Exception):
    """Bad input in the corpus: the message names the file, the line and what is wrong."""


class BuildStopped(Exception):
    """The build stopped for a reason outside the corpus (a signal, a full disk, spaCy): the message says which."""
