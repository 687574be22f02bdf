"""Assessments: a module's tests evaluated against the profile, and the suggestion they lead to.

A public build shows the same table as a worksheet: no values, no verdicts, every suggestion
with its rule, so nothing private can be read from it.
"""

from __future__ import annotations

from typing import Any

from . import model
from .conditions import escape_markdown, fill_in
from .modules import AssessmentSpec, Module


def assess(
    module: Module, loc: tuple, spec: AssessmentSpec, cond: dict[str, Any], text: dict[str, Any], *, public: bool
) -> model.Assessment:
    checks = tuple(_check(module, loc + ("tests", t), test, cond, text, public) for t, test in enumerate(spec.tests))
    outcomes = tuple(
        model.Outcome(
            o.id, module.title(loc + ("outcomes", i), text), o.rule,
            module.render(loc + ("outcomes", i, "text"), text).strip(),
        )
        for i, o in enumerate(spec.outcomes)
    )
    result = None if public else _result(module, loc, spec, checks, cond, outcomes)
    return model.Assessment(
        id=spec.id,
        title=module.title(loc, text),
        module=module.id,
        groups=tuple(spec.groups.items()),
        checks=checks,
        outcomes=outcomes,
        result=result,
        source=spec.source,
    )


def _check(module: Module, loc: tuple, test: Any, cond: dict, text: dict, public: bool) -> model.Check:
    value = module.conditions[loc + ("value",)](cond)
    local = {"value": value, "threshold": test.threshold}
    label = module.render(loc + ("label",), {**text, **local}).strip()
    if public:
        return model.Check(test.id, test.group, label, fill_in("your value"), None)
    met = None if value is None else module.conditions[loc + ("met",)]({**cond, **local})
    return model.Check(test.id, test.group, label, _shown(module, loc, test, {**text, **local}), met)


def _shown(module: Module, loc: tuple, test: Any, context: dict[str, Any]) -> str:
    if context["value"] is None:
        return "not in your profile"
    if test.shown is not None:
        return module.render(loc + ("shown",), context).strip()
    return escape_markdown(str(context["value"]))


def _result(
    module: Module, loc: tuple, spec: AssessmentSpec, checks: tuple[model.Check, ...], cond: dict, outcomes: tuple
) -> model.Outcome | None:
    """The first outcome whose condition holds; a test without a value counts as neither met nor missed.

    `met.<test>` is none for such a test, so `met.x is false` asks "known to fail" and `not met.x` "not known to hold".
    """
    results = {
        "met": {c.id: c.met for c in checks},
        "count": {g: sum(1 for c in checks if c.group == g and c.met is True) for g in spec.groups},
        "missed": {g: sum(1 for c in checks if c.group == g and c.met is False) for g in spec.groups},
    }
    for i, outcome in enumerate(outcomes):
        if module.conditions[loc + ("outcomes", i, "when")]({**cond, **results}):
            return outcome
    return None
