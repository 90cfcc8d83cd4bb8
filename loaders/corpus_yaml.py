"""The one reader of corpus YAML (reforms.yml, gazetteer.yml, the knowledge files, documents' front matter).

Every mapping it reads carries the line it starts on and the line of each key, so that a validation error of
the pydantic model a file is checked against names `file:line: what is wrong`. A key given twice is an error
(plain YAML would keep the last one silently), and so are anchors and aliases, which no corpus file needs."""

import difflib
import re
from pathlib import Path
from typing import get_origin

import yaml
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, model_validator

from .errors import CorpusError

LINE, KEY_LINES = "__line__", "__lines__"
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when installed: the same nodes, faster


class LineLoader(_Base):
    """A safe YAML loader that notes in each mapping the line it starts on (LINE) and the line of each key
    (KEY_LINES)."""

    def construct_mapping(self, node, deep=False):
        lines = {}
        for key_node, _ in node.value:
            key, line = key_node.value, key_node.start_mark.line + 1 + self.offset
            if key in lines:
                raise CorpusError(f"{self.source}:{line}: key '{key}' is given twice (first on line {lines[key]})")
            lines[key] = line
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE], mapping[KEY_LINES] = node.start_mark.line + 1 + self.offset, lines
        return mapping

    def construct_object(self, node, deep=False):
        # a node met a second time is an alias (*name): refused, since expanding aliases can blow up memory
        if node in self.constructed_objects or node in self.recursive_objects:
            raise CorpusError(f"{self.source}:{node.start_mark.line + 1 + self.offset}: YAML aliases (*name) are "
                              "not allowed in corpus files; write the value out")
        return super().construct_object(node, deep=deep)


class TextLineLoader(LineLoader):
    """LineLoader that keeps every scalar a string (front matter: `published: 2015-06-17` stays text)."""


# no implicit types: every plain scalar resolves to a string
TextLineLoader.yaml_implicit_resolvers = {}


def load_yaml(text, source, offset=0, strings=False):
    """Parse YAML text read from source (a path, for messages); offset is added to every line (front matter
    starts below the file's first line). Returns plain data whose mappings carry LINE and KEY_LINES."""
    loader = (TextLineLoader if strings else LineLoader)(text)
    loader.source, loader.offset = source, offset
    try:
        return loader.get_single_data()
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = (mark.line + 1 if mark else 1) + offset
        problem = getattr(e, "problem", None) or str(e)
        raise CorpusError(f"{source}:{line}: not valid YAML: {problem}") from None
    finally:
        loader.dispose()


