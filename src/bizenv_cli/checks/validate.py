"""`bizenv validate`: schema, then semantics, then the source audit, for every data file.

Returns findings (Problem) and never prints; the CLI chooses how to report them.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, reduce
from pathlib import Path

from bizenv_cli.checks import audit
from bizenv_cli.checks.completeness import PLAN_FILE_NAME, package_problems
from bizenv_cli.checks.identifiers import unique_ids
from bizenv_cli.checks.numbers import unkept_numbers
from bizenv_cli.files.datadir import DataDir, DataDirNotFound, read_data_file
from bizenv_cli.model.cycles import cycle_through, inside_itself
from bizenv_cli.model.deadlines import DeadlineError, parse_deadline
from bizenv_cli.model.departments import Registry, RegistryError
from bizenv_cli.files.problems import DataError, Problem, field_path
from bizenv_cli.model.responsibility import RoleWithoutBody, UnknownBody, parse_responsibility
from bizenv_cli.model.wording import did_you_mean, quoted_text, quoted_value
from bizenv_cli.files.sourcetext import SourceText
from bizenv_cli.files.tags import REPORT_TAG
from bizenv_cli.files.yamlload import LoadedYaml, load_yaml_bytes

PLAN_SCHEMA = "plan.schema.json"
MOST_SCHEMA_PROBLEMS = 50  # per file
DEPARTMENTS_SCHEMA = "departments.schema.json"


@dataclass
class ValidationReport:
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # What the checks read, kept so that the coverage report does not read it all again (and left
    # out of the repr, which a notebook prints).
    source: SourceText | None = field(default=None, repr=False)
    plan_schema: dict | None = field(default=None, repr=False)
    plans: list[dict] = field(default_factory=list, repr=False)  # every plan document that could be read
    whole_package: bool = True  # every plan of the data folder, not chosen files

    @property
    def ok(self) -> bool:
        return not any(problem.severity == "error" for problem in self.problems)  # warnings pass


@cache
def load_schema(path: Path) -> dict:
    """The JSON Schema in `path`; DataError naming the file, line and column when it is not JSON."""
    from bizenv_cli.checks.schemacheck import parse_schema

    return parse_schema(Path(path).read_bytes(), str(path))


def _unreadable_schemas(data_dir: DataDir) -> list[Problem]:
    """A finding for each schema the checks read (the plans', the registry's) that is not JSON."""
    problems = []
    for schema in (PLAN_SCHEMA, DEPARTMENTS_SCHEMA):
        path = data_dir.schemas_dir / schema
        try:
            load_schema(path)
        except DataError as error:
            problems.append(error.problem._replace(file=data_dir.display(path)))
        except OSError:
            pass  # a missing schema is said where it is read, as before
    return problems


def validate_data(data_dir: DataDir, plan_paths: list[Path] | None = None, *,
                  check_ledger=None, checked=None) -> ValidationReport:
    """Validate the registry and the given plan files (default: every plan of the data folder).

    `check_ledger(data_dir, report, registry, named)` adds the work ledger's findings (the
    ledger is a layer above the checks: `bizenv_cli.api.validate` passes one that calls
    `ledger.checks.check_ledger_of_report` when there are reports); without it the ledger is not read.

    `checked(path, raw)`, when given, is the document of a file whose very bytes passed the strict
    loader and the schema before, or None (the store's, store.package.checked_documents, passed
    by `bizenv_cli.api.validate`): such a file is not parsed again and its schema check is known,
    and its positions are read only if a finding asks for one. Every other check runs on it."""
    schemas = data_dir.schemas_dir
    unreadable = _unreadable_schemas(data_dir)
    if unreadable:  # every check reads a schema: the one finding is where it is broken
        return ValidationReport(files=[problem.file for problem in unreadable], problems=unreadable,
                                whole_package=plan_paths is None)
    source = source_text_of(data_dir)
    plan_schema = load_schema(schemas / PLAN_SCHEMA)
    report = ValidationReport(source=source, plan_schema=plan_schema, whole_package=plan_paths is None)
    report.problems.extend(_check_source_digest(source, data_dir))
    registry_file = data_dir.departments_file
    name = data_dir.display(registry_file)
    report.files.append(name)
    registry, problems, registry_loaded = _check_registry(registry_file, schemas / DEPARTMENTS_SCHEMA, source, name,
                                                          checked)
    report.problems.extend(problems)
    # The files that say which package this is (its id, year, jurisdiction), in the shape the schema promises.
    identities: list[tuple[str, LoadedYaml]] = [(name, registry_loaded)] if registry_loaded is not None else []

    paths = plan_paths if plan_paths is not None else data_dir.plan_files()
    if plan_paths is None and not paths:  # named files (the registry alone) are checked as named
        raise DataDirNotFound(f"{data_dir.display(data_dir.plans_dir)} holds no plan files (*.yaml): nothing to check")
    seen_documents: dict[int, str] = {}
    ledger_named: list[Path] = []
    for path in paths:
        name = data_dir.display(path)
        report.files.append(name)
        try:
            loaded, schema_passed = _load(path, name, checked)
        except DataError as error:
            report.problems.append(error.problem)
            continue
        if isinstance(loaded.data, dict) and _is_report(loaded.data.get("format"), plan_schema):
            ledger_named.append(path)  # a work-ledger report named on the command line
            continue
        problems = check_plan(loaded, path, name, plan_schema, source, registry, seen_documents,
                              schema_passed=schema_passed)
        if not any(problem.check == "schema" for problem in problems):
            report.plans.append(loaded.data)  # coverage reads only plans of the shape the schema promises
            identities.append((name, loaded))
        report.problems.extend(problems)
    report.problems.extend(one_package(identities, {(problem.file, problem.field) for problem in report.problems}))
    if plan_paths is None:  # a file that is not there is seen only from the whole folder
        report.problems.extend(package_problems(data_dir, source, paths, seen_documents, report.plans))
    if check_ledger is not None and (plan_paths is None or ledger_named):  # the work ledger, against the whole package
        check_ledger(data_dir, report, registry, ledger_named if plan_paths is not None else None)
    report.problems.sort(key=lambda p: (p.file, p.line, p.column))
    return report


def _is_report(tag, plan_schema: dict) -> bool:
    """Whether a named file's format tag is a work-ledger report's, or likelier a report's misspelt
    than a plan's: read as a plan, `format: bizenv/progres/1` was fifteen findings on keys a report
    never has; read as a report, it is one, at the tag."""
    plan_tag = plan_schema.get("properties", {}).get("format", {}).get("const")
    if tag == REPORT_TAG or tag == plan_tag:
        return tag == REPORT_TAG
    return likely_meant(tag, [known for known in (plan_tag, REPORT_TAG) if known], most=1) == [REPORT_TAG]


def _load(path: Path, name: str, checked) -> tuple[LoadedYaml, bool]:
    """The file loaded, and whether its schema check is known to pass (see validate_data)."""
    raw = read_data_file(path, name)
    document = checked(path, raw) if checked is not None else None
    if document is not None:
        return LoadedYaml(Path(path), document, raw=raw, name=name), True
    return load_yaml_bytes(raw, path, name), False


def source_text_of(data_dir: DataDir) -> SourceText:
    texts = sorted(data_dir.source_dir.glob("*.txt"))
    if len(texts) != 1:
        raise DataDirNotFound(f"expected one source text (*.txt) in {data_dir.source_dir}, found {len(texts)}")
    try:
        return SourceText(texts[0], data_dir.display(texts[0]))
    except DataError as error:  # a FIFO, a device, a loop, too big, not UTF-8: nothing can be audited
        raise DataDirNotFound(f"the source text cannot be read: {error.problem}") from None


def _check_source_digest(source: SourceText, data_dir: DataDir) -> list[Problem]:
    """The source text must be the one the data was transcribed from: its sha256 is kept beside it."""
    digest_file = source.path.with_name(source.path.name + ".sha256")
    if not digest_file.is_file():
        return [Problem(data_dir.display(digest_file), 1, 1, "", "the source's sha256 file is missing", "audit")]
    try:
        expected = (read_data_file(digest_file).decode("utf-8", errors="replace").split() or [""])[0]
    except DataError as error:
        return [error.problem]
    if expected != source.sha256:
        return [Problem(data_dir.display(source.path), 1, 1, "",
                        f"sha256 is {source.sha256}, but {digest_file.name} says {expected}", "audit")]
    return []


def _check_registry(path: Path, schema_path: Path, source: SourceText, name: str, checked):
    """The registry (None when it contradicts itself), its findings, and the loaded file when it has
    the shape its schema promises."""
    try:
        loaded, schema_passed = _load(path, name, checked)
    except DataError as error:
        return None, [error.problem], None
    problems = [] if schema_passed else schema_problems(loaded, load_schema(schema_path), name)
    if problems:
        return None, problems, None
    problems = audit.audit_verbatim(loaded, load_schema(schema_path), source, name)
    problems += audit.audit_empty(loaded, load_schema(schema_path), name)
    try:
        registry = Registry.from_document(loaded.data)
    except RegistryError as error:
        return None, problems + registry_problems(loaded, name, error), loaded
    return registry, problems, loaded


# What every plan of a data folder (and, for the jurisdiction, its registry) says alike.
_ONE_PACKAGE = ("package", "year", "jurisdiction")


def one_package(files: list[tuple[str, LoadedYaml]], said: set[tuple[str, str]] = frozenset()) -> list[Problem]:
    """The files of one data folder are one package's: one package id, one year, one jurisdiction
    (the registry's too). A plan copied for next year, or a jurisdiction cut short (平 is printed in
    the source too), had passed. What most of the files say is taken as meant: the odd file is named,
    whichever it is, not every other one. A (file, field) in `said` has a finding already (an
    empty jurisdiction)."""
    problems = []
    for key in _ONE_PACKAGE:
        holders = [(name, loaded, loaded.data[key]) for name, loaded in files if key in loaded.data]
        counts = Counter(value for _, _, value in holders)
        if len(counts) < 2:
            continue
        meant, count = counts.most_common(1)[0]  # a tie: the value read first
        first = next(name for name, _, value in holders if value == meant)
        for name, loaded, value in holders:
            if value != meant and (name, key) not in said:
                written = quoted_value(value, written=loaded.written_texts((key,)))
                problems.append(Problem(
                    name, *loaded.position_of((key,)), key,
                    f"is {written}, but {count} of the {len(holders)} files say {quoted_value(meant)}, as {first} "
                    "does: one data folder holds one package", "semantics"))
    return problems


def registry_problems(loaded: LoadedYaml, name: str, error: RegistryError) -> list[Problem]:
    """A finding for each contradiction of a registry the model refuses (a duplicate id or spelling,
    an unknown parent or covered entry), at the value at fault and in file order; an id that names
    no entry, with the ids it likely misspells. The store and the importer refuse a registry with
    the first of them (store/datafile.py, importer/run.py)."""
    entries = loaded.data["departments"]
    problems = []
    for message, where in error.contradictions:
        # An id that names no entry is likely misspelt; one that names an entry (a cycle) is not.
        if where[-1] == "parent" or "covers" in where:
            named = reduce(lambda node, key: node[key], where, loaded.data)
            if all(entry["id"] != named for entry in entries):
                others = [entry["id"] for index, entry in enumerate(entries) if index != where[1]]
                message += quoted_meaning(likely_meant(named, others))
        problems.append(Problem(name, *loaded.position_of(where), field_path(where), message, "semantics"))
    return sorted(problems, key=lambda problem: (problem.line, problem.column))


def schema_problems(loaded: LoadedYaml, schema: dict, name: str) -> list[Problem]:
    from bizenv_cli.checks.schemacheck import passes

    if passes(schema, loaded.data):
        return []  # the compiled check; jsonschema walks (and words) only the files it rejects
    # jsonschema is heavy to import; only validation pays for it.
    import jsonschema

    validator = _ecma_patterns(jsonschema.Draft7Validator)(schema, format_checker=jsonschema.FormatChecker())
    problems = []
    for error in _one_per_field(_into_branches(validator.iter_errors(loaded.data))):
        path = tuple(error.absolute_path)
        if len(problems) >= MOST_SCHEMA_PROBLEMS:
            # A list of a million wrong items is a million findings; the first ones say it all, and
            # stopping here spares the rest of the walk (validation is lazy).
            problems.append(Problem(name, *loaded.position_of(path), field_path(path),
                                    f"more schema problems follow; the first {MOST_SCHEMA_PROBLEMS} of this file "
                                    "are shown, fix them first", "schema"))
            break
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            # Point at each unknown key itself, not at the mapping that holds it.
            for key in _unknown_keys(error.schema, error.instance):
                likely = quoted_meaning(_likely_key(key, error.schema, error.instance))
                problems.append(Problem(name, *loaded.position_of(path + (key,)), field_path(path + (key,)),
                                        f"unknown key {quoted_text(key)} (not allowed here){likely}", "schema"))
            continue
        if error.validator == "required" and _said_at_a_misspelt_key(error):
            continue
        problems.append(Problem(name, *loaded.position_of(path), field_path(path),
                                _schema_message(error, loaded.written_texts(path)), "schema"))
    return problems


def _ecma_patterns(validator_class):
    """`validator_class` with a schema's `pattern` read as JSON Schema reads it, in ECMA 262's
    syntax, where `$` is the end of the text: Python's `re` lets `$` match before a final line
    break too, so jsonschema passed an id 'tax' + a line break as `^[a-z0-9]+(-[a-z0-9]+)*$`
    (fastjsonschema, the compiled check, refuses it; the two now agree)."""
    import jsonschema

    def pattern(validator, written, instance, schema):
        if validator.is_type(instance, "string") and not re.search(_ecma_end(written), instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {written!r}")

    return jsonschema.validators.extend(validator_class, {"pattern": pattern})


def _ecma_end(pattern: str) -> str:
    """`pattern` with each `$` that ends the text (not escaped, not in a [class]) written `\\Z`,
    which means in Python what `$` means in ECMA 262."""
    written, escaped, in_class = [], False, False
    for character in pattern:
        if escaped:
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == "[":
            in_class = True
        elif character == "]":
            in_class = False
        elif character == "$" and not in_class:
            character = r"\Z"
        written.append(character)
    return "".join(written)


def _unknown_keys(schema: dict, mapping: dict) -> list[str]:
    known = schema.get("properties", {})
    patterns = [re.compile(pattern) for pattern in schema.get("patternProperties", {})]
    return [key for key in mapping
            if key not in known and not any(pattern.search(str(key)) for pattern in patterns)]


# How close a key, an enum's word or an id must be to one that exists to be named as the one meant
# (difflib's ratio): dedline and deadline are 0.93, don and done 0.86, lien and line 0.75, bodys and
# bodies 0.73; other and note, 0.67, are two words, not a misspelling (difflib's own 0.6 joins them).
CLOSE_ENOUGH = 0.7
_MOST_LIKELY = 3  # words named by a did-you-mean: county-government or county-department


def likely_meant(word, words, most: int = _MOST_LIKELY) -> list[str]:
    """The words of `words` that `word` most likely misspells, nearest first; none when no word is
    close or `word` is no string."""
    return difflib.get_close_matches(word, list(words), n=most, cutoff=CLOSE_ENOUGH) if isinstance(word, str) else []


def quoted_meaning(likely: list[str]) -> str:
    """`; did you mean 'deadline'?` naming each likely word as a key or a value is quoted, '' for none."""
    return did_you_mean(quoted_text(word) for word in likely)


def _likely_key(key, schema: dict, mapping: dict) -> list[str]:
    """The key that `key`, unknown here, most likely misspells (or none): of the keys the mapping
    lacks, a required one first (it is missing, so it was meant), then one it may have."""
    lacking = [known for known in schema.get("properties", {}) if known not in mapping]
    required = set(schema.get("required", ()))
    return (likely_meant(str(key), [known for known in lacking if known in required], most=1)
            or likely_meant(str(key), [known for known in lacking if known not in required], most=1))


def _said_at_a_misspelt_key(error) -> bool:
    """Whether the required key this error misses is the likely meaning of an unknown key of the
    same mapping, which names it there ("did you mean 'deadline'?"): one mistake, one finding, at
    the misspelt key's line. With no such key, both findings stand."""
    schema, mapping = error.schema, error.instance
    if schema.get("additionalProperties") is not False or not isinstance(mapping, dict):
        return False  # unknown keys are allowed, or judged by another part of the schema
    missing = [key for key in error.validator_value if key not in mapping and error.message.startswith(repr(key))]
    return bool(missing) and any(missing[0] in _likely_key(key, schema, mapping)
                                 for key in _unknown_keys(schema, mapping))


