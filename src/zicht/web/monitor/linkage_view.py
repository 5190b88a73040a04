"""The coordinator's view of a linkage run: counts, the threshold and the quality estimates.

Everything shown comes from ``LinkageResult.report()``: counts and distributions, never a
record, a reference or a person.
"""

from __future__ import annotations

import json

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from zicht.core.privacy.linkage.threshold import threshold_method_label
from zicht.core.publication.charts import histogram_spec, render_svg
from zicht.core.publication.formatting import format_number


def _count(distribution: dict) -> str:
    expected, low, high = (
        format_number(distribution[k], "nl") for k in ("expected", "low", "high")
    )
    return f"{expected} (90%-interval {low}–{high})"


def linkage_quality_html(report: dict) -> SafeString:
    """Summary list plus two charts: candidate scores with the threshold, and accepted links
    by their estimated probability of being a match."""
    quality = report["quality"]
    threshold = format_number(report["threshold"], "nl", 3)
    rows = [
        ("Records", format_number(report["records"], "nl")),
        ("Bronnen", ", ".join(report.get("sources", []))),
        ("Personen", format_number(report["persons"], "nl")),
        ("Kandidaatparen", format_number(report["candidate_pairs"], "nl")),
        ("Drempel", f"{threshold} ({threshold_method_label(report['threshold_method'])})"),
        ("Geaccepteerde koppelingen", format_number(quality["links_accepted"], "nl")),
        ("Waarschijnlijk onterecht", _count(quality["likely_false_links"])),
        ("Mogelijk gemist (schatting, eerder te hoog)", _count(quality["likely_missed_links"])),
    ]
    summary = format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))
    histogram = report["score_histogram"]
    scores = render_svg(
        histogram_spec(
            list(histogram["edges"]),
            list(histogram["counts"]),
            title="Scores van kandidaatparen",
            x_label="gelijkenis",
            y_label="paren",
            description="Histogram van de gelijkenis van kandidaatparen met de drempel als lijn.",
            marker=report["threshold"],
        )
    )
    by_probability = quality["accepted_by_match_probability"]
    probability = render_svg(
        histogram_spec(
            [step / 10 for step in range(len(by_probability) + 1)],
            list(by_probability),
            title="Geaccepteerde koppelingen naar geschatte kans op een echte match",
            x_label="kans op een echte match",
            y_label="koppelingen",
            description="Histogram van geaccepteerde koppelingen naar geschatte matchkans.",
        )
    )
    # The SVGs are rendered by vl-convert from numbers only, so they carry no user input.
    return format_html("{}{}{}", summary, mark_safe(scores), mark_safe(probability))  # noqa: S308


def linkage_report(run) -> dict | None:
    """The linkage report stored with a finished linkage run's estimate, if any."""
    delivery = getattr(run, "delivery", None)
    if delivery is None or not delivery.content:
        return None
    return json.loads(bytes(delivery.content)).get("linkage")
