"""The content modules load, their ids are unique and stable in form, and every example profile fills them."""

from __future__ import annotations

import collections
import dataclasses
import functools
import re
import shutil
from pathlib import Path

import pytest

from playbook.build import Inputs, load_inputs, make_playbook
from playbook.errors import PlaybookError
from playbook.facts import facts
from playbook.modules import PHASES, Module, _ids, load_module, parse_due
from playbook.profile import Profile, load_profile
from tests.conftest import EXAMPLES, ROOT, TODAY

PREFIX = {"core": "core-", "pediatrics": "peds-", "medical-genetics": "gen-", "pmr": "pmr-", "reapplicant": "reapp-"}
LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}|Undefined")


@functools.lru_cache(maxsize=1)
def shared_inputs() -> Inputs:
    """Content and calendar loaded once (compiling every template takes a while); profiles are swapped in."""
    return load_inputs(EXAMPLES[0])


def inputs_for(profile: Profile | Path) -> Inputs:
    return dataclasses.replace(shared_inputs(), profile=load_profile(profile) if isinstance(profile, Path) else profile)


@pytest.fixture(scope="module")
def modules() -> dict[str, Module]:
    return {m.id: m for m in shared_inputs().modules}


@pytest.fixture(scope="module", params=[False, True], ids=["private", "public"])
def playbooks(request):
    return {p.stem: make_playbook(inputs_for(p), today=TODAY, public=request.param) for p in EXAMPLES}


def test_the_five_modules_are_there(modules):
    assert sorted(modules) == sorted(PREFIX)


def test_ids_are_unique_across_all_modules(modules):
    seen = collections.Counter(key for m in modules.values() for key in _ids(m.spec))
    assert [key for key, n in seen.items() if n > 1] == []


def test_item_script_and_plan_ids_carry_their_module_prefix(modules):
    wrong = []
    for module in modules.values():
        for section in module.spec.sections:
            ids = [i.id for c in section.checklists for i in c.items]
            ids += [s.id for s in section.scripts] + [p.id for p in section.plan] + [a.id for a in section.assessments]
            wrong += [i for i in ids if not i.startswith(PREFIX[module.id])]
    assert wrong == []


def test_every_condition_compiles_and_runs_for_every_example(modules):
    for profile in EXAMPLES:
        context = facts(load_profile(profile))
        for module in modules.values():
            for path, condition in module.conditions.items():
                if path[-1] in ("when", "applies_when") and "outcomes" not in path:
                    assert condition(context) in (True, False), (module.id, path)


def test_match_week_items_are_dated(modules):
    undated = [
        i.id
        for m in modules.values()
        for s in m.spec.sections
        for c in s.checklists
        for i in c.items
        if i.phase == "match_week" and i.due is None
    ]
    assert undated == []


def test_every_phase_has_items_in_some_module(modules):
    phases = {i.phase for m in modules.values() for s in m.spec.sections for c in s.checklists for i in c.items}
    assert phases == set(PHASES)


def test_every_text_renders_without_placeholders_for_every_example(playbooks):
    for stem, playbook in playbooks.items():
        texts = [s.text for s in playbook.scripts()] + [i.text for i in playbook.items()]
        texts += [s.text for s in playbook.sections()] + [t for b in playbook.plan() for t in b.tasks]
        texts += [m.why for m in playbook.modules]
        texts += [c.label + c.value for a in playbook.assessments() for c in a.checks]
        texts += [o.text for a in playbook.assessments() for o in a.outcomes]
        assert all(texts), stem
        leftovers = [t for t in texts if LEFTOVER.search(t)]
        assert leftovers == [], stem


def test_scripts_use_the_profile_and_leave_program_blanks(playbooks):
    for stem, playbook in playbooks.items():
        intro = next(s for s in playbook.scripts() if s.id == "core-soap-introduction")
        assert 'class="fill-in">program name<' in intro.text, stem
        if not playbook.public:
            assert playbook.applicant.display_name in intro.text, stem
        else:
            assert 'class="fill-in">your name<' in intro.text, stem


def test_public_build_shows_the_readiness_table_as_a_worksheet(playbooks):
    omar = playbooks["omar-haddad"]
    (readiness,) = omar.assessments()
    if omar.public:
        assert readiness.result is None
        assert {c.met for c in readiness.checks} == {None}
        assert all('class="fill-in">your value<' in c.value for c in readiness.checks)
    else:
        assert readiness.result is not None
        assert None not in {c.met for c in readiness.checks}


def test_due_rules_read_with_counts_that_agree():
    assert parse_due("1 weeks after soap_end").text == "1 week after soap_end"
    assert parse_due("1 days before match_week_monday at 10:15").text == "1 day before match_week_monday at 10:15"
    assert parse_due("3 weeks after soap_end").offset_days == 21
    assert parse_due("match_day").text == "match_day"


def test_a_title_is_a_template_and_may_show_only_values_without_markup(tmp_path: Path):
    folder = tmp_path / "core"
    shutil.copytree(ROOT / "content" / "core", folder)
    module = folder / "module.yaml"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("title: What SOAP is\n", "title: What SOAP is for {{ name }}\n", 1), "utf-8")
    with pytest.raises(PlaybookError) as caught:
        load_module(folder, shared_inputs().calendar.event_ids)
    line = next(n for n, row in enumerate(module.read_text("utf-8").splitlines(), 1) if "What SOAP is for" in row)
    assert caught.value.line() == (
        f"{module}:{line}:12: title: 'name' cannot be shown in a title (it may hold markup) "
        "(got 'What SOAP is for {{ name }}')"
    )
