"""Load corpus/reforms.yml into reforms and reform_citations.

Every citation's quote must be found in a passage of its document (after the same cleaning the passages got),
and a citation's year must be stated in that passage; anything else stops the build with reforms.yml:line.
"""

import re
from pathlib import Path

import yaml

from .documents import clean_text
from .errors import CorpusError
from .events import find_dates

KINDS = {"district reform", "external partnership", "state law", "federal program", "board resolution",
         "union agreement", "philanthropic plan", "charter sector", "grant", "policy"}
REFORM_KEYS = {"slug", "name", "acronym", "entity", "kind", "start_year", "end_year", "summary", "notes", "citations"}
CITATION_KEYS = {"document", "quote", "fact", "year", "milestone"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LINE, KEY_LINES = "__line__", "__lines__"


class LineLoader(yaml.SafeLoader):
    """A safe YAML loader that notes in each mapping the line it starts on and the line of each key, and refuses a
    key given twice (plain YAML would keep the last one silently)."""

    def construct_mapping(self, node, deep=False):
        lines = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in lines:
                raise CorpusError(f"{self.name}:{key_node.start_mark.line + 1}: key '{key}' is given twice "
                                  f"(first on line {lines[key]})")
            lines[key] = key_node.start_mark.line + 1
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE], mapping[KEY_LINES] = node.start_mark.line + 1, lines
        return mapping


def line_of(mapping, key=None):
    return mapping[KEY_LINES].get(key, mapping[LINE])


