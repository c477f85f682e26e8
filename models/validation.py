"""Cleaning values before they are stored: trimmed text, blanks as NULL, known codes, valid
identifiers, a unique INN. Problems come back as sentences keyed by field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

import peewee as pw

from models import safetext, vocab
from models.db import database
from models.entities import Activity, Agreement, Company, Interest, Mission, Participation, Versioned
from models.errors import Problem, ValidationError
from models.identifiers import clean_digits, identifier_problem

_EMAIL = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")

# Fields holding a code of a closed vocabulary.
_CODES: dict[tuple[type[Versioned], str], vocab.Vocabulary] = {
    (Company, "member_status"): vocab.MEMBER_STATUS,
    (Interest, "direction"): vocab.INTEREST_DIRECTION,
    (Interest, "status"): vocab.INTEREST_STATUS,
    (Mission, "kind"): vocab.MISSION_KIND,
    (Participation, "role"): vocab.PARTICIPATION_ROLE,
    (Agreement, "kind"): vocab.AGREEMENT_KIND,
    (Agreement, "status"): vocab.AGREEMENT_STATUS,
    (Activity, "kind"): vocab.ACTIVITY_KIND,
}

# The same, by table name: how the change log names what changed.
VOCABULARIES_BY_TABLE: dict[tuple[str, str], vocab.Vocabulary] = {
    (model._meta.table_name, name): voc for (model, name), voc in _CODES.items()}

# Free text that may run over several lines; every other text field is one line.
MULTILINE_FIELDS = frozenset({"notes", "outcome", "description", "text"})

def required_message(name: str) -> Problem:
    """The field `name` is required and empty."""
    return Problem("err.required", {"field": name})


def _required(field: pw.Field) -> bool:
    return not field.null and field.default is None and not field.primary_key


@cache
def _rules(model: type[Versioned]) -> dict[str, tuple[str, bool, vocab.Vocabulary | None]]:
    """For each key a caller may use — a field's name, or a foreign key's name with "_id" — the
    field's name, whether it is required and its vocabulary: worked out once per model, since
    an import cleans a hundred thousand rows."""
    fields = model._meta.fields
    rules = {name: (name, _required(f), _CODES.get((model, name))) for name, f in fields.items()}
    for name in fields:
        rules[name + "_id"] = rules[name]
    return rules


def field_name(model: type[Versioned], key: str) -> str | None:
    """The field a caller's key names — the field itself, or a foreign key as "<name>_id" — or
    None when the model has no such field."""
    rule = _rules(model).get(key)
    return rule[0] if rule else None


def clean_generic(model: type[Versioned], values: Mapping[str, Any]) -> dict[str, Any]:
    """Trim text, store blanks as NULL, map vocabulary labels to codes, check required fields."""
    out: dict[str, Any] = {}
    problems: dict[str, Problem] = {}
    rules = _rules(model)
    for key, value in values.items():
        rule = rules.get(key)
        if rule is None:
            raise KeyError(f"{model.__name__} has no field {key}")
        name, required, voc = rule
        if isinstance(value, str):
            # Nothing a terminal obeys is stored, whoever writes (a form, an import, a script);
            # single-line values lose line breaks, doubled and non-breaking spaces; notes keep
            # their lines.
            value = safetext.clean(value, multiline=name in MULTILINE_FIELDS).strip()
            value = value if "\n" in value else " ".join(value.split())
            value = value or None
        if voc is not None and value is not None:
            code = vocab.code_for(voc, value)
            if code is None:
                problems[name] = Problem("err.not_in_list", {"value": value})
            value = code
        if value is None and required:
            problems[name] = required_message(name)
        out[name] = value
    if problems:
        raise ValidationError(problems)
    return out


def clean_company(values: Mapping[str, Any], row_id: int | None, *,
                  check_unique: bool = True) -> dict[str, Any]:
    """`clean_generic` plus identifier check digits, e-mail form and INN uniqueness (unless
    `check_unique` is False: a bulk caller checks many INNs in one query)."""
    out = clean_generic(Company, values)
    if row_id is None and not out.get("short_name"):
        raise ValidationError({"short_name": required_message("short_name")})
    problems: dict[str, Problem] = {}
    for kind in ("inn", "kpp", "ogrn", "unp"):
        if out.get(kind):
            raw = str(out[kind])
            digits = clean_digits(raw) if kind in ("inn", "ogrn") else "".join(raw.split()).upper()
            out[kind] = digits or raw
            problem = identifier_problem(kind, out[kind])
            if problem:
                problems[kind] = problem
    if out.get("emails"):
        bad = [e for e in re.split(r"[;,\s]+", out["emails"]) if e and not _EMAIL.match(e)]
        if bad:
            problems["emails"] = Problem("err.bad_email", {"value": bad[0]})
    if check_unique and out.get("inn") and "inn" not in problems:
        # A bare query: this runs once per row of a 100,000-row import.
        twin = database.execute_sql("SELECT short_name FROM company WHERE inn = ? AND id != ?",
                                    (out["inn"], row_id or 0)).fetchone()
        if twin is not None:
            problems["inn"] = Problem("err.inn_taken", {"inn": out["inn"], "name": twin[0]})
    if problems:
        raise ValidationError(problems)
    return out
