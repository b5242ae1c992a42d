"""A whole package drafted from its source text: every document, one registry, one list for review."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bizenv_cli.files.sourcetext import SourceText
from bizenv_cli.importer.bodies import DraftRegistry
from bizenv_cli.importer.draft import REVIEW, PlanDraft, Review, draft_plan
from bizenv_cli.model.departments import Department, Registry
from bizenv_cli.model.textfold import squeeze

_JURISDICTION = re.compile(r"^(.{1,10}?(?:省|自治区|市|州|盟|县|区|旗))")
_YEAR = re.compile(r"(20\d{2})\s*年")


@dataclass
class PackageDraft:
    package: str
    jurisdiction: str
    year: int
    plans: list[PlanDraft]
    departments: dict  # the registry file's document (schemas/departments.schema.json)
    new_bodies: list[Department]

    @property
    def reviews(self) -> list[Review]:
        return sorted({review for plan in self.plans for review in plan.reviews}, key=lambda r: (r.line, r.why))

    def plan_file_name(self, plan: PlanDraft) -> str:
        return f"{plan.plan['id']}-{plan.plan['slug']}.yaml"


def draft_package(source: SourceText, *, source_file: str, package: str,
                  registry: Registry | None = None) -> PackageDraft:
    """Draft every document of `source` (read from `source_file`, relative to the data folder)."""
    documents = sorted(source.documents)
    first_title = _first_title(source, documents[0])
    found = _JURISDICTION.match(first_title)
    jurisdiction = found.group(1) if found else ""
    year = plan_year(source, first_title)
    bodies = DraftRegistry(registry, jurisdiction)
    plans = [draft_plan(source, number, source_file=source_file, package=package, jurisdiction=jurisdiction,
                        year=year, bodies=bodies) for number in documents]
    departments = {
        "format": "bizenv/departments/1",
        "jurisdiction": jurisdiction,
        "departments": _known_entries(registry, source, _used_ids(plans)) + [
            entry for entry in bodies.entries()[len(registry or ()):]],
    }
    return PackageDraft(package, jurisdiction, year, plans, departments, list(bodies.new))


def _first_title(source: SourceText, document: int) -> str:
    span = source.documents[document]
    for number in range(span.first_line, span.last_line + 1):
        text = squeeze(source.line(number))
        if text and not text.startswith("附件"):
            return text
    return ""


def plan_year(source: SourceText, title: str) -> int:
    """The year the first title names (平顶山市2022年营商环境…), else the year the text names most."""
    found = _YEAR.search(title)
    if found:
        return int(found.group(1))
    years = Counter(_YEAR.findall(source.text))
    if years:
        return int(years.most_common(1)[0][0])
    import datetime

    return datetime.date.today().year


def _used_ids(plans: list[PlanDraft]) -> set[str]:
    used = set()
    for plan in plans:
        records = [measure["responsible"] for measure in plan.plan["measures"]]
        records += [indicator.get(key) for indicator in plan.plan["indicators"] for key in ("responsible", "lead")]
        used.update(body["id"] for record in records if record for body in record["bodies"])
    return used


def _known_entries(registry: Registry | None, source: SourceText, used: set[str]) -> list[dict]:
    """The given registry's bodies the new text prints: each keeps the spellings the text prints (the
    registry is audited against this package's source); a body it does not print is left out."""
    if registry is None:
        return []
    kept: dict[str, dict] = {}
    for department in registry:
        printed = [spelling for spelling in department.spellings if source.contains(spelling)]
        if not printed or (department.id not in used and len(printed) < len(department.spellings)):
            continue
        entry = {"id": department.id, "name": printed[0], "name_en": department.name_en, "kind": department.kind,
                 "group": department.group, "aliases": printed[1:], "parent": department.parent,
                 "covers": list(department.covers), "note": department.note}
        if printed[0] != department.name:
            entry["note"] = (f"{REVIEW}: the registry's name {department.name} is not printed in this package; "
                             f"named as printed here")
        kept[department.id] = entry
    for entry in kept.values():
        if entry["parent"] not in kept:
            entry["parent"] = None
        entry["covers"] = [covered for covered in entry["covers"] if covered in kept]
    return list(kept.values())
