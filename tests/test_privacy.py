"""Public builds: no private value in any output file, and personal values refused unless allowed."""

from __future__ import annotations

import functools
import gzip
import hashlib
import html
import importlib
import io
import json
import re
import shutil
from pathlib import Path

import material
import pytest
from ruamel.yaml import YAML

from playbook.assemble import slugify
from playbook.facts import Blank, facts
from playbook.paths import content_dir
from playbook.privacy import personal_keys
from playbook.profile import Profile, load_profile, private_paths
from tests.conftest import EPOCH, EXAMPLES, GUIDES, MINIMAL, TODAY
from tests.pdftext import page_texts


def _values_at(data: object, path: list[str]) -> list[object]:
    if isinstance(data, list):
        return [v for entry in data for v in _values_at(entry, path)]
    if not path:
        return [data]
    return _values_at(data.get(path[0]), path[1:]) if isinstance(data, dict) else []


def personal_strings(profile: Profile) -> set[str]:
    """Every personal text value of a profile as someone could find it: whole values and the words of names.

    Numbers (scores, counts) are left to the test that changes them and compares the builds: a bare
    number also reads as a date or a count of days.
    """
    data = profile.model_dump(mode="python")
    values = [v for p in private_paths(personal=True) for v in _values_at(data, p.split("."))]
    texts = {str(v) for v in values + [profile.name] if isinstance(v, str)}
    people = [profile.name or ""] + [x.author or "" for x in profile.letters]
    words = {w for t in people for w in re.findall(r"\w{3,}", t) if w[0].isupper()} - content_words()
    slug = {slugify(profile.name)} if profile.name else set()
    return texts | words | slug | {html.escape(t) for t in texts} | {json.dumps(t)[1:-1] for t in texts}


@functools.cache
def content_words() -> frozenset[str]:
    """Words the shipped content uses itself ("Mark every program…"): finding one proves nothing."""
    text = " ".join(p.read_text(encoding="utf-8") for p in content_dir().rglob("*") if p.suffix in (".yaml", ".md"))
    return frozenset(re.findall(r"\w+", text))


@functools.cache
def theme_files() -> frozenset[str]:
    """Hashes of the files Material ships: copied as they are, they cannot hold a profile's values."""
    root = Path(material.__file__).parent / "templates"
    return frozenset(hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file())


def _text_of(file: Path, data: bytes) -> str:
    """What a reader of the file could find: gzip unpacked, a PDF's text extracted."""
    if file.suffix == ".gz":
        data = gzip.decompress(data)
    if file.suffix == ".pdf":
        reader = importlib.import_module("pypdf").PdfReader(io.BytesIO(data))
        return "\n".join(page_texts(data)) + str(reader.metadata)
    return data.decode("utf-8", "replace")


def _found(out: Path, needles: set[str]) -> list[str]:
    """Needles found in the output: whole values in every file, names' words and numbers outside the theme's files."""
    hits = []
    for file in sorted(p for p in out.rglob("*") if p.is_file()):
        data = file.read_bytes()
        text = _text_of(file, data)
        vendored = hashlib.sha256(data).hexdigest() in theme_files()
        for needle in needles:
            if vendored and needle.isalpha():
                continue
            if re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", text):
                hits.append(f"{file.relative_to(out)}: {needle}")
    return hits


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_a_public_build_holds_no_private_value_in_any_file(public_sites, example):
    out = public_sites[example.stem]
    needles = personal_strings(load_profile(example))
    assert len(needles) >= 8
    assert _found(out, needles) == []
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Public build" in home
    for label in ("Visa", "Exams", "ECFMG certification", "US clinical experience"):
        assert f"<td>{label}</td>" not in home


def _with_other_personal_values(example: Path, folder: Path) -> Path:
    """A copy of the profile in which every personal value (names, contact, scores, counts) is different."""
    yaml = YAML()
    data = yaml.load(example.read_text(encoding="utf-8"))
    for key in personal_keys(data):
        parent = functools.reduce(lambda node, part: node[part], key[:-1], data)
        old = parent[key[-1]]
        parent[key[-1]] = (old - 1 if old > 1 else old + 1) if isinstance(old, int) else "Zed Other"
    folder.mkdir()
    for sibling in example.parent.glob(f"{example.stem}-*"):  # files the profile names, such as its program sheet
        shutil.copy(sibling, folder / sibling.name)
    with (folder / example.name).open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    return folder / example.name


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_a_public_build_does_not_depend_on_personal_values(run, tmp_path, example, public_sites, monkeypatch):
    """Changing every personal value, numbers included, changes no byte of a public build."""
    other = _with_other_personal_values(example, tmp_path / "other")
    assert load_profile(other) != load_profile(example)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # as the shared public build was made
    result = run("build", other, "--out", tmp_path / "b", "--public", "--include-private", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.stderr
    trees = [{str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
             for out in (public_sites[example.stem], tmp_path / "b")]
    assert sorted(trees[0]) == sorted(trees[1])
    assert [name for name in trees[0] if trees[0][name] != trees[1][name]] == []


def test_the_grep_finds_private_values_in_a_private_build(sites):
    assert _found(sites[EXAMPLES[0].stem], personal_strings(load_profile(EXAMPLES[0]))) != []


def test_a_public_build_of_a_person_needs_include_private(run, tmp_path):
    example = EXAMPLES[0]
    result = run("build", example, "--out", tmp_path / "site", "--public")
    assert result.exit_code == 2
    assert result.stderr == (
        f"{example}:2:1: name: this profile holds personal values and the build is public; remove them (a guide "
        "has no name and no scores), build with --private, or pass --include-private to build it anyway "
        "(they stay out of every output)\n"
    )
    assert not (tmp_path / "site").exists()


def test_the_error_names_the_first_personal_key_in_the_file(run, write_profile, tmp_path):
    text = MINIMAL.replace("name: Test Person\n", "visibility: public\n") + (
        "letters:\n  - {specialty: pediatrics}\n  - {author: Dr. Q, specialty: pediatrics}\n"
        "exams:\n  step2ck: {status: passed, score: 231}\n"
    )
    profile = write_profile(text)
    result = run("build", profile, "--out", tmp_path / "site")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{profile}:12:6: letters[1].author: this profile holds personal values")


def test_a_guide_builds_publicly_and_shows_its_situation(run, tmp_path):
    guide = GUIDES[0]
    out = tmp_path / "site"
    result = run("build", guide, "--out", out, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.stderr
    home = (out / "index.html").read_text(encoding="utf-8")
    profile = load_profile(guide)
    assert f">{profile.title}<" in home
    assert "Public guide" in home and "<td>Visa</td>" in home


def test_every_guide_is_a_public_persona():
    assert len(GUIDES) == 4
    for guide in GUIDES:
        profile = load_profile(guide)
        assert (profile.name, profile.visibility, bool(profile.title)) == (None, "public", True), guide
        assert personal_strings(profile) == set(), guide


def test_redaction_blanks_a_persons_situation_but_not_a_guides():
    person = load_profile(EXAMPLES[0])
    guide = load_profile(GUIDES[0])
    assert isinstance(facts(person, redact=True)["visa"], Blank)
    assert facts(guide, redact=True)["visa"] == guide.visa
    assert isinstance(facts(person, redact=True)["medical_school"], Blank)