def _into_branches(errors):
    """Each anyOf/oneOf error as the errors of the branch its value was written for.

    A nullable record (`lead: {raw, line, bodies}` or null) fails as a whole, "… is not valid under
    any of the given schemas", at the record's first line: a misspelt key or a wrong day inside it
    would be named at neither its line nor its field. A branch whose type the value has is the one it
    was meant for; when exactly one is, its own errors are the findings, and each error on the value
    itself keeps the types of the other branches (_OTHER_TYPES), which its message names too: a
    section's parent that is no section id may also be null. When no branch or several are meant,
    the error stands, and its message names every branch (_schema_message).
    """
    for error in errors:
        if error.validator not in ("anyOf", "oneOf") or not error.context:
            yield error
            continue
        branches = _branches(error)
        refused = {index: _types_refused(suberrors) for index, suberrors in branches.items()}
        meant = [suberrors for index, suberrors in branches.items() if refused[index] is None]
        if len(meant) != 1:
            yield error
            continue
        other_types = _types_of(*(refused[index] for index in sorted(refused) if refused[index] is not None),
                                getattr(error, _OTHER_TYPES, ()))
        for suberror in meant[0]:
            if not suberror.relative_path and suberror.validator not in _KEY_VALIDATORS:
                setattr(suberror, _OTHER_TYPES, other_types)
        yield from _into_branches(meant[0])