def read_text(path):
    """A corpus file's text; a file that is not UTF-8 is an error naming its line."""
    path = Path(path)
    try:
        if not path.is_file():  # a pipe or a device would block or never end
            raise CorpusError(f"{path}:1: not a regular file (only regular files are read)")
        raw = path.read_bytes()
    except OSError as e:
        raise CorpusError(f"{path}:1: cannot read the file: {e.strerror}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise CorpusError(f"{path}:{line}: not UTF-8 text (byte 0x{raw[e.start]:02x} at offset {e.start})") from None


def read_yaml(path, strings=False):
    """load_yaml() of a corpus file."""
    return load_yaml(read_text(path), path, strings=strings)


def line_of(mapping, key=None):
    """The line of key in a mapping read by load_yaml (of the mapping itself when key is absent or None)."""
    if not isinstance(mapping, dict):
        return 1
    return mapping.get(KEY_LINES, {}).get(key, mapping.get(LINE, 1))


LINE_FIELDS = ("line", "key_lines")


def strip_line_fields(value):
    return {k: v for k, v in value.items() if k not in LINE_FIELDS} if isinstance(value, dict) else value


def did_you_mean(key, known):
    """' (did you mean 'aliases'?)' for a key close to one of known (a typo), else ''."""
    close = difflib.get_close_matches(str(key), known, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


class KeyProblem(ValueError):
    """A model validator's complaint about one key of the mapping (so the error names that key's line)."""

    def __init__(self, key, message):
        super().__init__(message)
        self.key = key


class CorpusModel(BaseModel):
    """Base of the models corpus files are validated against: unknown keys are errors; `line` is where the
    mapping starts in its file, `key_lines` the line of each key."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True, frozen=False)

    line: int = 0
    key_lines: dict[str, int] = {}

    @model_validator(mode="before")
    @classmethod
    def known_keys_only(cls, data):
        if not isinstance(data, dict):
            return data
        known = [name for name in cls.model_fields if name not in LINE_FIELDS]
        for key in data:
            if key not in known and key not in LINE_FIELDS:
                raise ValueError(f"unknown key '{key}'{did_you_mean(key, known)} (known: {', '.join(sorted(known))})")
        # a mapping read into a plain dict field (not a model) does not keep its line numbers
        return {key: strip_line_fields(value) if get_origin(cls.model_fields[key].annotation) is dict else value
                for key, value in data.items() if key in cls.model_fields}

    def line_of(self, key=None):
        return self.key_lines.get(key, self.line)


def _with_line_fields(data):
    """Mappings as CorpusModel takes them: LINE → line, KEY_LINES → key_lines."""
    if isinstance(data, dict):
        out = {k: _with_line_fields(v) for k, v in data.items() if k not in (LINE, KEY_LINES)}
        if LINE in data:
            out["line"], out["key_lines"] = data[LINE], data[KEY_LINES]
        return out
    if isinstance(data, list):
        return [_with_line_fields(v) for v in data]
    return data


def validate(model, data, source, describe=None):
    """data (from load_yaml) validated as model (a pydantic model or type such as list[Model]). On the first
    error raises CorpusError `source:line: <describe(item)>: what is wrong`, where line is the line of the key
    at fault and describe(item) names the top-level list item it is in ("reform 'learn'")."""
    try:
        return TypeAdapter(model).validate_python(_with_line_fields(data))
    except ValidationError as e:
        raise CorpusError(error_message(e.errors()[0], data, source, describe)) from None


def error_message(error, data, source, describe=None):
    """One pydantic error as `source:line: [what: ]message`, the line found by walking data along its location."""
    loc = [part for part in error["loc"] if not (isinstance(part, str) and part.startswith(("function-", "list[")))]
    node, line, item = data, line_of(data), None
    for depth, part in enumerate(loc):
        if isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            line = line_of(node) if isinstance(node, dict) else line
            if depth == 0:
                item = node
        elif isinstance(node, dict) and part in node:
            line = line_of(node, part)
            node = node[part]
        elif isinstance(node, dict):
            line = line_of(node, part)
            break
        else:
            break
    key = next((p for p in reversed(loc) if isinstance(p, str)), None)
    kind, message = error["type"], error["msg"]
    if kind == "extra_forbidden":
        message = f"unknown key '{key}'"
    elif kind == "missing":
        message = f"'{key}' is required"
    elif kind == "string_type":
        message = f"'{key}' must be text, not {error['input']!r}"
    elif kind == "value_error":
        problem = error.get("ctx", {}).get("error")
        message = str(problem or message)
        unknown = re.match(r"unknown key '(.+?)'", message)
        at = problem.key if isinstance(problem, KeyProblem) else unknown and unknown.group(1)
        if at and isinstance(node, dict):
            line = line_of(node, at)
    elif kind == "literal_error":
        message = f"unknown {key} {error['input']!r} (one of: {error['ctx']['expected']})"
    elif key:
        message = f"{key}: {message[0].lower()}{message[1:]}"
    if describe is None and item is None and not isinstance(data, list):
        item = data
    what = describe(item) if describe and isinstance(item, dict) else None
    return f"{source}:{line}: {what + ': ' if what else ''}{message}"


def lower_case(words, field, noun="words"):
    """A list of words the text is compared with lower-cased: a capitalised (or empty) one would never match."""
    wrong = sorted(w for w in words if w != w.lower() or not w.strip())
    if wrong:
        raise ValueError(f"{field}: {noun} are written in lower case, not '{wrong[0]}'")
    return words
