"""Public builds: which profile values count as personal, and the check before a public build.

A public build (a profile with `visibility: public`, or `--public`) leaves every private value out
of every output. A profile that still holds personal values (a name, contact data, a medical school,
scores, letter writers, last cycle's numbers) is refused for a public build unless the user says
`--include-private`: then it builds, and those values are still left out.
"""

from __future__ import annotations

from typing import Any

from .errors import PlaybookError
from .profile import Profile, private_paths
from .yamlfile import Source


def is_public(profile: Profile, public: bool | None) -> bool:
    """`--public`/`--private` when given, else the profile's own visibility."""
    return profile.visibility == "public" if public is None else public


def personal_keys(data: Any) -> list[tuple[Any, ...]]:
    """Where a parsed profile file writes a personal value, as key paths (list positions included).

    Only what the file says counts: a default the schema fills in is nobody's personal data.
    """
    found: list[tuple[Any, ...]] = []
    for dotted in ["name", *private_paths(personal=True)]:
        found.extend(_written(data, tuple(dotted.split("."))))
    return found


def _written(data: Any, path: tuple[Any, ...], at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, list):
        return [loc for i, entry in enumerate(data) for loc in _written(entry, path, at + (i,))]
    if not path:
        return [at] if data is not None else []
    if not isinstance(data, dict) or path[0] not in data:
        return []
    return _written(data[path[0]], path[1:], at + (path[0],))


def check_public(source: Source) -> None:
    """Refuse a public build of a profile file holding personal values, naming the first one in the file.

    `source` is the profile file as it was parsed when the profile loaded (the file is not read again).
    """
    keys = personal_keys(source.data)
    if not keys:
        return
    placed = [(source.at(key, key=True), key) for key in keys]
    where, key = min(placed, key=lambda p: (p[0].line, p[0].col))
    raise PlaybookError(
        f"{_dotted(key)}: this profile holds personal values and the build is public; remove them (a guide has "
        "no name and no scores), build with --private, or pass --include-private to build it anyway "
        "(they stay out of every output)",
        where,
    )


def _dotted(key: tuple[Any, ...]) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else p for p in key).replace(".[", "[")