# The attribute of a jsonschema error (set by _into_branches) that holds the types the other
# branches of an anyOf/oneOf allow the value: its message names them as forms the rule accepts.
_OTHER_TYPES = "bizenv_other_types"


def _types_of(*lists) -> list:
    """The types of the lists, each once, in order."""
    return list(dict.fromkeys(kind for types in lists for kind in types))


def _branches(error) -> dict:
    """An anyOf/oneOf error's suberrors by the branch they come from."""
    branches: dict = {}
    for suberror in error.context:
        branches.setdefault(suberror.relative_schema_path[0], []).append(suberror)
    return branches


def _types_refused(suberrors) -> list | None:
    """The types a branch allows when the value has none of them, else None (the value has the
    branch's type). A branch that is itself an anyOf/oneOf of types (nullable, or a $ref to one)
    refuses the value by type when each of its own branches does: its types are all allowed too,
    so none of them is left out of the message."""
    allowed: list = []
    refused = False
    for sub in suberrors:
        if sub.relative_path:
            continue
        if sub.validator == "type":
            types = sub.validator_value if isinstance(sub.validator_value, list) else [sub.validator_value]
        elif sub.validator in ("anyOf", "oneOf") and sub.context:
            inner = [_types_refused(branch) for branch in _branches(sub).values()]
            if any(types is None for types in inner):
                continue
            types = [kind for types in inner for kind in types]
        else:
            continue
        refused = True
        allowed += [kind for kind in types if kind not in allowed]
    return allowed if refused else None


