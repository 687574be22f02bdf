"""Sites into one output with its index page: for `playbook batch`, and for `playbook merge` of its shards.

`playbook batch --shard I/N` builds the slice of a folder whose file names hash to I of N and
leaves, beside its sites, a record of what it built (`.playbook-part.json`: the shard, the batch's
options and a fingerprint of the folder, and per site its slug, title and the profile it came
from). `playbook merge PARTS... --out DIR` reads the records, checks that the parts are the N
shards of one batch and that no two sites share a slug, then copies the sites into one output with
the index page, published in one swap. The result is byte for byte what one unsharded batch
writes; the records stay in the parts (they name the profile files, which a public site does not).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import BaseModel, ConfigDict, Field, field_validator

from . import __version__
from .assemble import STATUS_LABELS
from .errors import Location, PlaybookError, raise_all
from .output import MARKER, check_output_folder, publish, staging
from .paths import content_dir, templates_dir
from .profile import SLUG
from .yamlfile import YAML_LIMIT, Source, load_yaml, validate

PART_RECORD = ".playbook-part.json"
OUTPUT_NOTE = "built by playbook batch; safe to replace\n"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Shard:
    """Slice `index` of `count` (counting from 1) of a batch's folder."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        found = re.fullmatch(r"([0-9]{1,4})/([0-9]{1,4})", text.strip())
        if not found or not 1 <= int(found[1]) <= int(found[2]):
            raise ValueError("expected I/N with 1 <= I <= N <= 9999, such as 1/4")
        return cls(int(found[1]), int(found[2]))

    def holds(self, profile: Path) -> bool:
        """By a hash of the file name: adding or removing other profiles never moves this one."""
        digest = hashlib.sha256(os.fsencode(profile.name)).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _plain_text(cls, value: Any) -> Any:
        if isinstance(value, str) and _CONTROL.search(value):
            raise ValueError("control characters are not allowed here")
        return value


class Site(_Record):
    """One site of an output: what the index page lists, and where its slug came from."""

    slug: str = Field(pattern=SLUG, max_length=60)
    title: str = Field(max_length=1000)
    status: Literal[tuple(STATUS_LABELS.values())]  # type: ignore[valid-type]
    cycle: int = Field(ge=1950, le=2100)
    public: bool
    profile: str = Field(max_length=4096)
    slug_at: str = Field(pattern=r":[0-9]{1,9}:[0-9]{1,9}$", max_length=4200,
                         description="FILE:LINE:COL of the key the slug came from")

    def where(self) -> Location:
        file, line, col = self.slug_at.rsplit(":", 2)
        return Location(file, int(line), int(col))


class BatchKey(_Record):
    """What every shard of one batch shares: the folder's profiles (a fingerprint) and the options."""

    folder: str = Field(pattern=r"^[0-9a-f]{64}$")
    today: dt.date
    public: bool | None
    include_private: bool
    site_url: str | None = Field(max_length=600)
    playbook: str = Field(max_length=100)
    engine: Literal["mkdocs", "zensical"] = "mkdocs"
    pdf: bool = True


class PartRecord(_Record):
    format: Literal["playbook-part"]
    version: Literal[1]
    shard: str = Field(pattern=r"^[0-9]{1,4}/[0-9]{1,4}$")
    batch: BatchKey
    sites: list[Site] = Field(max_length=100_000)

    @field_validator("shard")
    @classmethod
    def _shard(cls, value: str) -> str:
        Shard.parse(value)
        return value


def batch_key(profiles: list[Path], *, today: dt.date, public: bool | None, include_private: bool,
              site_url: str | None, engine: str = "mkdocs", pdf: bool = True) -> BatchKey:
    """The key every shard of a batch computes alike, from the whole folder (not only its slice)."""
    digest = hashlib.sha256()
    for path in profiles:
        digest.update(os.fsencode(path.name) + b"\0")
        try:
            with open(path, "rb") as handle:
                digest.update(hashlib.sha256(handle.read(YAML_LIMIT + 1)).digest())
        except OSError:
            digest.update(b"unreadable")
    return BatchKey(folder=digest.hexdigest(), today=today, public=public, include_private=include_private,
                    site_url=site_url, playbook=__version__, engine=engine, pdf=pdf)


def write_output(root: Path, sites: list[Site], part: tuple[Shard, BatchKey] | None = None) -> None:
    """The index page and our marker in root, which holds the sites; a shard's record too."""
    (root / "index.html").write_text(index_page(sites), encoding="utf-8")
    (root / MARKER).write_text(OUTPUT_NOTE, encoding="utf-8")
    if part:
        shard, key = part
        record = {"format": "playbook-part", "version": 1, "shard": str(shard), "batch": key.model_dump(mode="json"),
                  "sites": [s.model_dump(mode="json") for s in sorted(sites, key=lambda s: s.profile)]}
        text = json.dumps(record, ensure_ascii=False, indent=1)
        (root / PART_RECORD).write_text(text + "\n", encoding="utf-8")


def index_page(sites: list[Site]) -> str:
    env = Environment(loader=FileSystemLoader(templates_dir() / "batch"), autoescape=True, undefined=StrictUndefined)
    playbooks = sorted(sites, key=lambda s: (not s.public, s.title.lower(), s.slug))
    return env.get_template("index.html.j2").render(playbooks=playbooks)


