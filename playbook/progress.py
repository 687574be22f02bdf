"""How `playbook batch` reports: a progress bar on a terminal, one plain line per profile in CI or a log."""

from __future__ import annotations

import os
import sys

import click

from .batch import BatchOptions, BatchResult, Outcome, chosen_profiles, run_batch


def interactive() -> bool:
    """A person watching a terminal, not CI and not a log file."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def run_with_progress(options: BatchOptions) -> BatchResult:
    if not interactive():
        return _run_plain(options)
    total = len(chosen_profiles(options)[1])
    with click.progressbar(length=total, label="Building", file=sys.stderr, show_pos=True) as bar:
        result = run_batch(options, lambda outcome: bar.update(1))
    for outcome in result.outcomes:
        _warn(outcome)
    for outcome in result.failed:
        click.echo(outcome.error, err=True)
    return result


def _warn(outcome: Outcome) -> None:
    for warning in outcome.warnings:
        click.echo(warning, err=True)


def _run_plain(options: BatchOptions) -> BatchResult:
    total = len(chosen_profiles(options)[1])
    told: list[Outcome] = []

    def line(outcome: Outcome) -> None:
        told.append(outcome)
        _warn(outcome)
        if outcome.error:
            click.echo(outcome.error, err=True)
        else:
            click.echo(f"[{len(told)}/{total}] {outcome.profile} → {outcome.slug}/")

    result = run_batch(options, line)
    for outcome in result.failed:  # errors found after the builds, such as two profiles sharing a slug
        if outcome not in told:
            click.echo(outcome.error, err=True)
    return result
