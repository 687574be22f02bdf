"""The text of a PDF's pages as pypdf extracts it, kept per file content: the session's example PDFs are
read by several test files, and extracting a 44-page playbook takes about two seconds."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader


@lru_cache(maxsize=32)
def page_texts(data: bytes) -> tuple[str, ...]:
    """Each page's extracted text, for the PDF whose bytes are `data`."""
    return tuple(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def page_texts_of(path: Path) -> tuple[str, ...]:
    return page_texts(path.read_bytes())