# These name keys of a mapping (one missing, one unknown), not a fault of the mapping's value.
_KEY_VALIDATORS = frozenset({"required", "additionalProperties", "dependencies", "dependentRequired"})


def _one_per_field(errors):
    """The first of the schema's errors on each value: a day such as '2022-6-1' breaks both the
    `format` and the `pattern` of a date, one fault that gave two annotations in a pull request."""
    judged: set[tuple] = set()
    for error in errors:
        if error.validator not in _KEY_VALIDATORS:
            path = tuple(error.absolute_path)
            if path in judged:
                continue
            judged.add(path)
        yield error


def _schema_message(error, written: dict[tuple, str]) -> str:
    """A schema error in words a maintainer reads: the value given, quoted as the file writes it
    (`written`: LoadedYaml.written_texts, so 2022.10 is never 2022.1), else as YAML writes it, and
    clipped (a measure's text is too long to read), then every form the rule accepts, whole: an
    enum's every allowed value, a constant, a pattern as the schema holds it, and the types of an
    anyOf's other branches (`0 is less than the minimum of 1, and is not of type 'null'`).
    jsonschema's own message quotes Python's repr (None, True, {'a': 1}, a pattern's doubled
    backslashes) and a constant without the value given; it is kept only for what is worded here
    by no rule of its own (a minimum, a length: the words after the value)."""
    if error.validator in _KEY_VALIDATORS:
        return error.message  # a key missing or unknown: no value to quote
    other_types = list(getattr(error, _OTHER_TYPES, ()))
    if error.validator in ("anyOf", "oneOf"):
        reasons, likely = _branch_reasons(error, other_types), []
    else:
        reason, likely = _reason(error, other_types)
        reasons = [reason]
    if other_types:  # the other branches allow the value types it does not have
        reasons.append(_not_of_type(other_types))
    message = f"{quoted_value(error.instance, written=written)} {', and '.join(reasons)}{quoted_meaning(likely)}"
    if isinstance(error.instance, (bool, int, float)) and any("'string'" in reason for reason in reasons):
        # YAML reads a title 2022, a name TRUE or a label 1.10 unquoted as a number or a truth value:
        # the fix a maintainer needs is the quotes.
        as_written = written.get((), str(error.instance))
        message += f"; written in quotes, {quoted_text(as_written)}, it is a text"
    return message


