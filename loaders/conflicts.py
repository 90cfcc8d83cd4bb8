"""Where sources disagree: every claim of the documents checked against the data series for its time and
against the other documents' claims on the same measure and time, dates against dates, into `conflicts`.

A claim's time decides what it meets. A school year ("2015-16") or a date ("December 2012": the school year
that holds it, July to June) names one school year; a bare calendar year straddles two, so both are compared
and the closer kept; a claim whose time is unknown is compared with nothing. A series that only bounds a count
(the directory: the charters it dates, to all it lists; see the view `series`) is met by its bound nearer the
claim, and a claim between the bounds is within tolerance. The qualifier sets the tolerance
(corpus/claims.yml, through loaders.claims.tolerance): "almost 151,000" agrees with 148,697 within tolerance and
disagrees with 143,039; a number written in a round unit is good only to that unit ("about three dozen" agrees
with 33). Dates meet dates of the same subject: the same entity, or a phrase naming none ("the state charter law")
that meets the same words or an entity whose name holds them."""

import re
from bisect import bisect_right
from collections import defaultdict

from .claims import DETERMINERS, POSSESSIVE, read_claim_rules, tolerance

SCHOOL_YEAR_STARTS = 7  # July: a date from July on belongs to the school year that starts that year


def school_years(claim):
    """The school years (by first calendar year) a claim may be about; [] when its time is unknown or vague."""
    year, precision = claim["start_year"], claim["time_precision"]
    if year is None or claim["time_source"] == "unknown" or precision in ("decade", "range"):
        return []
    if claim["school_year"]:
        return [year]
    if claim["month"]:
        return [year if claim["month"] >= SCHOOL_YEAR_STARTS else year - 1]
    return [year - 1, year]


def status(claimed, qualifier, compared, rules, measure, written=None):
    """(status, low, high): agrees (the same number), within tolerance (inside the qualifier's range, widened for
    a number written in a round unit: "about three dozen"), or disagrees."""
    low, high = tolerance(claimed, qualifier, rules, measure, written)
    if compared == claimed:
        return "agrees", low, high
    return ("within tolerance" if low <= compared <= high else "disagrees"), low, high


def bounded(row):
    """Whether a series row bounds its count rather than stating it: low (the least it can be) below value."""
    return row.get("low") is not None and row["low"] < row["value"]


def nearest_value(row, claimed):
    """The value of a series row nearest the claim: its value, or, where the row only bounds the count (the
    directory: from the charters it dates, `low`, to all it lists, `value`), the claim itself when inside the
    bounds, else the bound nearer it."""
    if not bounded(row):
        return row["value"]
    return min(max(claimed, row["low"]), row["value"])


def against_series(claims, series, rules):
    """A row for each count claim about the district (see about()) and each data series that has its measure for
    one of its school years (the closer kept when there are two)."""
    by_key = defaultdict(list)
    for row in series:
        by_key[row["measure"], row["series"]].append(row)
    names = {row["series"] for row in series}
    rows = []
    for claim in claims:
        years = school_years(claim)
        if claim["kind"] == "date" or not years or claim["value"] is None or about(claim) != "district":
            continue  # the series are the district's: another organisation's or the state's count meets none
        for name in sorted(names):
            found = [r for r in by_key[claim["measure"], name] if r["start_year"] in years and r["value"] is not None]
            if not found:
                continue
            best = min(found, key=lambda r: (abs(nearest_value(r, claim["value"]) - claim["value"]),
                                             r["start_year"]))
            compared = nearest_value(best, claim["value"])
            verdict, low, high = status(claim["value"], claim["qualifier"], compared, rules, claim["measure"],
                                        claim.get("value_text"))
            if verdict == "agrees" and bounded(best):
                verdict = "within tolerance"  # inside what the source allows, which is no one number
            rows.append(conflict(claim, verdict, low, high, compared, start_year=best["start_year"],
                                 school_year=best["school_year"], compared_source=best["source"],
                                 compared_series=name, compared_document_id=best["document_id"],
                                 compared_table_id=best["table_id"], compared_line=best["line"],
                                 compared_file=best["file"]))
    return rows


def shared_school_years(a, b):
    """The school years two claims may both be about. Two bare calendar years meet only when they are the same
    year ("3,069 students in 1993" is no claim about 1994, though both years touch the school year 1993-94)."""
    if not (a["school_year"] or a["month"]) and not (b["school_year"] or b["month"]) \
            and a["start_year"] != b["start_year"]:
        return []
    return sorted(set(school_years(a)) & set(school_years(b)))


def about(claim):
    """Whom a claim is about, as compared: the district when the claim says so (or names what stands for it) or
    names no subject at all (the corpus is about the district: "268 charter campuses" with no owner written is
    the district's, as it is when checked against the district's data series), else its subject."""
    if claim["about_district"] or (claim["subject_id"] is None and claim["about_district"] is None
                                   and claim["kind"] != "date"):
        return "district"
    return claim["subject_id"]


def same_subject(a, b):
    return about(a) == about(b)


def phrase_key(text, rules):
    """What a date claim's subject that names no entity ("the state charter law", "California's charter law") is
    compared as: (the entity types its noun may stand for, its other words), determiners, possessives and
    claims.yml's subject_fillers left out; None when no word is left besides the noun ("the law")."""
    words = re.findall(r"[\w’'-]+", (text or "").lower())
    if not words or words[-1] not in rules.subject_nouns:
        return None
    rest = frozenset(w for w in words[:-1] if w not in DETERMINERS and not POSSESSIVE.search(w)
                     and w not in rules.subject_fillers)
    return (frozenset(rules.subject_nouns[words[-1]]), rest) if rest else None


