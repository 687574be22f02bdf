"""The GitHub Actions workflows of `playbook init`: one build job and the Pages deploy, or with `--shards N`
N build jobs, one merge, the Pages deploy.

Each build job installs the fonts and Pango the printable playbook is laid out with, then runs
`playbook batch` (with `--shard I/N`: its own slice, uploaded as an artifact with the dot files, since
the part's record `.playbook-part.json` is one); the merge job joins the parts with `playbook merge`
and uploads the Pages artifact, which the deploy job publishes with the official action. Only the
deploy job may write to Pages. The workflow runs on pushes to one branch, and in a subfolder of the
repository when the playbook files live there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from textwrap import indent

MAX_SHARDS = 256
"""GitHub runs at most 256 jobs from one matrix."""

SYSTEM_PACKAGES = "fonts-noto-core fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
"""What WeasyPrint needs on the runner (Ubuntu), and the fonts the PDF is laid out in (as setup.sh installs)."""


@dataclass(frozen=True)
class Where:
    """The branch whose pushes publish, and the folder of the playbook files relative to the repository's root
    ("" at the root). Both are written into the workflow quoted, and checked by the caller (scaffold.py)."""

    branch: str = "main"
    folder: str = ""

    def path(self, name: str) -> str:
        """A path for an action's `with:`, which does not follow `working-directory`."""
        return json.dumps(f"{self.folder}/{name}" if self.folder else name)

    def defaults(self) -> str:
        if not self.folder:
            return ""
        return f"    defaults:\n      run:\n        working-directory: {json.dumps(self.folder)}\n"


_TRIGGER = """\
name: Publish playbooks
on:
  push:
    branches: [{branch}]
  workflow_dispatch:
"""
_CONCURRENCY = """\
concurrency:
  group: pages
  cancel-in-progress: false
"""
_SETUP = """\
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install playbook
        run: python -m pip install -r requirements.txt
"""
_PRINTING = f"""\
      - name: Install the fonts and Pango the printable playbook is laid out with
        run: sudo apt-get update -q && sudo apt-get install -y -q --no-install-recommends {SYSTEM_PACKAGES}
"""
_DEPLOY = """\
  deploy:
    needs: {needs}
    runs-on: ubuntu-latest
{permissions}\
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""
_PAGES_PERMISSIONS = """\
  pages: write
  id-token: write
"""

_SINGLE = """\
# Builds every profile in profiles/ as a public site and publishes them on GitHub Pages.
# Turn it on once: Settings → Pages → Build and deployment → Source: GitHub Actions.
{trigger}\
permissions:
  contents: read
{pages}\
{concurrency}\
jobs:
  build:
    runs-on: ubuntu-latest
{defaults}\
    steps:
{setup}\
{printing}\
      - id: pages
        uses: actions/configure-pages@v5
      - name: Build every profile, leaving private values out
        run: playbook batch profiles --out public --public --site-url "${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-pages-artifact@v4
        with:
          path: {public}
{deploy}"""

_SHARDED = """\
# Builds every profile in profiles/ as a public site and publishes them on GitHub Pages.
# The profiles are split across {shards} build jobs that run at once (playbook batch --shard I/{shards});
# one job then joins their parts (playbook merge) and the last one deploys.
# Turn it on once: Settings → Pages → Build and deployment → Source: GitHub Actions.
{trigger}\
permissions:
  contents: read
{concurrency}\
jobs:
  build:
    name: Build part ${{{{ matrix.shard }}}} of {shards}
    runs-on: ubuntu-latest
    strategy:
      fail-fast: true
      matrix:
        shard: [{matrix}]
{defaults}\
    steps:
{setup}\
{printing}\
      - id: pages
        uses: actions/configure-pages@v5
      - name: Build this part of the profiles, leaving private values out
        run: >-
          playbook batch profiles --out "part-${{{{ matrix.shard }}}}" --public
          --shard "${{{{ matrix.shard }}}}/{shards}" --site-url "${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-artifact@v4
        with:
          name: part-${{{{ matrix.shard }}}}
          path: {part}
          include-hidden-files: true
          if-no-files-found: error
          retention-days: 1
  merge:
    needs: build
    runs-on: ubuntu-latest
{defaults}\
    steps:
{setup}\
      - uses: actions/download-artifact@v4
        with:
          pattern: part-*
          path: {parts}
      - name: Join the parts into one site with its index page
        run: playbook merge parts/part-* --out public
      - uses: actions/upload-pages-artifact@v4
        with:
          path: {public}
{deploy}"""


def single_workflow(where: Where = Where()) -> str:
    """The workflow text for one build job; its permissions to write to Pages are the workflow's."""
    return _SINGLE.format(trigger=_trigger(where), pages=_PAGES_PERMISSIONS, concurrency=_CONCURRENCY,
                          defaults=where.defaults(), setup=_SETUP, printing=_PRINTING, public=where.path("public"),
                          deploy=_DEPLOY.format(needs="build", permissions=""))


def sharded_workflow(shards: int, where: Where = Where()) -> str:
    """The workflow text for `shards` build jobs (2 to MAX_SHARDS)."""
    if not 2 <= shards <= MAX_SHARDS:
        raise ValueError(f"shards must be 2 to {MAX_SHARDS}")
    matrix = ", ".join(str(i) for i in range(1, shards + 1))
    # Only the deploy job may write to Pages.
    deploy = _DEPLOY.format(needs="merge", permissions="    permissions:\n" + indent(_PAGES_PERMISSIONS, "    "))
    return _SHARDED.format(shards=shards, matrix=matrix, trigger=_trigger(where), concurrency=_CONCURRENCY,
                           defaults=where.defaults(), setup=_SETUP, printing=_PRINTING,
                           part=where.path("part-${{ matrix.shard }}"), parts=where.path("parts"),
                           public=where.path("public"), deploy=deploy)


def _trigger(where: Where) -> str:
    return _TRIGGER.format(branch=json.dumps(where.branch))
