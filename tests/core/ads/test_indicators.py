"""Every risk indicator with positive and negative Dutch and English examples."""

from __future__ import annotations

from dataclasses import replace

import pytest

from zicht.core.ads import AD_INDICATORS, CLUSTER_INDICATORS, RiskRule
from zicht.core.ads.indicators import INDICATOR_BITS, ad_indicator_bits, indicator_names
from zicht.core.ads.text import scan_ad_text

from .conftest import make_ad

# indicator: (Dutch positive, English positive, Dutch negative, English negative)
AD_EXAMPLES: dict[str, tuple[str, str, str, str]] = {
    "trust_wording": (
        "Echte foto's, geen nep! Kom langs.",
        "100% real pics, no fakes.",
        "Foto's volgen op aanvraag.",
        "Pictures on request.",
    ),
    "obscured_phone": (
        "Bel nul zes een twee drie vier vijf zes zeven acht",
        "Call 0 6 1 2 3 4 5 6 7 8",
        "Bel 06-12345678",
        "Call 06 12 34 56 78",
    ),
    "youth_wording": (
        "Jonge meid, jong en fris",
        "Young and fresh girl",
        "Ervaren dame, volwassen en rustig",
        "Mature lady, experienced",
    ),
    "young_stated_age": (
        "Ik ben 19 jaar",
        "I am 18 years old",
        "Ik ben 34 jaar",
        "I am 29 years old",
    ),
    "stated_ethnicity": (
        "Roemeense schoonheid",
        "Sweet Thai girl",
        "Mooie dame uit het centrum",
        "Beautiful lady downtown",
    ),
    "available_24_7": (
        "Dag en nacht bereikbaar, 24/7",
        "Available 24/7, day and night",
        "Bereikbaar van 12 tot 18 uur",
        "Available weekdays from noon",
    ),
    "unprotected_services": (
        "Alles mogelijk, ook zonder condoom",
        "Everything possible, no condom",
        "Alleen veilig, altijd met condoom",
        "Safe only, condom always",
    ),
    "third_person_text": (
        "Ze is nieuw en zij heeft veel zin",
        "She is new and she loves to meet you",
        "Ik ben nieuw en ik heb zin",
        "I am new and I love to meet you",
    ),
    "new_in_town": (
        "Nieuw in de stad!",
        "New in town!",
        "Al jaren in de stad",
        "Living here for years",
    ),
}


def _bits(text: str, age: object = None) -> int:
    scanned = scan_ad_text(text)
    return ad_indicator_bits(text.lower(), age, scanned.phone_obscured, RiskRule().young_age_limit)


def test_every_ad_indicator_has_examples() -> None:
    assert set(AD_EXAMPLES) == set(AD_INDICATORS)


@pytest.mark.parametrize("indicator", AD_INDICATORS)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_indicator_fires_on_positive_example(indicator: str, language: str) -> None:
    text = AD_EXAMPLES[indicator][0 if language == "nl" else 1]
    assert indicator in indicator_names(_bits(text))


@pytest.mark.parametrize("indicator", AD_INDICATORS)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_indicator_silent_on_negative_example(indicator: str, language: str) -> None:
    text = AD_EXAMPLES[indicator][2 if language == "nl" else 3]
    assert indicator not in indicator_names(_bits(text))


def test_young_age_from_the_age_field() -> None:
    assert _bits("Hallo", age=19) & INDICATOR_BITS["young_stated_age"]
    assert not _bits("Hello", age="27") & INDICATOR_BITS["young_stated_age"]
    assert not _bits("Hello", age="unknown") & INDICATOR_BITS["young_stated_age"]


def test_new_in_town_is_recorded_but_weighs_nothing() -> None:
    assert RiskRule().weights["new_in_town"] == 0.0


