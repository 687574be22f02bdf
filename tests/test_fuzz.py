"""Fuzzing in the suite: a bounded number of hostile cases of each input, every one ok or a located error.

The default run draws the same 40 cases each time (derandomized: a red run is a regression, never bad luck);
PLAYBOOK_FULL_MATRIX=1 draws 400 fresh ones, and `bench/fuzz.py` runs the same cases for minutes and prints
the counts by outcome.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from tests import fuzzing
from tests.system import FULL_MATRIX

FAST = settings(max_examples=400 if FULL_MATRIX else 40, derandomize=not FULL_MATRIX, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))


def _accepted(result: fuzzing.Result) -> None:
    assert result.outcome in ("ok", "located"), (result.outcome, result.lines)


@FAST
@given(case=fuzzing.profile_case())
def test_hostile_profiles_are_accepted_or_refused_with_a_position(case):
    data, public = case
    with tempfile.TemporaryDirectory() as folder:
        _accepted(fuzzing.run_profile(Path(folder), data, public))


@FAST
@given(case=fuzzing.sheet_case())
def test_hostile_program_sheets_are_read_or_refused_with_a_position(case):
    name, data = case
    with tempfile.TemporaryDirectory() as folder:
        _accepted(fuzzing.run_sheet(Path(folder), name, data))


@FAST
@given(data=fuzzing.unfilled_case())
def test_hostile_lists_of_unfilled_programs_are_read_or_refused_with_a_position(data):
    with tempfile.TemporaryDirectory() as folder:
        _accepted(fuzzing.run_unfilled(Path(folder), data))
