"""The demo's ad corpora: one synthetic JSON Lines file per year, written once."""

from __future__ import annotations

from pathlib import Path

from zicht.demo.ads_corpus import DEMO_YEARS, generate_demo_corpus, write_jsonl


def demo_corpus(year: int, folder: Path) -> Path:
    """The path of the year's synthetic corpus, generated (deterministically) when missing."""
    path = folder / f"advertenties-{year}.jsonl"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        write_jsonl(generate_demo_corpus(year), path)
    return path


def demo_corpus_years() -> list[int]:
    return sorted(DEMO_YEARS)