def _reason(error, other_types: list) -> tuple[str, list[str]]:
    """What a value breaks of one rule, as the words after it, and the words of an enum it likely
    misspells. A type the rule names itself (null among an enum's values, the value's every
    allowed type) is taken out of `other_types`."""
    if error.validator in ("enum", "const"):
        allowed = list(error.validator_value) if error.validator == "enum" else [error.validator_value]
        if "null" in other_types:  # anyOf: [null, {enum: …}] allows null as an enum holding it does
            other_types.remove("null")
            if None not in allowed:
                allowed.append(None)
        if len(allowed) == 1:  # the one word is named: no other could be meant
            return f"is not the one allowed value, {quoted_value(allowed[0], most=None)}", []
        likely = likely_meant(error.instance, [value for value in allowed if isinstance(value, str)])
        listed = ", ".join(quoted_value(value, most=None) for value in allowed)
        return f"is not one of the allowed values: {listed}", likely
    if error.validator == "type":
        types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        types = _types_of(types, other_types)
        other_types.clear()
        return _not_of_type(types), []
    if error.validator == "pattern":
        return f"does not match '{error.validator_value}'", []  # as written, not repr's doubled backslashes
    if error.validator == "format":
        return f"is not a '{error.validator_value}'", []
    given = repr(error.instance)
    if error.message.startswith(given):  # jsonschema's words after the value: `is too short`
        return error.message[len(given):].lstrip(), []
    return f"breaks the schema's rule '{error.validator}'", []