# Cluster indicators: three ads sharing one phone number; (Dutch, English) per case.
CLUSTER_CASES: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {
    # (text, city) per ad: positive set, negative set
    "many_names_per_operator": (
        [("Ik ben Anna, bel 0612345678", "rotterdam"), ("Ik ben Olga, bel 0612345678",
          "rotterdam"), ("Ik ben Mia, bel 0612345678", "rotterdam")],
        [("Ik ben Anna, bel 0612345678", "rotterdam"), ("Anna hier, bel 0612345678",
          "rotterdam"), ("Groetjes Anna, bel 0612345678", "rotterdam")],
    ),
    "many_cities_per_operator": (
        [("Hi I am new, call 0612345678", "rotterdam"), ("Hi I am here, call 0612345678",
          "schiedam"), ("Hi I am back, call 0612345678", "delft")],
        [("Hi I am new, call 0612345678", "rotterdam"), ("Hi I am here, call 0612345678",
          "rotterdam"), ("Hi I am back, call 0612345678", "rotterdam")],
    ),
    "many_nationalities_per_operator": (
        [("Roemeense dame, bel 0612345678", "rotterdam"), ("Bulgarian lady, call 0612345678",
          "rotterdam"), ("Lieve dame, bel 0612345678", "rotterdam")],
        [("Roemeense dame, bel 0612345678", "rotterdam"), ("Romanian lady, call 0612345678",
          "rotterdam"), ("Lieve dame, bel 0612345678", "rotterdam")],
    ),
}  # fmt: skip


def test_every_cluster_indicator_has_cases() -> None:
    assert set(CLUSTER_CASES) == set(CLUSTER_INDICATORS)


@pytest.mark.parametrize("indicator", CLUSTER_INDICATORS)
@pytest.mark.parametrize("positive", [True, False])
def test_cluster_indicator(analyse, indicator: str, positive: bool) -> None:
    cases = CLUSTER_CASES[indicator][0 if positive else 1]
    records = [make_ad(f"ad-{i}", text, city=city) for i, (text, city) in enumerate(cases)]
    analysis = analyse(records)
    assert analysis.n_clusters == 1
    fired = indicator_names(int(analysis.cluster_bits[0]))
    assert (indicator in fired) is positive


@pytest.mark.parametrize(
    "texts",
    [
        ["Ik ben Anna, bel 0612345678", "Ik ben Olga, bel 0687654321", "Ik ben Mia, 0611112222"],
        ["I am Anna, call 0612345678", "I am Olga, call 0687654321", "I am Mia, call 0611112222"],
    ],
)  # fmt: skip
def test_names_in_unlinked_ads_are_not_a_cluster_signal(analyse, texts: list[str]) -> None:
    analysis = analyse([make_ad(f"ad-{i}", text) for i, text in enumerate(texts)])
    assert analysis.n_clusters == 3
    assert not analysis.cluster_bits.any()


def test_high_risk_rule_is_explicit_and_versioned(analyse) -> None:
    records = [
        make_ad("risky-nl", "Jong en fris, alles mogelijk zonder condoom"),
        make_ad("risky-en", "Young and fresh, real pics, available 24/7"),
        make_ad("one-signal", "Available 24/7 for massage"),
        make_ad("none", "Rustige massagesalon in het centrum"),
    ]
    analysis = analyse(records)
    assert analysis.settings.risk.version == "ads-risk-1.0"
    assert analysis.high_risk_of_unique().tolist() == [True, True, False, False]
    # Scores are 3.5, 3.5, 1.0 and 0.0 under the default weights.
    assert analysis.risk_scores_of_unique().tolist() == [3.5, 3.5, 1.0, 0.0]
    shares = analysis.share_high_risk_by_threshold([0.0, 1.0, 3.0, 3.5, 4.0])
    assert shares == [1.0, 0.75, 0.5, 0.5, 0.0]


def test_trigger_words_never_hide_a_match() -> None:
    # The token pre-filter is only a speed-up: on varied generated text (Dutch and English,
    # planted risk wording) it must give exactly what the bare patterns give.
    from zicht.core.ads.indicators import _TEXT_PATTERNS, text_indicator_bits
    from zicht.demo.ads_corpus import MILD_PHRASES, PLANTED_RISK, VARIANTS, generate_corpus

    examples = [text for group in AD_EXAMPLES.values() for text in group]
    examples += [ad["text"] for ad in generate_corpus(replace(VARIANTS["obfuscated"], n_ads=2000))]
    for language in ("nl", "en"):
        examples += [" ".join(combination) for combination in PLANTED_RISK[language]]
        examples += list(MILD_PHRASES[language])
    examples += ["24uur beschikbaar", "nonstop open", "oost-europese dame", "Oekraïense meid"]
    for text in examples:
        lowered = text.lower()
        bare = sum(
            INDICATOR_BITS[name]
            for name, pattern in _TEXT_PATTERNS.items()
            if pattern.search(lowered)
        )
        assert text_indicator_bits(lowered) == bare, text