def same_dated(a, b, rules):
    """Whether two date claims date the same subject: the same entity; or, where one names none but a phrase
    ("the charter law"), the other's entity of a type the phrase's noun stands for whose name holds its words, or
    another phrase of the same words."""
    if a["subject_id"] is not None and b["subject_id"] is not None:
        return a["subject_id"] == b["subject_id"]
    keys = [phrase_key(c.get("subject_text"), rules) if c["subject_id"] is None else None for c in (a, b)]
    if a["subject_id"] is None and b["subject_id"] is None:
        return keys[0] is not None and keys[0] == keys[1]
    key, named = (keys[0], b) if a["subject_id"] is None else (keys[1], a)
    name = (named.get("subject_name") or "").lower()
    return key is not None and named.get("subject_entity_type") in key[0] and all(w in name for w in key[1])


def against_claims(claims, rules):
    """A row for each pair of claims of two documents on the same measure, subject and school year (counts), or
    on the same event of the same subject (dates; events of one list of claims.yml's compared_events are one:
    "passed" and "launched" both date a beginning), but for a pair in the same words (a paragraph reprinted):
    once a pair, the earlier claim first."""
    rows = []
    by_measure = defaultdict(list)
    for claim in claims:
        by_measure[claim["measure"], claim["kind"] == "date"].append(claim)
    for (measure, is_date), group in by_measure.items():
        for i, j in candidate_pairs(group, is_date):
            a, b = group[i], group[j]
            if a["document_id"] == b["document_id"] or (not is_date and not same_subject(a, b)) \
                    or a["value"] is None or b["value"] is None \
                    or a.get("passage") is not None and a["passage"] == b.get("passage"):
                continue  # (a paragraph printed again word for word, a syndicated copy, is no second source)
            if is_date:
                if not same_dated(a, b, rules) or rules.event_group(a["event"]) != rules.event_group(b["event"]):
                    continue
                verdict, low, high, year = ("agrees" if a["value"] == b["value"] else "disagrees",
                                            a["value"], a["value"], a["value"])
            else:
                shared = shared_school_years(a, b)
                if not shared:
                    continue
                low, high = tolerance(a["value"], a["qualifier"], rules, measure, a.get("value_text"))
                other_low, other_high = tolerance(b["value"], b["qualifier"], rules, measure, b.get("value_text"))
                verdict = ("agrees" if a["value"] == b["value"] else "within tolerance"
                           if low <= other_high and other_low <= high else "disagrees")
                year = shared[-1]
            rows.append(conflict(a, verdict, low, high, b["value"], start_year=int(year),
                                 school_year=b["school_year"] or a["school_year"],
                                 compared_source=b["source"], compared_series="claims", compared_claim_id=b["id"],
                                 compared_document_id=b["document_id"]))
    return rows


def candidate_pairs(group, is_date):
    """The pairs (i, j), i < j, of a measure's claims that may meet, in order: all pairs of dates; counts only
    when they share a school year (each claim filed under its years: a corpus's claims on one measure meet a few
    others each, not all). Made one claim at a time: the pairs of a large corpus need not fit in memory."""
    if is_date:
        yield from ((i, j) for i in range(len(group)) for j in range(i + 1, len(group)))
        return
    by_year, years = defaultdict(list), []
    for i, claim in enumerate(group):
        years.append(school_years(claim))
        for year in years[-1]:
            by_year[year].append(i)
    for i, own in enumerate(years):
        after = [by_year[year][bisect_right(by_year[year], i):] for year in own]
        yield from ((i, j) for j in (after[0] if len(after) == 1 else sorted(set().union(*after))))


def conflict(claim, verdict, low, high, compared, **fields):
    difference = compared - claim["value"]
    return {"claim_id": claim["id"], "measure": claim["measure"], "claimed": claim["value"],
            "qualifier": claim["qualifier"], "document_id": claim["document_id"], "passage_id": claim["passage_id"],
            "compared_value": compared, "difference": difference,
            "relative_difference": round(difference / claim["value"], 4) if claim["value"] else None,
            "low": low, "high": high if high != float("inf") else None, "status": verdict,
            "assumed_time": int(claim["time_source"] == "published"), "compared_claim_id": None, **fields}


def load_conflicts(ctx):
    """Check every claim against the data series and the other documents' claims; write `conflicts`."""
    db = ctx.db
    rules = read_claim_rules(ctx.corpus)
    claims = list(db.query("""select c.*, d.title || ' ¶' || p.seq as source, e.name as subject_name,
        e.type as subject_entity_type, p.text as passage from claims c join documents d on d.id = c.document_id
        join passages p on p.id = c.passage_id left join entities e on e.id = c.subject_id order by c.id"""))
    series = list(db.query("select * from series"))
    rows = against_series(claims, series, rules) + against_claims(claims, rules)
    for i, row in enumerate(rows, start=1):
        row["id"] = i
    db["conflicts"].insert_all(rows, batch_size=1000)
    counts = defaultdict(int)
    for row in rows:
        counts[row["status"]] += 1
    return (f"{len(rows)} comparisons of {len(claims)} claims: " +
            ", ".join(f"{counts[s]} {s}" for s in ("disagrees", "within tolerance", "agrees")))
