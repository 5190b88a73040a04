"""What is wrong with a catalogue: one problem per place, all reported in one go.

Kept apart from the loader and the cross-reference checks so that both import it and neither
imports the other's internals (the loader runs the checks; the checks never load).
"""

from __future__ import annotations

from dataclasses import dataclass

from zicht.core.errors import ZichtError

#: Attributes every record-level delivery carries besides its breakdown dimensions.
RECORD_ATTRIBUTES = frozenset({"municipality", "period"})


@dataclass(frozen=True)
class CatalogProblem:
    file: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.message}"


class CatalogInvalid(ZichtError):
    """The catalogue has problems; ``problems`` lists all of them."""

    code = "catalog_invalid"

    def __init__(self, problems: list[CatalogProblem]):
        self.problems = problems
        lines = [f"De catalogus heeft {len(problems)} probleem/problemen:"]
        lines += [f"  - {problem}" for problem in problems]
        super().__init__("\n".join(lines))
