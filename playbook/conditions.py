"""`when:` conditions and content templates, compiled once in a sandbox and checked at load time."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, meta, nodes
from jinja2 import Template as JinjaTemplate
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import Location, PlaybookError
from .facts import Blank, facts, probe_profile
from .render.text import COMPILED, plural
from .specialties import label
from .yamlfile import did_you_mean

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def escape_markdown(value: str) -> str:
    """Make profile text inert in Markdown and in the HTML Markdown becomes."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(value, quote=True))


def fill_in(label: str) -> str:
    """Markup for a blank the reader completes by hand (a line on paper, a box on screen)."""
    return f'<span class="fill-in">{html.escape(label)}</span>'


def _finalize(value: Any) -> str:
    if isinstance(value, Blank):
        return fill_in(str(value))
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_finalize(v) for v in value)
    return escape_markdown(str(value))


def _plain(value: Any) -> str:
    """Finalize for titles: plain text, a blank as its label in brackets."""
    if isinstance(value, Blank):
        return f"[{value}]"
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value)
    return str(value)


def _blank(label: str) -> Blank:
    return Blank(label)


def _plural(count: Any, singular: str, many: str | None = None) -> Any:
    """`{{ interviews | plural("interview") }}`: '1 interview', '3 interviews'; a blank stays a blank."""
    if isinstance(count, Blank):
        return Blank(f"number of {many or singular + 's'}")
    return plural(count, singular, many)


@lru_cache(maxsize=2)
def environment(plain: bool = False) -> ImmutableSandboxedEnvironment:
    """The sandbox content renders in: Markdown with profile values escaped, or (`plain`) plain text for titles."""
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined, finalize=_plain if plain else _finalize, autoescape=False,
        keep_trailing_newline=True,
    )
    env.globals.update(blank=_blank)
    env.filters.update(specialty=label, plural=_plural)
    return env


@lru_cache(maxsize=1)
def known_facts() -> dict[str, Any]:
    return facts(probe_profile())


class Expression:
    """A compiled expression that gives a value, such as an assessment test's `value:`.

    `checked=True` is for source already checked when the content was loaded (the content cache):
    the checks are skipped and the expression is compiled when first used.
    """

    def __init__(self, source: str, where: Location, names: dict[str, Any] | None = None, *, checked: bool = False):
        self.source = source
        self.where = where
        self._compiled: Callable[..., Any] | None = None
        if not checked:
            try:
                ast = environment().parse("{{ (" + source + ") }}")
            except TemplateSyntaxError as exc:
                raise PlaybookError(f"condition does not compile: {exc.message}", where, got=source) from None
            _check_names(ast, where, source, names)
            self._compiled = _compile_expression(source)

    def __call__(self, context: dict[str, Any]) -> Any:
        if self._compiled is None:
            self._compiled = _compile_expression(self.source)
        try:
            return self._compiled(**context)
        except (UndefinedError, SecurityError, TypeError) as exc:
            raise PlaybookError(f"condition failed: {exc}", self.where, got=self.source) from None


@lru_cache(maxsize=4096)
def _compile_expression(source: str) -> Callable[..., Any]:
    """Compiled once per process for each distinct source (many items share a condition)."""
    return environment().compile_expression(source, undefined_to_none=False)


class Condition(Expression):
    """A compiled `when:` expression: true or false for a profile."""

    def __call__(self, context: dict[str, Any]) -> bool:
        return bool(super().__call__(context))


class Template:
    """A content template (Markdown with profile placeholders); a `plain` one (a title) gives plain text.

    Titles are shown as text by some renderers and as Markdown by others, so a value put into one
    must read the same in both: titles may only use values that cannot carry markup (see modules.py).
    Text without any Jinja delimiter renders as itself and is never compiled; `checked=True` (see
    Expression) compiles the others when first rendered.
    """

    def __init__(self, source: str, where: Location, names: dict[str, Any] | None = None, *,
                 plain: bool = False, checked: bool = False):
        self.source = source
        self.where = where
        self.plain = plain
        self._template: JinjaTemplate | None = None
        self._literal = is_plain(source)
        if checked or self._literal:
            return
        env = environment(plain)
        try:
            ast = env.parse(source)
        except TemplateSyntaxError as exc:
            at = Location(where.file, where.line + (exc.lineno or 1) - 1, where.col)
            raise PlaybookError(f"template does not compile: {exc.message}", at) from None
        _check_names(ast, where, source, names)
        self._template = env.from_string(ast)

    def render(self, context: dict[str, Any]) -> str:
        if self._literal:
            return self.source
        if self._template is None:
            self._template = _compiled(environment(self.plain), self.source)
        try:
            return self._template.render(**context)
        except (UndefinedError, SecurityError, TypeError) as exc:
            raise PlaybookError(f"template failed: {exc}", self.where) from None


def _compiled(env: ImmutableSandboxedEnvironment, source: str) -> JinjaTemplate:
    """A content template compiled once per machine: its code is kept with the page templates' (text.COMPILED),
    keyed by a hash of its text, so a build with the content cache warm compiles nothing."""
    name = "content-" + hashlib.sha256(source.encode("utf-8")).hexdigest()
    bucket = COMPILED.get_bucket(env, name, None, source)
    if bucket.code is None:
        bucket.code = env.compile(source, name)
        COMPILED.set_bucket(bucket)
    return env.template_class.from_code(env, bucket.code, env.make_globals(None))


def is_plain(source: str) -> bool:
    """True when Jinja would print the text unchanged: no delimiter, and no carriage return to normalise."""
    return "{" not in source and "\r" not in source


def _check_names(ast: nodes.Template, where: Location, source: str, names: dict[str, Any] | None) -> None:
    """Every name must be a profile fact, a global, or one of `names` (sample values of local names)."""
    known = {**known_facts(), **(names or {})}
    allowed = set(known) | set(environment().globals)
    for name in sorted(meta.find_undeclared_variables(ast)):
        if name not in allowed:
            hint = did_you_mean(name, sorted(allowed))
            raise PlaybookError(f"unknown profile field '{name}'{hint}", where, got=source.strip())
    for node in ast.find_all(nodes.Getattr):
        chain = _attr_chain(node)
        if chain and chain[0] in known:
            _check_chain(chain, known, where, source)


def _attr_chain(node: nodes.Getattr) -> list[str] | None:
    parts: list[str] = [node.attr]
    base: nodes.Node = node.node
    while isinstance(base, nodes.Getattr):
        parts.append(base.attr)
        base = base.node
    if isinstance(base, nodes.Name):
        return [base.name, *reversed(parts)]
    return None


def _check_chain(chain: list[str], known: dict[str, Any], where: Location, source: str) -> None:
    value: Any = known
    for depth, part in enumerate(chain):
        if not isinstance(value, dict):
            return
        if part not in value:
            dotted = ".".join(chain[: depth + 1])
            hint = did_you_mean(part, sorted(value))
            raise PlaybookError(f"unknown profile field '{dotted}'{hint}", where, got=source.strip())
        value = value[part]
