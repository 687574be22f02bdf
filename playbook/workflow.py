"""The GitHub Actions workflows of `playbook init`: one build job and the Pages deploy, or with `--shards N`
N build jobs, one merge, the Pages deploy.

Each build job runs `playbook batch --shard I/N` on its own machine and uploads its part as an
artifact (with the dot files: the part's record `.playbook-part.json` is one); the merge job joins
the parts with `playbook merge` and uploads the Pages artifact, which the deploy job publishes with
the official action. Only the deploy job may write to Pages.
"""

from __future__ import annotations

from textwrap import indent

MAX_SHARDS = 256
"""GitHub runs at most 256 jobs from one matrix."""

# What both workflows share: the trigger, one deploy at a time, the setup steps, the deploy job.
_TRIGGER = """\
name: Publish playbooks
on:
  push:
    branches: [main]
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
    steps:
{setup}\
      - id: pages
        uses: actions/configure-pages@v5
      - name: Build every profile, leaving private values out
        run: playbook batch profiles --out public --public --site-url "${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-pages-artifact@v4
        with:
          path: public
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
    steps:
{setup}\
      - id: pages
        uses: actions/configure-pages@v5
      - name: Build this part of the profiles, leaving private values out
        run: >-
          playbook batch profiles --out "part-${{{{ matrix.shard }}}}" --public
          --shard "${{{{ matrix.shard }}}}/{shards}" --site-url "${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-artifact@v4
        with:
          name: part-${{{{ matrix.shard }}}}
          path: part-${{{{ matrix.shard }}}}
          include-hidden-files: true
          if-no-files-found: error
          retention-days: 1
  merge:
    needs: build
    runs-on: ubuntu-latest
    steps:
{setup}\
      - uses: actions/download-artifact@v4
        with:
          pattern: part-*
          path: parts
      - name: Join the parts into one site with its index page
        run: playbook merge parts/part-* --out public
      - uses: actions/upload-pages-artifact@v4
        with:
          path: public
{deploy}"""


def single_workflow() -> str:
    """The workflow text for one build job; its permissions to write to Pages are the workflow's."""
    return _SINGLE.format(trigger=_TRIGGER, pages=_PAGES_PERMISSIONS, concurrency=_CONCURRENCY, setup=_SETUP,
                          deploy=_DEPLOY.format(needs="build", permissions=""))


def sharded_workflow(shards: int) -> str:
    """The workflow text for `shards` build jobs (2 to MAX_SHARDS)."""
    if not 2 <= shards <= MAX_SHARDS:
        raise ValueError(f"shards must be 2 to {MAX_SHARDS}")
    matrix = ", ".join(str(i) for i in range(1, shards + 1))
    # Only the deploy job may write to Pages.
    deploy = _DEPLOY.format(needs="merge", permissions="    permissions:\n" + indent(_PAGES_PERMISSIONS, "    "))
    return _SHARDED.format(shards=shards, matrix=matrix, trigger=_TRIGGER, concurrency=_CONCURRENCY, setup=_SETUP,
                           deploy=deploy)