def read_reforms(path):
    """Parse and validate reforms.yml. Returns the list of reform dicts (citations included), each still carrying
    its line numbers; raises CorpusError naming path:line on bad input."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8") as stream:  # a file, so that the loader knows its name
            data = yaml.load(stream, Loader=LineLoader)
    except UnicodeDecodeError as e:
        raise CorpusError(f"{path}:1: not UTF-8 text ({e.reason} at byte {e.start})")
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise CorpusError(f"{path}:{mark.line + 1 if mark else 1}: not valid YAML: {getattr(e, 'problem', e)}")
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise CorpusError(f"{path}:1: reforms.yml must be a list of reforms ('- slug: …' entries)")
    slugs = {}
    for reform in data:
        where = f"{path}:{line_of(reform)}"
        for key in ("name", "slug", "citations"):
            if not reform.get(key):
                raise CorpusError(f"{where}: reform '{reform.get('slug') or reform.get('name') or '?'}' "
                                  f"has no '{key}' (required: name, slug, citations)")
        slug = reform["slug"]
        where = f"{path}:{line_of(reform, 'slug')}: reform '{slug}'"
        check_keys(path, reform, REFORM_KEYS, f"reform '{slug}'")
        if not isinstance(slug, str) or not SLUG.match(slug):
            raise CorpusError(f"{where}: slug must be lower-case words joined by hyphens")
        if slug in slugs:
            raise CorpusError(f"{where}: slug '{slug}' is already used on line {slugs[slug]}")
        slugs[slug] = line_of(reform, "slug")
        if reform.get("kind") is not None and reform["kind"] not in KINDS:
            raise CorpusError(f"{path}:{line_of(reform, 'kind')}: reform '{slug}': unknown kind '{reform['kind']}' "
                              f"(one of: {', '.join(sorted(KINDS))})")
        for key in ("start_year", "end_year"):
            check_year(path, reform, key, f"reform '{slug}'")
        if reform.get("start_year") and reform.get("end_year") and reform["end_year"] < reform["start_year"]:
            raise CorpusError(f"{path}:{line_of(reform, 'end_year')}: reform '{slug}': end_year {reform['end_year']} "
                              f"is before start_year {reform['start_year']}")
        if not isinstance(reform["citations"], list) or not all(isinstance(c, dict) for c in reform["citations"]):
            raise CorpusError(f"{path}:{line_of(reform, 'citations')}: reform '{slug}': citations must be a list of "
                              "'- document: … quote: … fact: …' entries")
        for citation in reform["citations"]:
            what = f"reform '{slug}'"
            check_keys(path, citation, CITATION_KEYS, what)
            for key in ("document", "quote", "fact"):
                if not isinstance(citation.get(key), str) or not citation[key].strip():
                    raise CorpusError(f"{path}:{line_of(citation, key)}: {what}: the citation has no '{key}'")
            check_year(path, citation, "year", what)
            if citation.get("milestone") not in (None, True, False):
                raise CorpusError(f"{path}:{line_of(citation, 'milestone')}: {what}: milestone must be true or false")
            if citation.get("milestone") and citation.get("year") is None:
                raise CorpusError(f"{path}:{line_of(citation, 'milestone')}: {what}: a milestone needs a year")
    return data


def check_keys(path, mapping, known, what):
    for key in mapping:
        if key not in known and key not in (LINE, KEY_LINES):
            raise CorpusError(f"{path}:{line_of(mapping, key)}: {what}: unknown key '{key}' "
                              f"(known: {', '.join(sorted(known))})")


def check_year(path, mapping, key, what):
    value = mapping.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= 2100):
        raise CorpusError(f"{path}:{line_of(mapping, key)}: {what}: {key} must be a year such as 1993, "
                          f"not {value!r}")


def find_quote(quote, passages):
    """(passage, start, end) of the first passage whose text contains quote, or None."""
    for passage in passages:
        start = passage["text"].find(quote)
        if start >= 0:
            return passage, start, start + len(quote)
    return None


def closest_passage(quote, passages):
    """A hint for a quote that is not found: the passage holding the longest run of its first words."""
    words = quote.split()
    for n in range(len(words) - 1, 2, -1):
        prefix = " ".join(words[:n])
        found = find_quote(prefix, passages)
        if found:
            return f" (its first {n} words are in the passage on line {found[0]['line']}; the rest differs)"
    return ""


def find_entity(db, terms):
    """id of the entity named, or aliased, by the first of terms that matches (case-insensitive), or None."""
    if not db["entities"].exists() or not db["entities"].count:
        return None
    has_aliases = db["entity_aliases"].exists()
    for term in terms:
        if not term:
            continue
        for sql in ("select id from entities where lower(name) = lower(:term) order by in_gazetteer desc, mentions desc, id",
                    "select e.id from entity_aliases a join entities e on e.id = a.entity_id "
                    "where lower(a.alias) = lower(:term) order by e.in_gazetteer desc, e.mentions desc, e.id"):
            if "entity_aliases" in sql and not has_aliases:
                continue
            row = next(db.query(sql + " limit 1", {"term": str(term)}), None)
            if row:
                return row["id"]
    return None


def load_reforms(db, corpus, built):
    """Validate corpus/reforms.yml, resolve every quote to its passage and write reforms and reform_citations.
    A corpus without reforms.yml loads nothing. Returns a summary."""
    path = Path(corpus) / "reforms.yml"
    if not path.exists():
        return "no reforms.yml"
    reforms = read_reforms(path)
    passages_of = {}
    for passage in db.query("select p.id, p.document_id, p.line, p.text, d.slug from passages p "
                            "join documents d on d.id = p.document_id order by d.id, p.seq"):
        passages_of.setdefault(passage["slug"], []).append(passage)

    reform_rows, citation_rows = [], []
    for reform_id, reform in enumerate(reforms, start=1):
        slug = reform["slug"]
        for citation in reform["citations"]:
            where = f"{path}:{line_of(citation)}: reform '{slug}'"
            document = citation["document"]
            if document not in passages_of:
                raise CorpusError(f"{path}:{line_of(citation, 'document')}: reform '{slug}': unknown document "
                                  f"'{document}' (no corpus/documents/{document}.md)")
            quote = clean_text(citation["quote"])
            found = find_quote(quote, passages_of[document])
            if not found:
                raise CorpusError(f"{where}: quote not found in document '{document}': \"{quote}\""
                                  f"{closest_passage(quote, passages_of[document])}")
            passage, start, end = found
            year = citation.get("year")
            if year is not None and not any(d.covers(year) for d in find_dates(passage["text"])):
                raise CorpusError(f"{path}:{line_of(citation, 'year')}: reform '{slug}': year {year} is not stated "
                                  f"in the passage that holds the quote ({document}, line {passage['line']})")
            citation_rows.append({
                "id": len(citation_rows) + 1, "reform_id": reform_id, "passage_id": passage["id"],
                "document_id": passage["document_id"], "quote": quote, "fact": clean_text(citation["fact"]),
                "year": year, "milestone": int(bool(citation.get("milestone"))), "start": start, "end": end,
                "line": line_of(citation),
            })
        reform_rows.append({
            "id": reform_id, "slug": slug, "name": reform["name"], "acronym": reform.get("acronym"),
            "kind": reform.get("kind"), "start_year": reform.get("start_year"), "end_year": reform.get("end_year"),
            "summary": reform.get("summary"), "notes": reform.get("notes"),
            "entity_id": find_entity(db, [reform.get("entity"), reform["name"], reform.get("acronym")]),
            "citations": len(reform["citations"]), "line": line_of(reform),
        })
    db["reforms"].insert_all(reform_rows)
    db["reform_citations"].insert_all(citation_rows)
    unlinked = sum(r["entity_id"] is None for r in reform_rows)
    milestones = sum(c["milestone"] for c in citation_rows)
    return (f"{len(reform_rows)} reforms, {len(citation_rows)} citations ({milestones} milestones), "
            f"{len(reform_rows) - unlinked} linked to an entity, {unlinked} without one")
