"""`playbook serve`: MkDocs' live-reload server over the plugin, for any profile."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ruamel.yaml import YAML

from .paths import content_dir


def serve_profile(profile: Path, dev_addr: str) -> None:
    from mkdocs.commands.serve import serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = {
        "site_name": "Playbook",
        "docs_dir": str(content_dir()),
        "theme": {"name": "material"},
        "plugins": ["search", {"playbook": {"profile": str(profile.resolve())}}],
    }
    with tempfile.TemporaryDirectory(prefix="playbook-serve-") as tmp:
        config_file = Path(tmp) / "mkdocs.yml"
        with config_file.open("w", encoding="utf-8") as out:
            YAML(typ="safe", pure=True).dump(config, out)
        serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)
