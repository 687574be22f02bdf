"""Monday's list written three ways: lines for the terminal, a CSV, and a Markdown and an HTML page."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..conditions import escape_markdown
from ..output import MARKER, publish, staging
from ..paths import templates_dir
from ..render.text import plural
from ..specialties import label
from .monday import MondayList, Reading
from .programs import POSITION_LABELS
from .tiers import TIER_LABELS, Assessment

COLUMNS = ("rank", "tier", "program", "nrmp_code", "specialty", "position", "state", "group", "statement",
           "letters", "why", "researched", "notes")
FILES = ("soap-list.csv", "soap-list.md", "soap-list.html")


def row(a: Assessment, rank: int | None = None, letters: tuple[str, ...] = ()) -> dict[str, str]:
    """One program as the plain strings every output shows."""
    p = a.program
    tier = TIER_LABELS[a.tier] if not a.excluded else f"excluded: {a.why[0]}"
    return {
        "rank": str(rank or ""), "tier": tier, "program": p.name, "nrmp_code": p.code,
        "specialty": p.specialty_label, "position": POSITION_LABELS.get(p.position, p.position), "state": p.state,
        "group": a.group.label if a.group else "", "statement": a.statement, "letters": "; ".join(letters),
        "why": "; ".join(a.why), "researched": "yes" if p.researched else "no", "notes": p.notes,
    }


def rows(result: MondayList) -> list[dict[str, str]]:
    applied = [row(x.assessment, x.rank, x.letters) for x in result.applications]
    return applied + [row(a) for a in result.excluded]


def to_csv(result: MondayList) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _inert(v) for k, v in r.items()} for r in rows(result))
    return out.getvalue()


def _inert(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula (a name from the list could start with '=')."""
    return "'" + cell if cell[:1] in ("=", "+", "@", "\t", "\r") else cell


def summary(result: MondayList) -> list[str]:
    """The closing lines: the split, what was left out and why, and what each file gave."""
    p = result.portfolio
    lines = [f"{len(result.applications)} of {result.strategy.cap} applications, plan '{p.plan.title}': " + ", ".join(
        f"{result.group_labels[g]} {len(chosen)} of {p.available[g]} that fit" for g, chosen in p.chosen.items()
        if p.available[g])]
    if result.not_sent:
        fit = "fits your groups but lies" if result.not_sent == 1 else "fit your groups but lie"
        lines.append(f"{plural(result.not_sent, 'more program')} {fit} beyond the cap or the plan's shares.")
    if result.excluded:
        lines.append(f"{len(result.excluded)} excluded (reasons in soap-list.md).")
    lines.append(f"{plural(result.outside, 'program')} on the list {'is' if result.outside == 1 else 'are'} outside "
                 "your plan (other specialties or positions).")
    lines += _advanced_note(result)
    lines.append(_reading_line("The list", result.listed))
    if result.sheet:
        on_it = f"; {result.on_sheet} of the listed programs are on it."
        lines.append(_reading_line("Your sheet", result.sheet) + on_it)
    else:
        lines.append("No program sheet: every program is placed by what the list says and marked not researched.")
    return lines


def _advanced_note(result: MondayList) -> list[str]:
    advanced = sum(1 for x in result.applications if x.assessment.program.position == "advanced")
    if not advanced or result.portfolio.plan.id == "complete":
        return []
    pgy1 = sum(1 for x in result.applications if x.assessment.program.position in ("preliminary", "transitional"))
    return [f"{advanced} advanced PGY-2 applications need a PGY-1 year; {pgy1} preliminary or transitional "
            "applications are on your list to pair with them."]


def _reading_line(what: str, reading: Reading) -> str:
    return (f"{what}: {plural(reading.read, 'program')} read from {reading.file}, "
            f"{plural(reading.skipped, 'row')} skipped")


def terminal(result: MondayList) -> str:
    lines = [f"SOAP applications for {_who(result)}, best first:"]
    width = len(str(len(result.applications)))
    for x in result.applications:
        r = row(x.assessment, x.rank, x.letters)
        where = f" · {r['state']}" if r["state"] else ""
        lines.append(f"{x.rank:>{width}}. {r['tier']:<8} {r['program']} · {r['specialty']}, {r['position']}{where}")
        pad = " " * (width + 11)
        lines.append(f"{pad}why: {r['why']}")
        lines.append(f"{pad}statement: {r['statement']} · letters: {r['letters'] or 'none in your profile'}")
    if result.excluded:
        lines.append("")
        lines.append("Excluded:")
        lines += [f"  {a.program.name} ({a.program.specialty_label}): {a.why[0]}" for a in result.excluded[:15]]
        if len(result.excluded) > 15:
            lines.append(f"  … and {len(result.excluded) - 15} more in soap-list.md")
    return "\n".join(lines + [""] + summary(result)) + "\n"


def _who(result: MondayList) -> str:
    profile = result.profile
    if profile.name and profile.visibility != "public":
        return profile.name
    return " / ".join(label(s) for s in profile.specialties.targets) + " applicant"


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(templates_dir() / "planner"), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html.j2"]), trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["md"] = lambda value: escape_markdown(str(value))
    return env


def pages(result: MondayList, today: dt.date) -> dict[str, str]:
    env = _environment()
    context = {"who": _who(result), "result": result, "rows": rows(result), "summary": summary(result),
               "plan": result.portfolio.plan, "today": today, "applied": len(result.applications)}
    return {
        "soap-list.csv": to_csv(result),
        "soap-list.md": env.get_template("soap-list.md.j2").render(**context),
        "soap-list.html": env.get_template("soap-list.html.j2").render(**context),
    }


def write(result: MondayList, out: Path, today: dt.date) -> list[Path]:
    """Write the three files into `out`, replacing it only once all are written."""
    files = pages(result, today)
    with staging(out) as stage:
        folder = stage / "out"
        folder.mkdir()
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        (folder / MARKER).write_text("written by playbook soap; safe to replace\n", encoding="utf-8")
        publish(folder, out)
    return [out / name for name in files]
