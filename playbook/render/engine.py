"""The site engines that build the generated project: MkDocs with Material (the default) or Zensical.

Material for MkDocs is in maintenance and announces its end of life for May 2027; Zensical, by the same
team, builds the same mkdocs.yml. The generated project stays one file set that both engines build,
so switching engines is one option. Zensical skips settings it does not know without a word: before
it builds, every setting it would ignore is found here and refused, so a site never loses a feature
in silence.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .. import DISTRIBUTION
from ..errors import PlaybookError

ENGINES = ("mkdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"
INSTALL_ZENSICAL = f"pip install '{DISTRIBUTION}[zensical]' (in a checkout: .venv/bin/pip install -e '.[zensical]')"

# The top-level settings Zensical reads from an mkdocs.yml (zensical/config.py, _apply_defaults):
# anything else in the generated project would be dropped by it.
ZENSICAL_SETTINGS = frozenset({
    "site_name", "site_url", "site_description", "site_author", "site_dir", "docs_dir", "use_directory_urls",
    "copyright", "repo_url", "repo_name", "edit_uri", "theme", "plugins", "markdown_extensions", "extra",
    "extra_css", "extra_javascript", "extra_templates", "nav", "strict", "dev_addr", "watch",
})
# Its routine lines; anything else it prints is passed on as a warning.
_ROUTINE = ("Build started", "No issues found", "Build finished")


def check_engine(engine: str) -> None:
    """Refuse an engine that is unknown or not installed, before any work is done."""
    if engine not in ENGINES:
        raise PlaybookError(f"unknown site engine (choose {' or '.join(ENGINES)})", got=engine)
    if engine == "zensical" and importlib.util.find_spec("zensical") is None:
        raise PlaybookError(f"--engine zensical needs Zensical, which is not installed: {INSTALL_ZENSICAL}")


def ignored_by_zensical(config: Mapping[str, Any]) -> list[str]:
    """Every setting of a generated mkdocs.yml that Zensical would skip in silence, said plainly."""
    found = [f"setting {key!r}" for key in config if key not in ZENSICAL_SETTINGS]
    supported = _zensical_plugins()
    for name, options in _plugins(config.get("plugins")):
        canonical = name.removeprefix("material/").split("/", 1)[0]
        if canonical not in supported:
            found.append(f"plugin {name!r}")
            continue
        found += [f"option {option!r} of plugin {name!r}" for option in options if option in supported[canonical]]
    return found


def _plugins(value: Any) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(name, options) of each plugin, whether the setting is a list of names and one-entry mappings or a mapping."""
    entries = list(value.items()) if isinstance(value, Mapping) else []
    for item in value if isinstance(value, list) else []:
        entries += [(item, {})] if isinstance(item, str) else list(item.items())
    for name, options in entries:
        yield str(name), options or {}


def _zensical_plugins() -> Mapping[str, tuple[str, ...]]:
    """The MkDocs plugins Zensical implements, each with the options it accepts but ignores, as the installed
    Zensical declares them; search and offline (all the generated project uses) if it no longer says."""
    from zensical import config

    return getattr(config, "_PLUGIN_UNSUPPORTED_OPTIONS", {"search": (), "offline": ()})


def build_with_zensical(project: Path, site_dir: Path, config: Mapping[str, Any]) -> None:
    """Build `project` with Zensical into `site_dir`, in a process of its own (its runtime keeps threads).

    Zensical builds only inside the project folder, into project/site, and keeps a cache beside it:
    the site is moved to `site_dir` and the cache removed, so the project folder is as it was.
    """
    ignored = ignored_by_zensical(config)
    if ignored:
        raise PlaybookError(f"Zensical would ignore {', '.join(ignored)} of {project / 'mkdocs.yml'}; "
                            "build with --engine mkdocs")
    command = [sys.executable, "-m", "zensical", "build", "--config-file", str(project / "mkdocs.yml")]
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    output = [line.strip() for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    shutil.rmtree(project / ".cache", ignore_errors=True)
    if done.returncode != 0:
        raise PlaybookError("Zensical could not build the site: " + " / ".join(output[-8:] or ["no output"]))
    for line in output:
        if not line.startswith(_ROUTINE):
            print(f"zensical: {line}", file=sys.stderr)
    built = project / "site"
    if site_dir.exists():
        shutil.rmtree(site_dir)
    built.replace(site_dir)
