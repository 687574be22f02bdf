"""Fuzzing in the suite: a bounded number of hostile cases of each input, every one ok or a located error.

`bench/fuzz.py` runs the same cases for minutes and prints the counts by outcome.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from tests import fuzzing

FAST = settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))


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
