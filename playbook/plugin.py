"""MkDocs plugin: runs the same generator inside `mkdocs build` / `mkdocs serve` at the repo root.

It only swaps in the generated pages and settings; the generated project builds without it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import build as pipeline
from .errors import Location, PlaybookError
from .profile import web_address
from .render import site

log = logging.getLogger("mkdocs.plugins.playbook")


class PlaybookConfig(Config):
    profile = opt.File(exists=True)
    content = opt.Optional(opt.Dir(exists=True))
    public = opt.Optional(opt.Type(bool))
    today = opt.Optional(opt.Type(str))
    include_private = opt.Type(bool, default=False)


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    def __init__(self) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._docs: Path | None = None
        self._sheet: Path | None = None

    def on_config(self, config: Any) -> Any:
        today = dt.date.fromisoformat(self.config.today) if self.config.today else dt.date.today()
        content = Path(self.config.content) if self.config.content else None
        profile = Path(self.config.profile)
        options = pipeline.BuildOptions(profile, today=today, public=self.config.public,
                                        include_private=self.config.include_private)
        try:
            inputs = pipeline.load_inputs(profile, content)
            playbook = pipeline.prepare(options, inputs)
        except PlaybookError as exc:
            raise PluginError(exc.line()) from None
        self._sheet = inputs.sheet
        for error in inputs.sheet_errors:
            log.warning("program sheet row skipped: %s", error.line())
        config.site_url = _checked_site_url(config) or inputs.profile.site_url
        self._tmp = tempfile.TemporaryDirectory(prefix="playbook-docs-")
        project = Path(self._tmp.name)
        generated = site.write_project(playbook, project, site_url=config.site_url)
        self._docs = project / "docs"
        _apply(config, generated)
        return config

    def on_files(self, files: Files, config: Any) -> Files:
        assert self._docs is not None
        docs_dir = str(Path(config.docs_dir).resolve())
        kept = [f for f in files if not str(Path(f.abs_src_path or "").resolve()).startswith(docs_dir)]
        made = [
            File(str(p.relative_to(self._docs)), str(self._docs), config.site_dir, config.use_directory_urls)
            for p in sorted(self._docs.rglob("*"))
            if p.is_file()
        ]
        return Files(kept + made)

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        server.watch(str(Path(self.config.profile).resolve()))
        if self._sheet is not None:
            server.watch(str(self._sheet.resolve()))
        return server

    def on_post_build(self, config: Any) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def _checked_site_url(config: Any) -> str | None:
    """The site_url of the root mkdocs.yml, checked as the profile's is: a refused one is a located error."""
    if not config.site_url:
        return None
    try:
        return web_address(config.site_url)
    except ValueError as exc:
        where = config.config_file_path or "mkdocs.yml"
        line, col = _key_position(Path(where), "site_url")
        raise PluginError(PlaybookError(f"site_url: {exc}", Location(where, line, col), got=config.site_url).line()) \
            from None


def _key_position(file: Path, key: str) -> tuple[int, int]:
    """Line and column of a top-level key's value in a YAML file (1:1 when it cannot be found)."""
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1, 1
    for number, text in enumerate(lines, 1):
        if match := re.match(rf"{key}\s*:\s*", text):
            return number, match.end() + 1
    return 1, 1


def _apply(config: Any, generated: dict[str, Any]) -> None:
    """Copy the generated project's settings onto the root config (theme, pages, extensions)."""
    config.site_name = generated["site_name"]
    config.nav = generated["nav"]
    config.use_directory_urls = generated["use_directory_urls"]  # the pages' own links are written for it
    for key, value in generated["theme"].items():
        if key != "name":
            config.theme[key] = value
    names, configs = [], {}
    for ext in generated["markdown_extensions"]:
        name, settings = next(iter(ext.items())) if isinstance(ext, dict) else (ext, {})
        names.append(name)
        if settings:
            configs[name] = settings
    config.markdown_extensions = list(dict.fromkeys(list(config.markdown_extensions) + names))
    config.mdx_configs.update(configs)
    config.extra_css = list(dict.fromkeys(list(config.extra_css) + generated["extra_css"]))
    for script in generated["extra_javascript"]:
        if script not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(script)
