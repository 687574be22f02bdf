"""Compiled templates are kept between builds (text.COMPILED), and never handed to a template they were not made for."""

from __future__ import annotations

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader

from playbook.conditions import Template, environment
from playbook.errors import Location
from playbook.render.text import COMPILED


def test_two_environments_reading_one_file_keep_their_own_escaping(tmp_path):
    """Two of our environments read one folder, one writing HTML: each gets its own compiled code."""
    (tmp_path / "page.j2").write_text("{{ name }}", encoding="utf-8")

    def render(html: bool) -> str:
        env = Environment(loader=FileSystemLoader(tmp_path), autoescape=html, bytecode_cache=COMPILED)
        return env.get_template("page.j2").render(name="<b>Amina</b>")

    assert render(True) == "&lt;b&gt;Amina&lt;/b&gt;"
    assert render(False) == "<b>Amina</b>"
    assert render(True) == "&lt;b&gt;Amina&lt;/b&gt;"


def test_a_content_template_is_compiled_once_then_read_back(monkeypatch, tmp_path):
    monkeypatch.setattr(COMPILED, "disk", FileSystemBytecodeCache(str(tmp_path)))
    source = "Hello {{ name }}, {{ count | plural('day') }} to go."
    where = Location("content/x/module.yaml", 3, 5)
    assert Template(source, where, checked=True).render({"name": "Amina", "count": 3}) == "Hello Amina, 3 days to go."
    assert len(list(tmp_path.iterdir())) == 1
    monkeypatch.setattr(COMPILED, "compiled", {})  # as in a new process: only the copy on disk is left
    compiled = []
    real = type(environment()).compile
    monkeypatch.setattr(type(environment()), "compile", lambda self, *a, **k: compiled.append(a) or real(self, *a, **k))
    assert Template(source, where, checked=True).render({"name": "Lucia", "count": 1}) == "Hello Lucia, 1 day to go."
    assert compiled == []
