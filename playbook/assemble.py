"""Profile × modules × calendar → one Playbook: select by conditions, date, fill."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from anyascii import anyascii

from . import model
from .assess import assess
from .calendar import ET_ZONE, LEVEL_WORDS, Calendar, Event, add_months, at_et, bridge_cycles, in_zone
from .conditions import escape_markdown
from .facts import VISA_LABELS, facts
from .modules import Module, SectionSpec
from .profile import Profile
from .render.text import long_date, plural, zone_city
from .specialties import label

STATUS_LABELS = {
    "applying": "Applying in the Main Match",
    "unmatched": "Unmatched in the Main Match",
    "partially_matched": "Partially matched",
    "soap_unmatched": "Through SOAP without an offer",
    "reapplicant": "Reapplying",
}


@dataclass(frozen=True)
class _Context:
    """What selecting and filling a module needs; bridge-year steps are dated by `bridge`."""

    cond: dict[str, Any]
    text: dict[str, Any]
    events: dict[str, Event]
    bridge: dict[str, Event]
    public: bool

    def events_for(self, phase: str) -> dict[str, Event]:
        return self.bridge if phase == "bridge_year" else self.events


def assemble(
    profile: Profile, modules: list[Module], calendar: Calendar, *, today: dt.date, public: bool
) -> model.Playbook:
    overrides = {
        event: fix.model_copy(update={"note": None}) if public else fix
        for event, fix in profile.calendar_overrides.items()
    }
    events = calendar.for_cycle(profile.cycle, overrides, zone=profile.timezone)
    clock = {"at": {eid: clock_label(e) for eid, e in events.items()}}
    ctx = _Context(
        facts(profile), {**facts(profile, redact=public), **clock}, events,
        bridge_events(profile, calendar, overrides), public,
    )
    ctx = _with_readiness(ctx, modules)
    views, skipped = [], []
    for module in modules:
        if module.applies(ctx.cond):
            views.append(_module_view(module, ctx))
        else:
            skipped.append((module.title((), ctx.text), module.id))
    bridge, extra = None, []
    if any(s.plan for v in views for s in v.sections):
        bridge, extra = _bridge(profile, calendar, overrides)
        views = [_lay_plan(v, bridge) for v in views]
    return model.Playbook(
        applicant=_applicant(profile, public),
        modules=tuple(views),
        skipped=tuple(skipped),
        events=tuple(sorted((_event(e, profile.cycle) for e in [*events.values(), *extra]), key=lambda e: e.order)),
        today=today,
        public=public,
        bridge=bridge,
    )


def clock_label(event: Event) -> str:
    """'Tue 16 Mar, 08:00 ET (Tue 17:30 Kolkata time)': when an event falls, in ET and on her clock.

    A date that is estimated or unconfirmed says so in the sentence too, as it does on the Timeline."""
    et, local = event.et, event.local
    if et is None or local is None:
        label = long_date(event.date)
    else:
        label = f"{et:%a} {et.day} {et:%b}, {et:%H:%M} ET"
        if str(local.tzinfo) != ET_ZONE:
            label += f" ({local:%a %H:%M} {zone_city(str(local.tzinfo))} time)"
    if event.verified in ("heuristic", "secondary"):
        label += f", {LEVEL_WORDS[event.verified]}"
    return label


def _with_readiness(ctx: _Context, modules: list[Module]) -> _Context:
    """Content may follow the readiness check's suggestion (`readiness`: its outcome id, or None).

    The check is evaluated first, so a plan further down can follow what it suggests; a public
    build shows the check as a worksheet, so there it stays None.
    """
    for module in (m for m in modules if m.applies(ctx.cond)):
        for loc, spec in _assessments(module, ctx.cond):
            outcome = assess(module, loc, spec, ctx.cond, ctx.text, public=ctx.public).result
            if outcome is not None:
                found = {"readiness": outcome.id}
                return replace(ctx, cond={**ctx.cond, **found}, text={**ctx.text, **found})
    return ctx


def _assessments(module: Module, cond: dict[str, Any]) -> Iterator[tuple[tuple, Any]]:
    """(location, spec) of each assessment of a module that applies."""
    for s, section in enumerate(module.spec.sections):
        if module.when(("sections", s), cond):
            for a, spec in enumerate(section.assessments):
                loc = ("sections", s, "assessments", a)
                if module.when(loc, cond):
                    yield loc, spec


def bridge_events(profile: Profile, calendar: Calendar, overrides: dict) -> dict[str, Event]:
    """Each event's next occurrence from the end of the SOAP that starts the bridge year on.

    Bridge-year steps are dated by these: "2 weeks after soap_end" is after that SOAP, and
    "eras_apply_opens" is the next ERAS season's first day.
    """
    last_year = profile.last_cycle.year if profile.last_cycle else None
    soap_cycle, next_cycle = bridge_cycles(profile.match_status, profile.cycle, last_year)
    this, following = (
        calendar.for_cycle(year, overrides if year == profile.cycle else None, zone=profile.timezone)
        for year in (soap_cycle, next_cycle)
    )
    end = this["soap_end"].date
    return {eid: event if event.date >= end else following[eid] for eid, event in this.items()}


def _module_view(module: Module, ctx: _Context) -> model.ModuleView:
    sections = tuple(
        _section(module, ("sections", s), spec, ctx)
        for s, spec in enumerate(module.spec.sections)
        if module.when(("sections", s), ctx.cond)
    )
    return model.ModuleView(module.id, module.title((), ctx.text), module.render(("why",), ctx.text), sections)


def _section(module: Module, loc: tuple, spec: SectionSpec, ctx: _Context) -> model.Section:
    cond, text = ctx.cond, ctx.text
    body = module.render(loc + ("content",), text) if (loc + ("content",)) in module.templates else ""
    checklists = []
    for c, cl in enumerate(spec.checklists):
        cloc = loc + ("checklists", c)
        if not module.when(cloc, cond):
            continue
        items = tuple(
            model.Item(
                id=item.id,
                text=module.render(cloc + ("items", i, "text"), text).strip(),
                phase=item.phase,
                module=module.id,
                section=spec.id,
                due=_due(module, cloc + ("items", i, "due"), ctx.events_for(item.phase)),
                source=item.source,
            )
            for i, item in enumerate(cl.items)
            if module.when(cloc + ("items", i), cond)
        )
        if items:
            checklists.append(model.Checklist(cl.id, module.title(cloc, text), items))
    scripts = tuple(
        model.Script(
            sc.id, module.title(loc + ("scripts", k), text), sc.kind,
            module.render(loc + ("scripts", k, "content"), text).strip(), module.id, spec.id,
        )
        for k, sc in enumerate(spec.scripts)
        if module.when(loc + ("scripts", k), cond)
    )
    plan = tuple(
        _plan_block(module, loc + ("plan", p), block, text)
        for p, block in enumerate(spec.plan)
        if module.when(loc + ("plan", p), cond)
    )
    assessments = tuple(
        assess(module, loc + ("assessments", a), block, cond, text, public=ctx.public)
        for a, block in enumerate(spec.assessments)
        if module.when(loc + ("assessments", a), cond)
    )
    return model.Section(
        spec.id, module.title(loc, text), module.id, body.strip(), tuple(checklists), scripts, plan, assessments
    )


def _due(module: Module, loc: tuple, events: dict) -> model.Due | None:
    rule = module.dues.get(loc)
    if rule is None:
        return None
    event = events[rule.event]
    when = rule.time or (event.time.strftime("%H:%M") if event.time and rule.offset_days == 0 else None)
    day = event.date + dt.timedelta(days=rule.offset_days)
    time = dt.time.fromisoformat(when) if when else None
    return model.Due(
        rule=rule.text,
        event=rule.event,
        event_title=event.title,
        date=day,
        time=time,
        verified=event.verified,
        et=at_et(day, time),
        local=in_zone(at_et(day, time), event.zone),
    )


def _plan_block(module: Module, loc: tuple, block: Any, text: dict) -> model.PlanBlock:
    """A plan block; its real dates are laid on by `_lay_plan` once the bridge year is known."""
    first, _, last = block.months.partition("-")
    return model.PlanBlock(
        id=block.id,
        title=module.title(loc, text),
        first_month=int(first),
        last_month=int(last or first),
        tasks=tuple(module.render(loc + ("tasks", t), text).strip() for t in range(len(block.tasks))),
        module=module.id,
    )


def _bridge(profile: Profile, calendar: Calendar, overrides: dict) -> tuple[model.Bridge, list[Event]]:
    """The bridge year, and the events of other cycles that mark it (its start, the next season)."""
    soap_cycle, next_cycle = bridge_cycles(
        profile.match_status, profile.cycle, profile.last_cycle.year if profile.last_cycle else None
    )
    before, after = (
        calendar.for_cycle(year, overrides if year == profile.cycle else None, zone=profile.timezone)
        for year in (soap_cycle, next_cycle)
    )
    start = before["soap_end"].date + dt.timedelta(days=1)
    bridge = model.Bridge(start, after["match_day"].date, soap_cycle, next_cycle)
    if soap_cycle != profile.cycle:
        return bridge, [before["soap_end"]]
    return bridge, [e for e in after.values() if bridge.start <= e.date <= bridge.end]


def _lay_plan(view: model.ModuleView, bridge: model.Bridge) -> model.ModuleView:
    """Month N of the plan is the Nth month after SOAP ends, cut at the next Match Day."""

    def block(b: model.PlanBlock) -> model.PlanBlock:
        start = add_months(bridge.start, b.first_month - 1)
        end = add_months(bridge.start, b.last_month) - dt.timedelta(days=1)
        return replace(b, start=min(start, bridge.end), end=min(end, bridge.end))

    sections = tuple(replace(s, plan=tuple(block(b) for b in s.plan)) for s in view.sections)
    return replace(view, sections=sections)


def _event(e: Event, cycle: int) -> model.Event:
    title = e.title if e.cycle == cycle else f"{e.title} ({e.cycle} Match)"
    return model.Event(e.id, title, e.date, e.time, e.verified, e.sources, e.cycle, e.et, e.local, e.duration)


def _applicant(profile: Profile, public: bool) -> model.Applicant:
    """Who the playbook is for; a public build shows a person's title, never her name or private facts."""
    name = profile.name if profile.name and not public else None
    title = name or profile.title or _persona(profile)
    shown = [
        model.Fact("Target specialties", ", ".join(label(s) for s in profile.specialties.targets)),
        model.Fact("Would also train in", ", ".join(label(s) for s in profile.specialties.alternatives) or "—"),
        model.Fact("Match cycle", str(profile.cycle)),
        model.Fact("Where you stand", STATUS_LABELS[profile.match_status]),
        model.Fact("Graduated", str(profile.graduation_year)),
        model.Fact("Home time zone", profile.timezone),
    ]
    if not public or profile.name is None:
        shown += _situation_facts(profile, scores=not public)
    slug_from = "slug" if profile.slug else "title" if profile.title else "name" if name else ""
    return model.Applicant(
        display_name=escape_markdown(title),
        plain_name=title,
        slug=profile.slug or slugify(profile.title or title),
        slug_from=slug_from,
        holds=_holds(profile) if not public else "",
        cycle=profile.cycle,
        timezone=profile.timezone,
        status=profile.match_status,
        targets=tuple(profile.specialties.targets),
        alternatives=tuple(profile.specialties.alternatives),
        facts=tuple(shown),
        guide=profile.name is None,
    )


