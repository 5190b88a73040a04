"""PDF documents (report, factsheet) rendered by Typst from a published edition.

The Typst templates beside this module are static; everything they show comes in as one JSON
file (``data.json``) written from typed content, so no reader-supplied text is ever parsed as
Typst markup. Charts are the dashboard's Vega-Lite specs rendered to SVG by vl-convert. The
Typst compiler ships inside the ``typst`` wheel, with its own fonts: nothing is downloaded.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Debian's DejaVu Sans (installed with Chromium) reads better on screen than the serif fonts
#: the typst wheel embeds; without it Typst falls back to those, so the PDF still builds.
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)


@dataclass(frozen=True)
class Chart:
    """A chart with its caption and its data table (rows of shown values, for the appendix)."""

    id: str
    svg: str
    caption: str
    description: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def markdown_blocks(markdown: str) -> list[dict]:
    """Paragraphs, headings, bullet and numbered lists of a plain Markdown text, as plain
    strings for Typst.

    Edition texts are short prose; inline emphasis is dropped rather than interpreted, so a
    text cannot inject markup into the document.
    """
    blocks: list[dict] = []
    for chunk in re.split(r"\n\s*\n", markdown.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        first_item = _ITEM.match(lines[0])
        if first_item:
            kind = "list" if first_item.group(1) in "-*+" else "enum"
            blocks.append({"kind": kind, "items": _items(lines)})
        elif lines[0].startswith("#"):
            blocks.append({"kind": "heading", "text": _plain(lines[0].lstrip("# "))})
            if lines[1:]:
                blocks.append({"kind": "p", "text": _plain(" ".join(lines[1:]))})
        else:
            blocks.append({"kind": "p", "text": _plain(" ".join(lines))})
    return blocks


# A list item: "- ", "* ", "+ " (bullets) or "1. ", "2) " (numbered).
_ITEM = re.compile(r"^([-*+]|\d{1,3}[.)]) ")


def _items(lines: list[str]) -> list[str]:
    """The items of a list whose items may wrap over several lines."""
    items: list[list[str]] = []
    for line in lines:
        marker = _ITEM.match(line)
        if marker:
            items.append([line[marker.end() :]])
        else:
            items[-1].append(line)  # a wrapped line continues the item above
    return [_plain(" ".join(item)) for item in items]


def _plain(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: keep the words
    return re.sub(r"(\*\*|__|\*|_|`)", "", text)


def compile_pdf(template: str, data: dict, charts: list[Chart]) -> bytes:
    """Compile ``templates/<template>.typ`` with ``data`` and the charts' SVG files."""
    import typst

    with tempfile.TemporaryDirectory(prefix="zicht-typst-") as folder:
        root = Path(folder)
        for chart in charts:
            (root / f"{chart.id}.svg").write_text(chart.svg, encoding="utf-8")
        payload = {
            **data,
            "charts": [
                {
                    "id": c.id,
                    "file": f"{c.id}.svg",
                    "caption": c.caption,
                    "description": c.description,
                    "columns": list(c.columns),
                    "rows": [list(r) for r in c.rows],
                }
                for c in charts
            ],
        }
        (root / "data.json").write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
        for typ in TEMPLATES.glob("*.typ"):
            (root / typ.name).write_text(typ.read_text("utf-8"), "utf-8")
        fonts = [str(p) for p in FONT_DIRS if p.is_dir()]
        return typst.compile(str(root / f"{template}.typ"), root=str(root), font_paths=fonts)
