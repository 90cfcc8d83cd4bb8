class CorpusError(Exception):
    """Bad input in the corpus: the message names the file, the line and what is wrong."""
