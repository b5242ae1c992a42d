"""A whole package drafted from its source text: every document, one registry, one list for review."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from bizenv_cli.files.sourcetext import SourceText
from bizenv_cli.files.tags import REGISTRY_TAG
from bizenv_cli.importer.bodies import DraftRegistry
from bizenv_cli.importer.draft import REVIEW, PlanDraft, Review, draft_plan, head_of
from bizenv_cli.model.departments import Department, Registry
from bizenv_cli.model.textfold import squeeze

_JURISDICTION = re.compile(r"^(.{1,10}?(?:省|自治区|市|州|盟|县|区|旗))")
# A title printed as the notice that issues the plan (关于印发平顶山市…的通知, 《平顶山市…》): the
# jurisdiction follows these.
_ISSUING = re.compile(r"^(?:关于印发)?《?")
# A year printed in full-width digits (２０２３年) is the same year: \d reads them, int() too.
_YEAR = re.compile(r"([2２][0０]\d{2})\s*年")


@dataclass
class PackageDraft:
    package: str
    jurisdiction: str
    year: int
    plans: list[PlanDraft]
    departments: dict  # the registry file's document (schemas/departments.schema.json)
    new_bodies: list[Department]
    # What holds for every plan (the jurisdiction, the year) and the registry, listed once.
    package_reviews: list[Review] = field(default_factory=list)

    @property
    def reviews(self) -> list[Review]:
        every = {*self.package_reviews, *(review for plan in self.plans for review in plan.reviews)}
        return sorted(every, key=lambda r: (r.line, r.why))

    def plan_file_name(self, plan: PlanDraft) -> str:
        return f"{plan.plan['id']}-{plan.plan['slug']}.yaml"


def draft_package(source: SourceText, *, source_file: str, package: str,
                  registry: Registry | None = None) -> PackageDraft:
    """Draft every document of `source` (read from `source_file`, relative to the data folder)."""
    documents = sorted(source.documents)
    title_line, first_title = _first_title(source, documents[0])
    reviews: list[Review] = []
    notes: list[str] = []  # added to each plan's note, which says needs-review already
    jurisdiction = jurisdiction_of(first_title)
    if jurisdiction is None:
        jurisdiction = ""
        reviews.append(Review(title_line, "no jurisdiction: the first title does not start with one (…市, …县, …区); "
                                          "the plans and the registry leave jurisdiction empty"))
        notes.append(f"No jurisdiction: the first title (line {title_line}) does not start with one; left empty.")
    year, named_most = plan_year(source, first_title)
    if named_most is not None:
        first, times = named_most
        reviews.append(Review(first, f"the plan year {year}: the first title (line {title_line}) names no year; "
                                     f"{year} is the year the text names most ({times} times, first here)"))
        notes.append(f"The plan year {year} is not in the first title (line {title_line}): it is the year the "
                     f"text names most ({times} times, first at line {first}).")
    bodies = DraftRegistry(registry, jurisdiction)
    plans = [draft_plan(source, number, source_file=source_file, package=package, jurisdiction=jurisdiction,
                        year=year, year_stated=named_most is None, bodies=bodies) for number in documents]
    for plan in plans:
        plan.plan["note"] = " ".join([plan.plan["note"], *notes])
    known, renamed = _known_entries(registry, source, _used_ids(plans))
    reviews += renamed
    departments = {
        "format": REGISTRY_TAG,
        "jurisdiction": jurisdiction,
        "departments": known + bodies.new_entries(),
    }
    return PackageDraft(package, jurisdiction, year, plans, departments, list(bodies.new), reviews)


def jurisdiction_of(title: str) -> str | None:
    """The government a title starts with (平顶山市2023年…, 关于印发平顶山市…的通知 → 平顶山市), else None."""
    found = _JURISDICTION.match(_ISSUING.sub("", title, count=1))
    return found.group(1) if found else None


def _first_title(source: SourceText, document: int) -> tuple[int, str]:
    """The line the document's title starts on and the title, as the plan drafts it (its lines
    joined: 洛阳市人民政府办公室 / 关于印发洛阳市2023年…的通知 names its year on the second); else its
    first line that is not blank or 附件N."""
    _, lines, _ = head_of(source, document)
    if lines:
        return lines[0][0], squeeze("".join(text for _, text in lines))
    span = source.documents[document]
    for number in range(span.first_line, span.last_line + 1):
        text = squeeze(source.line(number))
        if text and not text.startswith("附件"):
            return number, text
    return span.first_line, ""


def names_a_year(text: str) -> bool:
    """Whether the text names a year (2023年) the plans' year can be read from (plan_year)."""
    return _YEAR.search(text) is not None


def plan_year(source: SourceText, title: str) -> tuple[int, tuple[int, int] | None]:
    """The year the first title names (平顶山市2022年营商环境…), with None; else the year the text names
    most, with the line that first names it and how many times the text does, for review. A text
    that names no year is refused before it is drafted (run.py: names_a_year): the date of the run
    is never a plan's year."""
    found = _YEAR.search(title)
    if found:
        return int(found.group(1)), None
    years = Counter(int(printed) for printed in _YEAR.findall(source.text))
    if not years:
        raise ValueError(f"{source.path}: the text names no year")
    year, times = years.most_common(1)[0]
    position = next(match.start() for match in _YEAR.finditer(source.text) if int(match.group(1)) == year)
    return year, (source.text.count("\n", 0, position) + 1, times)


def _used_ids(plans: list[PlanDraft]) -> set[str]:
    used = set()
    for plan in plans:
        records = [measure["responsible"] for measure in plan.plan["measures"]]
        records += [indicator.get(key) for indicator in plan.plan["indicators"] for key in ("responsible", "lead")]
        used.update(body["id"] for record in records if record for body in record["bodies"])
    return used


def _known_entries(registry: Registry | None, source: SourceText, used: set[str]) -> tuple[list[dict], list[Review]]:
    """The given registry's bodies the new text prints: each keeps the spellings the text prints (the
    registry is audited against this package's source); a body it does not print is left out. With
    them, a line for review for each whose registry name this text does not print."""
    if registry is None:
        return [], []
    kept: dict[str, dict] = {}
    reviews: list[Review] = []
    for department in registry:
        printed = [spelling for spelling in department.spellings if source.contains(spelling)]
        if not printed or (department.id not in used and len(printed) < len(department.spellings)):
            continue
        entry = {"id": department.id, "name": printed[0], "name_en": department.name_en, "kind": department.kind,
                 "group": department.group, "aliases": printed[1:], "parent": department.parent,
                 "covers": list(department.covers), "note": department.note}
        if printed[0] != department.name:
            why = f"the registry's name {department.name} is not printed in this package; named as printed here"
            entry["note"] = f"{REVIEW}: {why}"
            reviews.append(Review(_line_of(source, printed[0]), f"{department.id} {printed[0]}: {why}"))
        kept[department.id] = entry
    for entry in kept.values():
        if entry["parent"] not in kept:
            entry["parent"] = None
        entry["covers"] = [covered for covered in entry["covers"] if covered in kept]
    return list(kept.values()), reviews


def _line_of(source: SourceText, printed: str) -> int:
    """The line the text first prints `printed` on (squeezed, as SourceText.contains finds it)."""
    from bisect import bisect_right

    return bisect_right(source.squeezed_line_starts, source.squeezed.find(squeeze(printed)))