def _branch_reasons(error, other_types: list) -> list[str]:
    """Why a value fits none of an anyOf's (or a oneOf's) branches: each branch it was written for
    says what it breaks there, the types of the others are added to `other_types`."""
    if not error.context:  # a oneOf whose value fits more than one branch
        return ["fits more than one of the forms the schema allows, and it must fit one"]
    branches = _branches(error)
    refused = {index: _types_refused(branches[index]) for index in sorted(branches)}
    other_types[:] = _types_of(*(types for types in refused.values() if types is not None), other_types)
    reasons = []
    for index, types in refused.items():
        own = [suberror for suberror in branches[index]
               if not suberror.relative_path and suberror.validator not in _KEY_VALIDATORS]
        if types is None and not own:  # a fault inside the value: no one phrase says it
            return ["fits none of the forms the schema allows"]
        if types is None:
            reasons.append(_reason(own[0], other_types)[0])
    return reasons


def _not_of_type(types: list) -> str:
    return "is not of type " + ", ".join(f"'{kind}'" for kind in types)


def check_plan(loaded: LoadedYaml, path: Path, name: str, schema: dict, source: SourceText,
               registry: Registry | None, seen_documents: dict[int, str], schema_passed: bool = False) -> list[Problem]:
    problems = [] if schema_passed else schema_problems(loaded, schema, name)
    if problems:
        return problems  # semantics and audit assume the shape the schema promises
    problems = unkept_numbers(loaded, name)
    if problems:
        return problems  # a number no reader keeps exactly is no figure to judge
    problems += _file_identity(loaded, path, name, seen_documents)
    problems += _semantics(loaded, name, registry)
    span_problems = audit.audit_span(loaded, source, name)
    if span_problems:
        return problems + span_problems  # the audit reads the source through the plan's span
    values = audit.verbatim_list(loaded.data, schema)  # read by the verbatim and the coverage audits
    verbatim = audit.audit_verbatim(loaded, schema, source, name, values)
    verbatim += audit.audit_empty(loaded, schema, name, values, frozenset(problem.field for problem in problems))
    blocks = audit.audit_blocks(loaded, source, name)
    # One value, one finding: a raw string that differs from its assignment block is said by the
    # block's finding (source and data side by side), not also as "not found verbatim".
    compared = {problem.field for problem in blocks}
    problems += [problem for problem in verbatim if problem.field not in compared] + blocks
    problems += audit.audit_lines(loaded, source, name, frozenset(problem.field for problem in verbatim))
    problems += audit.audit_values(loaded, name)
    # A catch-all: after a specific error it would only say the same again. A warning is no such
    # error, and must not switch off the one check that finds what no value holds.
    if not any(problem.severity == "error" for problem in problems):
        problems += audit.audit_coverage(loaded, schema, source, name, values)
    return problems


def _file_identity(loaded: LoadedYaml, path: Path, name: str, seen: dict[int, str]) -> list[Problem]:
    doc = loaded.data
    problems = []
    match = PLAN_FILE_NAME.match(Path(path).name)
    if not match or match.group(1) != doc["id"] or int(doc["id"]) != doc["document"]:
        problems.append(Problem(name, *loaded.position_of(("id",)), "id",
                                f"file name, id {quoted_text(doc['id'])} and document {doc['document']} must agree "
                                "(NN-slug.yaml, id NN, document NN)", "semantics"))
    elif match.group(2) != doc["slug"]:
        problems.append(Problem(name, *loaded.position_of(("slug",)), "slug",
                                f"the file is named for slug {quoted_text(match.group(2))}, "
                                f"the plan's slug is {quoted_text(doc['slug'])} "
                                "(NN-slug.yaml)", "semantics"))
    if doc["document"] in seen:
        problems.append(Problem(name, *loaded.position_of(("document",)), "document",
                                f"document {doc['document']} is also in {seen[doc['document']]}", "semantics"))
    seen.setdefault(doc["document"], name)
    return problems


