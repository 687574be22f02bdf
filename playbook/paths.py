"""Where the shipped content and templates live, in a source checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped(name: str) -> Path:
    """`content` or `site_templates`: inside the wheel, else beside the package in the checkout."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"playbook installation is missing its {name}/ folder")


def content_dir() -> Path:
    return shipped("content")


def templates_dir() -> Path:
    return shipped("site_templates")
