"""A cell is one figure: indicator × area × period × breakdown → value."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    indicator: str
    area: str
    period: str
    breakdown: str  # "" for the total, "sex=vrouw" for a category
    value: float | None
    symbol: str = ""  # what a reader sees instead of a hidden value, e.g. "<5"
    derived: bool = False
    lower: float | None = None  # 95% interval of an estimate
    upper: float | None = None
    deliveries: tuple[int, ...] = field(default=())

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.indicator, self.area, self.period, self.breakdown)

    @property
    def hidden(self) -> bool:
        return self.value is None