def _semantics(loaded: LoadedYaml, name: str, registry: Registry | None) -> list[Problem]:
    doc = loaded.data
    problems: list[Problem] = []

    def problem(path: tuple, message: str) -> None:
        problems.append(Problem(name, *loaded.position_of(path), field_path(path), message, "semantics"))

    prefix = doc["id"]
    section_ids = unique_ids(doc, "sections", prefix, problem)
    table_ids = unique_ids(doc, "tables", prefix, problem)
    unique_ids(doc, "measures", prefix, problem)
    unique_ids(doc, "indicators", prefix, problem)
    for collection in ("measures", "indicators"):
        previous_in_order = True
        for index, item in enumerate(doc[collection]):
            in_order = item["seq"] == index + 1
            # Only where the order breaks: a deleted item would otherwise make every later one a finding.
            if not in_order and previous_in_order:
                problem((collection, index, "seq"), f"seq is {item['seq']}, expected {index + 1} (source order)")
            previous_in_order = in_order
            if item["section"] not in section_ids:
                problem((collection, index, "section"), f"no section {quoted_text(item['section'])} in this plan")
    parents = {section["id"]: section.get("parent") for section in doc["sections"]}

    def parent_of(section_id: str) -> tuple[str, ...]:
        return (parents[section_id],) if parents.get(section_id) else ()

    in_cycles: set[str] = set()
    for index, section in enumerate(doc["sections"]):
        if section.get("parent") and section["parent"] not in section_ids:
            problem(("sections", index, "parent"), f"no section {quoted_text(section['parent'])} in this plan")
        elif section["id"] not in in_cycles and section.get("parent") and (
                cycle := cycle_through(section["id"], section["parent"], parent_of)):
            # A section inside itself had passed: one finding per cycle, at its first section.
            in_cycles.update(cycle)
            problem(("sections", index, "parent"), inside_itself("section", cycle))
    for index, table in enumerate(doc["tables"]):
        if table["section"] not in section_ids:
            problem(("tables", index, "section"), f"no section {quoted_text(table['section'])} in this plan")
    table_kinds = {table["id"]: table["kind"] for table in doc["tables"]}
    for index, indicator in enumerate(doc["indicators"]):
        # A row of an indicator table names it and holds its cells; a target of the goals has neither.
        # Each mismatch had passed, or been said only as the table's rows missing.
        from_table = indicator["origin"] == "table"
        if indicator.get("table") and indicator["table"] not in table_ids:
            problem(("indicators", index, "table"), f"no table {quoted_text(indicator['table'])} in this plan")
        elif from_table and not indicator.get("table"):
            problem(("indicators", index, "table"), "is null, but the indicator is a row of a table (origin: table): "
                                                    "name its table")
        elif not from_table and indicator.get("table"):
            problem(("indicators", index, "table"), f"is {quoted_text(indicator['table'])}, but the indicator is "
                                                    "stated in the goals (origin: goals), in no table")
        elif from_table and table_kinds[indicator["table"]] != "indicators":
            problem(("indicators", index, "table"), f"{quoted_text(indicator['table'])} is a "
                                                    f"{table_kinds[indicator['table']]} table, whose rows are its own; "
                                                    "an indicator is a row of an indicators table")
        if from_table != ("cells" in indicator):
            problem(("indicators", index, "cells") if "cells" in indicator else ("indicators", index, "origin"),
                    "a row of a table (origin: table) holds its cells; a target stated in the goals has none")
        months = [target["by"] for target in indicator["targets"]]
        if months != sorted(months):
            problem(("indicators", index, "targets"), "targets must be in order of their month")
        elif len(set(months)) < len(months):  # which of two the year is judged on would be a guess
            again = next(place for place, month in enumerate(months) if month in months[:place])
            problem(("indicators", index, "targets", again, "by"),
                    f"targets must be one per month: targets[{months.index(months[again])}] is for {months[again]} too")

    for index, measure in enumerate(doc["measures"]):
        _check_deadline(measure["deadline"], ("measures", index, "deadline"), doc["year"], problem)
    for path, responsibility in _responsibilities(doc):
        # A 牵头单位 column's header is itself the role word: its bodies lead.
        unmarked_role = "lead" if path[-1] == "lead" else "responsible"
        _check_responsibility(responsibility, path, registry, unmarked_role, problem)
    return problems