def _holds(profile: Profile) -> str:
    """What the private site holds of the applicant's own data, in words, for the home page's warning."""
    exams = [getattr(profile.exams, k) for k in ("step1", "step2ck", "step3")]
    last = profile.last_cycle
    held = [what for what, present in (
        ("name", profile.name),
        ("contact data", any(profile.contact.model_dump().values())),
        ("medical school", profile.medical_school),
        ("exam scores", any(e.score for e in exams)),
        ("exam attempts", any(e.failures for e in exams)),
        ("visa details", profile.visa != "none"),
        ("letter writers", any(x.author for x in profile.letters)),
        ("last cycle's numbers", last and (last.applications, last.interviews, last.soap_applications) != (None,) * 3),
        ("notes on calendar corrections", any(o.note for o in profile.calendar_overrides.values())),
    ) if present]
    if not held:
        return "It holds none of your scores, visa details or contact data, but it is still built for you alone."
    listed = held[0] if len(held) == 1 else ", ".join(held[:-1]) + " and " + held[-1]
    return f"This site holds your {listed}. Share it only with people you trust."


def _situation_facts(profile: Profile, *, scores: bool) -> list[model.Fact]:
    exams = []
    for key, name in (("step1", "Step 1"), ("step2ck", "Step 2 CK"), ("step3", "Step 3")):
        exam = getattr(profile.exams, key)
        if exam.status != "not_taken":
            score = f" ({exam.score})" if exam.score and scores else ""
            tries = f", {plural(exam.attempts, 'attempt')}" if exam.attempts > 1 else ""
            exams.append(f"{name}: {exam.status}{score}{tries}")
    us = sum(1 for x in profile.letters if x.us_based)
    return [
        model.Fact("Visa", VISA_LABELS[profile.visa]),
        model.Fact("Exams", "; ".join(exams) or "none yet"),
        model.Fact("ECFMG certification", profile.ecfmg.replace("_", " ")),
        model.Fact("US clinical experience", plural(profile.usce_months, "month")),
    ] + ([model.Fact("Letters", f"{len(profile.letters)} ({us} from the US)")] if profile.letters else [])


def _persona(profile: Profile) -> str:
    who = {"non_us": "Non-US IMG", "us_img": "US IMG", "us_citizen": "US applicant"}[profile.citizenship]
    return f"{who}, {' / '.join(label(s) for s in profile.specialties.targets)}"


def slugify(text: str) -> str:
    """A safe, stable folder name from a name in any script: ASCII letters, digits and dashes.

    Letters and digits are transliterated (anyascii: 王小明 → wang-xiao-ming, Дмитрий → dmitriy);
    a syllable of a script without case (Chinese, Korean, Japanese) stands as its own word, and
    anything that is not a letter or a digit (emoji, punctuation) separates words.
    """
    words = []
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            words.append(char)
        elif unicodedata.category(char)[0] not in "LN":
            words.append(" ")
        else:
            plain = anyascii(char)
            uncased = char.lower() == char.upper()
            words.append(f" {plain} " if uncased and len(plain) > 1 else plain)
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(words).lower()).strip("-")
    if len(slug) > 60:
        slug = slug[:61].rsplit("-", 1)[0]
    return slug[:60].strip("-") or "playbook"
