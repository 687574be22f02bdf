"""`playbook batch --shard I/N` and `playbook merge`: shards of one batch joined give the batch's output."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import GUIDES, TODAY

from playbook.merge import PART_RECORD, Shard

PICKED = ["non-us-img-pmr-partially-matched.yaml", "non-us-img-pediatrics-j1.yaml"]
"""Two guides whose file names fall in different shards of 2 (the test checks it)."""
SITE_URL = "https://advisor.github.io/guides/"


def batch_args(folder: Path, out: Path, *extra: str) -> list[str]:
    return ["batch", str(folder), "--out", str(out), "--today", TODAY.isoformat(), "--site-url", SITE_URL, *extra]


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root, by its path relative to root: compared byte for byte, nothing normalised."""
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def guides(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("guides")
    for path in GUIDES:
        if path.name in PICKED:
            shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def built(guides, tmp_path_factory) -> dict[str, Path]:
    """One unsharded batch of the guides and its two shards, each built once for this module."""
    from click.testing import CliRunner

    from playbook.cli import main

    root = tmp_path_factory.mktemp("built")
    with pytest.MonkeyPatch.context() as patch:
        # The build date the sitemap (and its gzip header) carries: fixed, so a run across midnight cannot differ
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        runner = CliRunner()
        outputs = {"whole": [], "part-1": ["--shard", "1/2"], "part-2": ["--shard", "2/2"]}
        for name, extra in outputs.items():
            result = runner.invoke(main, batch_args(guides, root / name, *extra, "--jobs", "2"),
                                   catch_exceptions=False)
            assert result.exit_code == 0, result.stderr
    return {name: root / name for name in outputs}


def test_the_guides_fall_in_both_shards():
    held = {name: [i for i in (1, 2) if Shard(i, 2).holds(Path(name))] for name in PICKED}
    assert sorted(len(h) for h in held.values()) == [1, 1]
    assert {h[0] for h in held.values()} == {1, 2}


def test_every_file_falls_in_exactly_one_shard_and_stays_there_when_others_come():
    names = [Path(f"applicant-{i:03d}.yaml") for i in range(300)]
    for count in (1, 2, 3, 7):
        owners = {p: [i for i in range(1, count + 1) if Shard(i, count).holds(p)] for p in names}
        assert all(len(o) == 1 for o in owners.values())
        sizes = [sum(o == [i] for o in owners.values()) for i in range(1, count + 1)]
        assert min(sizes) > 300 / count / 2  # roughly even
    assert Shard(2, 3).holds(Path("x/applicant-007.yaml")) == Shard(2, 3).holds(Path("applicant-007.yaml"))


@pytest.mark.parametrize("value", ["0/2", "3/2", "1/0", "a/b", "1-2", "", "1/2/3", "12345/99999"])
def test_a_bad_shard_is_a_clear_usage_error(run, tmp_path, guides, value):
    result = run(*batch_args(guides, tmp_path / "out", "--shard", value))
    assert result.exit_code == 2
    assert "Invalid value for '--shard': expected I/N with 1 <= I <= N" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_shards_merged_are_the_unsharded_batch(run, built, tmp_path):
    parts = [built["part-1"], built["part-2"]]
    assert all(len(json.loads((p / PART_RECORD).read_text("utf-8"))["sites"]) for p in parts)
    result = run("merge", *parts, "--out", tmp_path / "merged")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"Merged 2 playbooks from 2 parts into {tmp_path / 'merged'}/"
    assert result.stdout.splitlines()[1] == (f"Publish {tmp_path / 'merged'}{os.sep} at {SITE_URL} and open it there: "
                                             "it links to every playbook, and each one's folder holds its "
                                             "playbook.pdf and playbook.ics")
    merged, whole = tree(tmp_path / "merged"), tree(built["whole"])
    assert sorted(merged) == sorted(whole)
    assert [name for name in whole if merged[name] != whole[name]] == []
    assert any(name.endswith("/playbook.pdf") for name in whole)
    assert PART_RECORD not in merged  # it names the profile files; it stays in the parts


def test_each_part_holds_only_its_shard(built):
    slugs = {name: sorted(p.name for p in built[name].iterdir() if p.is_dir()) for name in built}
    assert sorted(slugs["part-1"] + slugs["part-2"]) == slugs["whole"]
    assert not set(slugs["part-1"]) & set(slugs["part-2"])


def test_merge_in_any_order_gives_the_same_output(run, built, tmp_path):
    run("merge", built["part-1"], built["part-2"], "--out", tmp_path / "a")
    run("merge", built["part-2"], built["part-1"], "--out", tmp_path / "b")
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


@pytest.mark.parametrize("which, message", [
    (["part-1"], "shard 2/2 missing: give every shard of the batch"),
    (["part-1", "part-1"], "shard 1/2 is also"),
    (["part-1", "whole"], "no .playbook-part.json here: build each part with playbook batch --shard I/N"),
])
def test_merge_needs_every_shard_of_one_batch_once(run, built, tmp_path, which, message):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".playbook-build").write_text("x", encoding="utf-8")
    (out / "kept.html").write_text("previous", encoding="utf-8")
    result = run("merge", *[built[name] for name in which], "--out", out)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [".playbook-build", "kept.html"]


@pytest.mark.parametrize("key, value, message", [
    ("public", True, "built with public True than"),
    ("today", "2026-12-01", "built with today 2026-12-01 than"),
    ("folder", "0" * 64, "built from other profiles than"),
    ("pdf", False, "built with pdf False than"),
])
def test_merge_refuses_parts_of_another_batch(run, built, tmp_path, key, value, message):
    """Shards built with other options (or from another folder) would make a site no batch makes."""
    other = tmp_path / "part-2"
    shutil.copytree(built["part-2"], other)
    record = json.loads((other / PART_RECORD).read_text("utf-8"))
    record["batch"][key] = value
    (other / PART_RECORD).write_text(json.dumps(record, indent=1), encoding="utf-8")
    result = run("merge", built["part-1"], other, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert f"{other / PART_RECORD}:" in result.stderr
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_tampered_record_is_a_located_error(run, built, tmp_path):
    part = tmp_path / "part-1"
    shutil.copytree(built["part-1"], part)
    record = json.loads((part / PART_RECORD).read_text("utf-8"))
    record["sites"][0]["slug"] = "../../etc"
    (part / PART_RECORD).write_text(json.dumps(record, indent=1), encoding="utf-8")
    result = run("merge", part, built["part-2"], "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert f"{part / PART_RECORD}:" in result.stderr and "slug" in result.stderr
    assert not (tmp_path / "out").exists()


def test_two_shards_with_one_slug_are_refused_at_both_profiles(run, tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    text = (GUIDES[0].read_text("utf-8")) + "slug: shared-guide\n"
    for name in ("first.yaml", "second.yaml"):  # shard 1/2 and shard 2/2
        (folder / name).write_text(text, encoding="utf-8")
    parts = []
    for i in (1, 2):
        parts.append(tmp_path / f"part-{i}")
        result = run(*batch_args(folder, parts[-1], "--shard", f"{i}/2", "--no-pdf"))
        assert result.exit_code == 0, result.stderr
    result = run("merge", *parts, "--out", tmp_path / "out")
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if "slug 'shared-guide' is also the slug of" in line]
    assert [e.split(":")[0] for e in errors] == [str(folder / "first.yaml"), str(folder / "second.yaml")]
    assert all(":" in e.split(": ")[0] for e in errors)  # FILE:LINE:COL
    assert not (tmp_path / "out").exists()