def _check_deadline(deadline: dict, path: tuple, year: int, problem) -> None:
    try:
        parsed = parse_deadline(deadline["raw"], year)
    except DeadlineError as error:
        problem(path + ("raw",), f"cannot be read as a deadline: {error}")
        return
    stated = [(m["date"], m["label"]) for m in deadline["milestones"]]
    expected = [(m.date.isoformat(), m.label) for m in parsed.milestones]
    if stated != expected:
        problem(path + ("milestones",), f"the raw deadline states {_milestones(expected)}, the data says {_milestones(stated)}")
    if deadline["ongoing"] != parsed.ongoing:
        problem(path + ("ongoing",), f"the raw deadline says ongoing={str(parsed.ongoing).lower()}")
    if deadline["recurrence"] != parsed.recurrence:
        problem(path + ("recurrence",), f"the raw deadline states recurrence {quoted_value(parsed.recurrence)}")


def _milestones(items: list[tuple]) -> str:
    return "[" + ", ".join(date if label is None else f"{date} ({label})" for date, label in items) + "]" if items else "none"


def _responsibilities(doc: dict):
    for index, measure in enumerate(doc["measures"]):
        yield ("measures", index, "responsible"), measure["responsible"]
    for index, indicator in enumerate(doc["indicators"]):
        for key in ("responsible", "lead"):
            if indicator.get(key):
                yield ("indicators", index, key), indicator[key]


def _check_responsibility(responsibility: dict, path: tuple, registry: Registry | None, unmarked_role: str,
                          problem) -> None:
    for index, body in enumerate(responsibility["bodies"]):
        if registry is not None and body["id"] not in registry:
            problem(path + ("bodies", index, "id"), unknown_department(body["id"], registry))
    raw = responsibility["raw"]
    if raw is None or registry is None:
        if raw is None and responsibility["bodies"]:
            problem(path + ("bodies",), "bodies are given but there is no raw responsibility line")
        return
    try:
        parsed = parse_responsibility(raw, registry, unmarked_role=unmarked_role)
    except UnknownBody as error:
        problem(path + ("raw",), f"names a body that is not in departments.yaml: {error}")
        return
    except RoleWithoutBody as error:
        problem(path + ("raw",), str(error))
        return
    if not parsed:  # '', 、 or 等 alone: it had passed beside no bodies, and '' is in every source line
        problem(path + ("raw",), f"{quoted_text(raw)} names no body; where the source prints no responsibility "
                                 "line, raw is null")
        return
    stated = [(b["name"], b["id"], b["role"]) for b in responsibility["bodies"]]
    expected = [(a.name, a.id, a.role) for a in parsed]
    if stated == expected or _only_unknown_ids_differ(stated, expected, registry):
        return
    differ = [index for index, (was, meant) in enumerate(zip(stated, expected)) if was != meant]
    if len(stated) == len(expected) and len(differ) == 1:
        # One body differs (a name with a space the raw line lacks, a role): named at its own line,
        # at what differs there besides an unknown id, which is named at itself above.
        index = differ[0]
        key = next(key for key, was, meant in zip(("name", "id", "role"), stated[index], expected[index])
                   if was != meant and not (key == "id" and was not in registry))
        stated, expected, path = stated[index:index + 1], expected[index:index + 1], path + ("bodies", index, key)
    else:
        path += ("bodies",)
    problem(path, "the raw line names " + _bodies(expected) + "; the data says " + _bodies(stated))


def unknown_department(body_id: str, registry: Registry) -> str:
    """The finding on a department id the registry lacks, naming the ids it likely misspells."""
    likely = likely_meant(body_id, [department.id for department in registry])
    return f"unknown department id {quoted_text(body_id)} (not in departments.yaml){quoted_meaning(likely)}"


def _only_unknown_ids_differ(stated: list[tuple], expected: list[tuple], registry: Registry) -> bool:
    """Whether the bodies differ from the raw line's reading only in ids the registry lacks: a
    misspelt id is named at itself (unknown department id), not a second time as the whole list."""
    return len(stated) == len(expected) and all(
        was == meant or (was[1] not in registry and (was[0], was[2]) == (meant[0], meant[2]))
        for was, meant in zip(stated, expected))


def _bodies(items: list[tuple]) -> str:
    return ", ".join(f"{quoted_text(name)}={body_id}:{role}" for name, body_id, role in items) or "none"


def validate_says(data_dir, paths: list[Path], name: str, fallback: str, about: str | None = None) -> Problem:
    """validate's first finding on file `name` when it checks `paths` (a date the calendar lacks,
    2022-02-30; a body the registry does not know), the first that mentions `about` if any does;
    else `fallback` as a problem of that file."""
    try:
        report = validate_data(data_dir, paths)
        mine = [problem for problem in report.problems if problem.file == name and problem.severity == "error"]
        mine = [problem for problem in mine if about and about in problem.message] or mine
        if mine:
            return mine[0]
    except Exception:  # noqa: BLE001 - validate cannot run here (no source text); say what we know
        pass
    return Problem(name, 1, 1, "", fallback, "semantics")