@dataclass(frozen=True)
class Part:
    folder: Path
    record: PartRecord
    source: Source

    @property
    def shard(self) -> Shard:
        return Shard.parse(self.record.shard)


def merge(parts: list[Path], out: Path) -> tuple[list[Site], BatchKey]:
    """Join the shards of one batch into `out` (published in one swap); returns the sites, in index order, and the
    options they were built with."""
    read = _read_all(parts)
    _check_one_batch(read)
    sites = _refuse_shared_slugs(read)
    _check_target(out, read)
    with staging(out) as stage:
        root = stage / "out"
        root.mkdir()
        for part in read:
            for i, site in enumerate(part.record.sites):
                _copy_site(part.folder / site.slug, root / site.slug, part.source.at(("sites", i, "slug")))
        write_output(root, sites)
        publish(root, out)
    return sorted(sites, key=lambda s: (not s.public, s.title.lower(), s.slug)), read[0].record.batch


def _read_all(parts: list[Path]) -> list[Part]:
    read, errors = [], []
    for folder in parts:
        try:
            read.append(read_part(folder))
        except PlaybookError as exc:
            errors.append(exc)
    raise_all(errors)
    return read


def read_part(folder: Path) -> Part:
    """A shard's output: its record, validated, with every site it lists present."""
    where = Location(str(folder))
    if not folder.is_dir():
        raise PlaybookError("expected a folder written by playbook batch --shard I/N", where, got=str(folder))
    file = folder / PART_RECORD
    if not file.exists():
        raise PlaybookError(f"no {PART_RECORD} here: build each part with playbook batch --shard I/N", where)
    data = load_yaml(file)  # JSON is YAML: positions come with it
    record = validate(PartRecord, data, str(file))
    source = Source(str(file), data)
    errors = []
    for i, site in enumerate(record.sites):
        path = folder / site.slug
        if path.is_symlink() or not (path / "index.html").is_file():
            errors.append(PlaybookError(f"the site folder {path} is missing or not a built site",
                                        source.at(("sites", i, "slug"))))
    raise_all(errors)
    return Part(folder, record, source)


def _check_one_batch(parts: list[Part]) -> None:
    """The parts are the N shards of one batch: the same options and folder, each shard once, none missing."""
    first, errors = parts[0], []
    count = first.shard.count
    for part in parts[1:]:
        if part.shard.count != count:
            errors.append(PlaybookError(f"shard {part.shard} is of another batch than {first.folder} (shard "
                                        f"{first.shard}); merge the shards of one batch", part.source.at(("shard",))))
            continue
        for key, value in part.record.batch:
            if value != getattr(first.record.batch, key):
                what = "built from other profiles" if key == "folder" else f"built with {key} {value}"
                errors.append(PlaybookError(f"{what} than {first.folder} ({getattr(first.record.batch, key)}); "
                                            "build every shard from the same folder with the same options",
                                            part.source.at(("batch", key))))
    raise_all(errors)
    seen: dict[int, Part] = {}
    for part in parts:
        if part.shard.index in seen:
            errors.append(PlaybookError(f"shard {part.shard} is also {seen[part.shard.index].folder}; "
                                        "give each shard once", part.source.at(("shard",))))
        seen[part.shard.index] = part
    missing = [f"{i}/{count}" for i in range(1, count + 1) if i not in seen]
    if missing and not errors:
        errors.append(PlaybookError(f"shard {', '.join(missing)} missing: give every shard of the batch",
                                    first.source.at(("shard",))))
    raise_all(errors)


def _refuse_shared_slugs(parts: list[Part]) -> list[Site]:
    """Two sites with one slug would be one folder: an error at each profile's slug, as in one batch."""
    owners: dict[str, list[tuple[Site, Part]]] = {}
    for part in parts:
        for site in part.record.sites:
            owners.setdefault(site.slug, []).append((site, part))
    errors = []
    for slug, owned in owners.items():
        for site, _ in owned if len(owned) > 1 else ():
            others = ", ".join(f"{other.profile} (shard {part.shard})" for other, part in owned if other is not site)
            errors.append(PlaybookError(f"slug '{slug}' is also the slug of {others}; "
                                        "give one of them another slug, name or title", site.where()))
    raise_all(errors)
    return [site for part in parts for site in part.record.sites]


def _check_target(out: Path, parts: list[Part]) -> None:
    target = out.resolve()
    for part in parts:
        folder = part.folder.resolve()
        if target == folder or folder in target.parents or target in folder.parents:
            raise PlaybookError(f"output folder overlaps the part {part.folder}; choose another --out",
                                Location(str(out)), got=str(out))
    check_output_folder(out, content=content_dir(), profile=parts[0].folder / PART_RECORD)


def _copy_site(source: Path, target: Path, where: Location) -> None:
    """Copy a built site: folders and regular files only (a link could pull any file into the output)."""
    target.mkdir()
    for entry in os.scandir(source):
        mode = entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISDIR(mode):
            _copy_site(Path(entry.path), target / entry.name, where)
        elif stat.S_ISREG(mode):
            shutil.copyfile(entry.path, target / entry.name)
        else:
            raise PlaybookError(f"{entry.path} is not a plain file or folder; a built site holds only those", where)
