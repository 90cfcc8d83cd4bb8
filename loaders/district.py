"""corpus/district.yml: the district whose state files are loaded and the words its data are recognised by.

Validated on reading, so that a bad value stops the build with `district.yml:line: what is wrong`."""

from typing import Annotated, Literal

from pydantic import AfterValidator, field_validator

from .corpus_yaml import CorpusModel, read_yaml, validate
from .errors import CorpusError
from .knowledge import knowledge_file

# charter_enrollment's counts, each found by the words of its header
CHARTER_COLUMNS = ("independent_enrollment", "independent_schools", "affiliated_enrollment", "affiliated_schools",
                   "total_enrollment", "total_schools")


def lower_words(value):
    if not value or not all(w.strip() for w in value):
        raise ValueError("needs a list of at least one word, and no empty word")
    return [w.strip().lower() for w in value]


Words = Annotated[list[str], AfterValidator(lower_words)]


class CharterTable(CorpusModel):
    marks: Words
    columns: dict[str, Words]

    @field_validator("columns", mode="before")
    @classmethod
    def known_columns(cls, value):
        for column in value if isinstance(value, dict) else ():
            if column not in CHARTER_COLUMNS:
                # worded as corpus_yaml's own message, so that the error names the line of this key
                raise ValueError(f"unknown key '{column}' (charter_enrollment's counts: {', '.join(CHARTER_COLUMNS)})")
        return value

    @field_validator("columns")
    @classmethod
    def every_column(cls, value):
        missing = [c for c in CHARTER_COLUMNS if c not in value]
        if missing:
            raise ValueError(f"columns has no {', '.join(missing)} (every charter_enrollment count needs its words)")
        return value


class District(CorpusModel):
    name: str
    county_code: str
    district_code: str
    charter_types: dict[str, Literal["independent", "affiliated"]]
    not_schools: set[str]
    charter_table: CharterTable

    @field_validator("county_code", "district_code", "not_schools", mode="before")
    @classmethod
    def quoted_digits(cls, value, info):
        # unquoted, YAML reads 0000001 as the number 1 and 01 as 1: a code must be written as text
        example = {"county_code": "19", "district_code": "64733", "not_schools": "0000001"}[info.field_name]
        for code in value if isinstance(value, list) else [value]:
            if not (isinstance(code, str) and code.isdigit() and len(code) == len(example)):
                raise ValueError(f"{info.field_name}: {code!r} is not a {len(example)}-digit code in quotes, "
                                 f"such as \"{example}\"")
        return value

    @field_validator("charter_types")
    @classmethod
    def case_ignored(cls, value):
        return {funding.strip().lower(): kind for funding, kind in value.items()}

    @property
    def cds_prefix(self):
        """The first 7 digits of the CDS code of every school of the district."""
        return self.county_code + self.district_code


def read_district(corpus):
    """The corpus's district.yml (else the repository's), validated; CorpusError `district.yml:line: …`."""
    path = knowledge_file(corpus, "district.yml")
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise CorpusError(f"{path}:1: district.yml must be a mapping (name: …, county_code: …)")
    return validate(District, data, path)
