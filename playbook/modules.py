"""Content modules: their file format, their loader, and the checks run when they load."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from jinja2 import TemplateSyntaxError, meta
from pydantic import Field

from .conditions import Condition, Expression, Template, environment
from .errors import Location, PlaybookError, raise_all
from .profile import Strict
from .render.text import noun
from .yamlfile import did_you_mean, load_yaml, position, read_text, validate

Phase = Literal["before_match_week", "match_week", "after_soap", "bridge_year"]
PHASES: dict[str, str] = {
    "before_match_week": "Before Match Week",
    "match_week": "Match Week",
    "after_soap": "After SOAP",
    "bridge_year": "Bridge year",
}
Id = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="lower-case-with-dashes, stable across edits")
_DUE = re.compile(
    r"^(?:(?P<n>[0-9]{1,4}) (?P<unit>days?|weeks?) (?P<dir>before|after) )?(?P<event>[a-z0-9_]+)"
    r"(?: at (?P<time>(?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
)


class ItemSpec(Strict):
    id: str = Id
    text: str
    phase: Phase
    due: str | None = Field(None, description="e.g. '45 days before rank_list_deadline', 'soap_end at 21:00'")
    when: str | None = None
    source: str | None = Field(None, description="reference file the fact comes from")


class ChecklistSpec(Strict):
    id: str = Id
    title: str
    when: str | None = None
    items: list[ItemSpec] = Field(min_length=1)


class ScriptSpec(Strict):
    id: str = Id
    title: str
    kind: Literal["email", "interview", "call", "statement", "message", "worksheet"]
    when: str | None = None
    text: str | None = None
    body: str | None = Field(None, description="a Markdown file beside module.yaml")
    source: str | None = None


class PlanSpec(Strict):
    id: str = Id
    title: str
    months: str = Field(pattern=r"^\d{1,2}(-\d{1,2})?$", description="months after SOAP ends, e.g. 1-2")
    when: str | None = None
    tasks: list[str] = Field(min_length=1)
    source: str | None = None


class TestSpec(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="a name outcomes use as met.<id>")
    group: str = Field(description="one of the assessment's groups")
    label: str = Field(description="template; sees `threshold`")
    value: str = Field(description="expression: the profile's value for this test (none: not in the profile)")
    threshold: int | float | None = None
    met: str = Field(description="condition; sees `value` and `threshold`")
    shown: str | None = Field(None, description="template: how the value reads; sees `value` and `threshold`")
    source: str | None = None


class OutcomeSpec(Strict):
    id: str = Id
    title: str
    when: str = Field(description="condition; sees met.<test>, count.<group> (met) and missed.<group> (not met)")
    rule: str = Field(description="in plain words, when this suggestion is given")
    text: str


class AssessmentSpec(Strict):
    """Tests evaluated against the profile, shown as a met / not-met table, and the suggestion that follows."""

    id: str = Id
    title: str
    when: str | None = None
    groups: dict[str, str] = Field(min_length=1, description="group id → the heading its tests are shown under")
    tests: list[TestSpec] = Field(min_length=1)
    outcomes: list[OutcomeSpec] = Field(min_length=1, description="the first whose when: holds is the suggestion")
    source: str | None = None


class SectionSpec(Strict):
    id: str = Id
    title: str
    when: str | None = None
    text: str | None = None
    body: str | None = Field(None, description="a Markdown file beside module.yaml")
    checklists: list[ChecklistSpec] = Field(default_factory=list)
    scripts: list[ScriptSpec] = Field(default_factory=list)
    plan: list[PlanSpec] = Field(default_factory=list)
    assessments: list[AssessmentSpec] = Field(default_factory=list)


class ModuleSpec(Strict):
    id: str = Id
    title: str
    order: int = 50
    applies_when: str = Field(description="condition: when this module is part of a playbook")
    why: str = Field(description="one sentence, shown on the home page, saying why it applies")
    sections: list[SectionSpec] = Field(min_length=1)


@dataclass(frozen=True)
class DueRule:
    event: str
    offset_days: int
    time: str | None
    text: str


Positions = dict[tuple[Any, ...], tuple[int, int]]


@dataclass
class Module:
    """A loaded module: the spec plus compiled conditions, templates and due rules by path.

    `positions` holds the line and column of every path the loader named, so that a module can be
    rebuilt from its checked spec without reading its YAML again (see content_cache)."""

    spec: ModuleSpec
    folder: Path
    conditions: dict[tuple[Any, ...], Expression]
    templates: dict[tuple[Any, ...], Template]
    dues: dict[tuple[Any, ...], DueRule]
    data: Any = None
    positions: Positions | None = None

    @property
    def id(self) -> str:
        return self.spec.id

    def applies(self, context: dict[str, Any]) -> bool:
        return self.conditions[("applies_when",)](context)

    def when(self, path: tuple[Any, ...], context: dict[str, Any]) -> bool:
        cond = self.conditions.get(path + ("when",))
        return cond is None or cond(context)

    def render(self, path: tuple[Any, ...], context: dict[str, Any]) -> str:
        return self.templates[path].render(context)

    def title(self, path: tuple[Any, ...], context: dict[str, Any]) -> str:
        """The rendered title of the part at `path` (plain text, one line)."""
        return " ".join(self.render(path + ("title",), context).split())


def parse_due(text: str) -> DueRule | None:
    """A due rule; its `text` is put in order for readers ('1 weeks after' becomes '1 week after')."""
    m = _DUE.match(text.strip())
    if not m:
        return None
    count = int(m["n"] or 0)
    week = (m["unit"] or "").startswith("week")
    n = count * (7 if week else 1)
    shift = f"{count} {noun(count, 'week' if week else 'day')} {m['dir']} " if m["n"] else ""
    at = f" at {m['time']}" if m["time"] else ""
    return DueRule(m["event"], -n if m["dir"] == "before" else n, m["time"], f"{shift}{m['event']}{at}")


def load_module(folder: Path, event_ids: list[str]) -> Module:
    """Load content/<module>/module.yaml and everything it names; report every problem at once."""
    path = folder / "module.yaml"
    data = load_yaml(path)
    spec = validate(ModuleSpec, data, str(path))
    return _load(_Loader(path, event_ids, data), spec, data)


def checked_module(folder: Path, event_ids: list[str], spec: ModuleSpec, positions: Positions) -> Module:
    """A module loaded and checked before, from its spec and positions: no YAML is read and the
    templates compile when first used. A position missing from `positions` raises KeyError."""
    return _load(_Loader(folder / "module.yaml", event_ids, positions=positions), spec, None)


def _load(loader: _Loader, spec: ModuleSpec, data: Any) -> Module:
    loader.condition(("applies_when",), spec.applies_when)
    loader.title((), spec.title)
    loader.template(("why",), spec.why)
    for s, section in enumerate(spec.sections):
        loader.section(("sections", s), section)
    raise_all(loader.errors)
    return Module(spec, loader.path.parent, loader.conditions, loader.templates, loader.dues, data, loader.positions)


# Values a title may show: titles are plain text, so only values that cannot carry markup.
TITLE_NAMES = frozenset({
    "timezone", "home_zone", "cycle", "graduation_year", "years_since_graduation", "targets", "alternatives",
    "all_specialties", "target_labels", "program_specialty", "match_status", "visa", "visa_label",
    "needs_visa", "first_cycle", "match_week_ahead", "in_bridge_year", "is_guide", "blank",
})


class _Loader:
    """Compiles a module's conditions and templates. From parsed YAML (`data`) every source is checked
    and every position looked up and kept; from known `positions` the checks are skipped."""

    def __init__(self, path: Path, event_ids: list[str], data: Any = None, positions: Positions | None = None):
        self.path, self.data, self.event_ids = path, data, event_ids
        self.file = str(path)
        self.checked = positions is not None
        self.positions: Positions = positions if positions is not None else {}
        self.errors: list[PlaybookError] = []
        self.conditions: dict[tuple[Any, ...], Expression] = {}
        self.templates: dict[tuple[Any, ...], Template] = {}
        self.dues: dict[tuple[Any, ...], DueRule] = {}
        # `at.<event>`: when an event falls, in ET and on the applicant's clock (filled in by assemble).
        self.clock = {"at": dict.fromkeys(event_ids, "Mon 15 Mar, 10:00 ET")}

    def at(self, loc: tuple[Any, ...]) -> Location:
        if not self.checked:
            where = position(self.data, loc, self.file)
            self.positions[loc] = (where.line, where.col)
        line, col = self.positions[loc]
        return Location(self.file, line, col)

    def condition(self, loc: tuple[Any, ...], source: str | None, names: dict[str, Any] | None = None) -> None:
        if source is not None:
            self._try(lambda: self.conditions.__setitem__(
                loc, Condition(source, self.at(loc), names, checked=self.checked)))

    def expression(self, loc: tuple[Any, ...], source: str) -> None:
        self._try(lambda: self.conditions.__setitem__(loc, Expression(source, self.at(loc), checked=self.checked)))

    def template(
        self, loc: tuple[Any, ...], source: str, where: Location | None = None, names: dict[str, Any] | None = None
    ) -> None:
        known = {**self.clock, **(names or {})}
        self._try(lambda: self.templates.__setitem__(
            loc, Template(source, where or self.at(loc), known, checked=self.checked)))

    def title(self, loc: tuple[Any, ...], source: str) -> None:
        """A title is a template too, rendered as plain text; it may use only `TITLE_NAMES`."""
        where = self.at(loc + ("title",))
        if not self.checked:
            try:
                used = meta.find_undeclared_variables(environment(True).parse(source))
            except TemplateSyntaxError:
                used = set()  # reported by Template below
            if used - TITLE_NAMES:
                name = sorted(used - TITLE_NAMES)[0]
                self.errors.append(PlaybookError(f"title: '{name}' cannot be shown in a title (it may hold markup)",
                                                 where, got=source))
                return
        self._try(lambda: self.templates.__setitem__(
            loc + ("title",), Template(source, where, plain=True, checked=self.checked)))

    def body(self, loc: tuple[Any, ...], text: str | None, body: str | None) -> None:
        if (text is None) == (body is None):
            self.errors.append(PlaybookError("give exactly one of text: or body:", self.at(loc[:-1])))
            return
        if text is not None:
            self.template(loc, text, self.at(loc[:-1] + ("text",)))
            return
        file = (self.path.parent / body).resolve()
        if self.path.parent.resolve() not in file.parents:
            where = self.at(loc[:-1] + ("body",))
            self.errors.append(PlaybookError("body: must be a file inside the module folder", where, got=body))
            return
        try:
            source = read_text(file)
        except PlaybookError as exc:
            missing = "not found" in exc.message
            where = self.at(loc[:-1] + ("body",))
            self.errors.append(PlaybookError("body: file not found", where, got=body) if missing else exc)
            return
        self.template(loc, source, Location(str(self.path.parent / body), 1, 1))

    def due(self, loc: tuple[Any, ...], text: str | None) -> None:
        if text is None:
            return
        rule = parse_due(text)
        if rule is None:
            self.errors.append(PlaybookError(
                "due: expected '[N days|weeks before|after] EVENT [at HH:MM]'", self.at(loc), got=text))
        elif rule.event not in self.event_ids:
            hint = did_you_mean(rule.event, self.event_ids)
            message = f"due: unknown calendar event '{rule.event}'{hint}"
            self.errors.append(PlaybookError(message, self.at(loc), got=text))
        else:
            self.dues[loc] = rule

    def section(self, loc: tuple[Any, ...], section: SectionSpec) -> None:
        self.condition(loc + ("when",), section.when)
        self.title(loc, section.title)
        if section.text is not None or section.body is not None:
            self.body(loc + ("content",), section.text, section.body)
        for c, checklist in enumerate(section.checklists):
            cloc = loc + ("checklists", c)
            self.condition(cloc + ("when",), checklist.when)
            self.title(cloc, checklist.title)
            for i, item in enumerate(checklist.items):
                iloc = cloc + ("items", i)
                self.condition(iloc + ("when",), item.when)
                self.template(iloc + ("text",), item.text)
                self.due(iloc + ("due",), item.due)
        for k, script in enumerate(section.scripts):
            sloc = loc + ("scripts", k)
            self.condition(sloc + ("when",), script.when)
            self.title(sloc, script.title)
            self.body(sloc + ("content",), script.text, script.body)
        for p, block in enumerate(section.plan):
            ploc = loc + ("plan", p)
            self.condition(ploc + ("when",), block.when)
            self.title(ploc, block.title)
            for t, task in enumerate(block.tasks):
                self.template(ploc + ("tasks", t), task)
        for a, assessment in enumerate(section.assessments):
            self.assessment(loc + ("assessments", a), assessment)

    def assessment(self, loc: tuple[Any, ...], spec: AssessmentSpec) -> None:
        self.condition(loc + ("when",), spec.when)
        self.title(loc, spec.title)
        local = {"value": 0, "threshold": 0}
        seen: set[str] = set()
        for t, test in enumerate(spec.tests):
            tloc = loc + ("tests", t)
            if test.id in seen:
                self.errors.append(PlaybookError("duplicate test id", self.at(tloc + ("id",)), got=test.id))
            seen.add(test.id)
            if test.group not in spec.groups:
                hint = did_you_mean(test.group, sorted(spec.groups))
                self.errors.append(PlaybookError(f"group: not one of this assessment's groups{hint}",
                                                 self.at(tloc + ("group",)), got=test.group))
            self.template(tloc + ("label",), test.label, names=local)
            self.expression(tloc + ("value",), test.value)
            self.condition(tloc + ("met",), test.met, local)
            if test.shown is not None:
                self.template(tloc + ("shown",), test.shown, names=local)
        results = {"met": {t.id: True for t in spec.tests}, "count": dict.fromkeys(spec.groups, 0)}
        results["missed"] = results["count"]
        for o, outcome in enumerate(spec.outcomes):
            self.condition(loc + ("outcomes", o, "when"), outcome.when, results)
            self.title(loc + ("outcomes", o), outcome.title)
            self.template(loc + ("outcomes", o, "text"), outcome.text)

    def _try(self, action: Any) -> None:
        try:
            action()
        except PlaybookError as exc:
            self.errors.append(exc)


def load_modules(content_dir: Path, event_ids: list[str]) -> list[Module]:
    """Every module under content/ (a folder with a module.yaml), in their `order`."""
    if not content_dir.is_dir():
        raise PlaybookError("content folder not found", Location(str(content_dir)), got=str(content_dir))
    modules: list[Module] = []
    errors: list[PlaybookError] = []
    for folder in sorted(p.parent for p in content_dir.glob("*/module.yaml")):
        try:
            modules.append(load_module(folder, event_ids))
        except PlaybookError as exc:
            errors.extend(getattr(exc, "errors", [exc]))
    raise_all(errors)
    _check_unique_ids(modules)
    return sorted(modules, key=lambda m: (m.spec.order, m.id))


def _check_unique_ids(modules: list[Module]) -> None:
    """Ids of items, scripts, sections and plan blocks must be unique across all modules."""
    seen: dict[str, Location] = {}
    errors: list[PlaybookError] = []
    for module in modules:
        file = str(module.folder / "module.yaml")
        for kind, obj_id, loc in _ids(module.spec):
            key = f"{kind}:{obj_id}"
            where = position(module.data, loc + ("id",), file)
            if key in seen:
                errors.append(PlaybookError(f"duplicate {kind} id, first used at {seen[key]}", where, got=obj_id))
            else:
                seen[key] = where
    raise_all(errors)


def _ids(spec: ModuleSpec) -> list[tuple[str, str, tuple[Any, ...]]]:
    """(kind, id, location) of everything that carries an id."""
    ids: list[tuple[str, str, tuple[Any, ...]]] = [("module", spec.id, ())]
    for s, section in enumerate(spec.sections):
        at = ("sections", s)
        ids.append(("section", section.id, at))
        for c, checklist in enumerate(section.checklists):
            ids.append(("checklist", checklist.id, at + ("checklists", c)))
            ids += [("item", i.id, at + ("checklists", c, "items", n)) for n, i in enumerate(checklist.items)]
        ids += [("script", x.id, at + ("scripts", n)) for n, x in enumerate(section.scripts)]
        ids += [("plan", p.id, at + ("plan", n)) for n, p in enumerate(section.plan)]
        ids += [("assessment", a.id, at + ("assessments", n)) for n, a in enumerate(section.assessments)]
    return ids
