"""A synthetic corpus for the free-text check: Dutch notes with and without a person's name.

Sentences like the notes partners and coordinators write, filled from Faker (a development
dependency): names from many locales (most of them outside Zicht's own name lists) in the
forms notes use ("Zsófia Kovács", "mevrouw Kovács"), and clean sentences full of what a
name check must not refuse: real Dutch places and streets, provinces, organisations of the
field and capitalised common words. Every sentence knows where its name is, so the
benchmark can check that the finding lies on the name.

    .venv/bin/python -m zicht.demo.free_text_corpus        # prints the measured rates
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Latin-script locales; those marked * are not in Zicht's name lists (names.py).
LOCALES = (
    "hu_HU",  # *
    "cs_CZ",  # *
    "lt_LT",  # *
    "et_EE",  # *
    "hr_HR",  # *
    "sl_SI",  # *
    "fi_FI",  # *
    "vi_VN",  # *
    "zu_ZA",  # *
    "sv_SE",  # *
    "pl_PL",
    "ro_RO",
    "tr_TR",
    "nl_NL",
    "yo_NG",
    "pt_BR",
    "id_ID",
    "bg_BG",  # Cyrillic, as some notes copy names from documents
)
TITLES = ("mevrouw", "meneer", "de heer", "mw.", "dhr.")
NAME_TEMPLATES = (
    "{name} heeft zich vorige week gemeld bij het zorgloket.",
    "Gisteren sprak de zorgcoördinator met {name} over opvang.",
    "De melding over {name} kwam binnen via de politie in {city}.",
    "Volgens de Arbeidsinspectie werkte {name} zonder contract in een kas.",
    "Na het gesprek is {name} doorverwezen naar CoMensha.",
    "{name} verblijft sinds maart in de opvang.",
    "Het dossier van {name} is overgedragen aan het Zorg- en Veiligheidshuis.",
    "Bij een controle aan de {street} is {name} aangetroffen.",
    "Signaal: {name} werkt mogelijk onder dwang in een nagelsalon.",
    "Let op, de levering bevat een regel over {name} die eruit moet.",
    "Correctie na overleg met {name} van het wijkteam.",
    "{name} en haar dochter zijn opgevangen in {city}.",
)
CLEAN_TEMPLATES = (
    "In {city} zijn dit kwartaal {n} controles uitgevoerd aan de {street}.",
    "De Politie en de Gemeente {city} hebben het Plan van Aanpak besproken.",
    "Het Openbaar Ministerie heeft {n} zaken overgedragen aan de rechtbank.",
    "Volgens CoMensha is het aantal meldingen in {province} gestegen.",
    "Vanwege de COVID-19 maatregelen waren er minder controles in {city}.",
    "Op de {street} in {city} is een pand gesloten na een Bibob-toets.",
    "De Koninklijke Marechaussee controleerde {n} busreizigers bij {city}.",
    "Het Expertisecentrum Mensenhandel en Mensensmokkel publiceert in {month} de cijfers.",
    "Veilig Thuis meldde {n} signalen van uitbuiting in {city} en {city2}.",
    "Aanvullende levering: {n} meldingen uit {city} waren eerder vergeten.",
    "De Nationale Rapporteur Mensenhandel bevestigt de trend in {province}.",
    "Jaarverslag Fier: {n} jongeren kregen hulp via de chat.",
    "Ondersteuning door het Leger des Heils en het Rode Kruis in {city}.",
    "Uitbuiting in de Land- en Tuinbouw en in de Logistiek blijft moeilijk zichtbaar.",
    "Buurtbewoners van de {street} meldden verdachte situaties bij Meld Misdaad Anoniem.",
    "Na Overleg met de Coördinator is het Rapport over {year} aangepast.",
    "Cijfers over {year} zijn voorlopig; de Zorgtafel levert in {month} opnieuw.",
    "Tijdens de Week tegen Mensenhandel gaven wij {n} trainingen in {city}.",
    "Het Schakelteam Mensenhandel van de Regio {city} kwam {n} keer bijeen.",
    "Excuses voor de late levering: de Afdeling Handhaving had een Storing.",
)
MONTHS = ("januari", "maart", "juni", "september", "november")


@dataclass(frozen=True, slots=True)
class CorpusSentence:
    text: str
    locale: str  # "" for a clean sentence
    name_span: tuple[int, int] | None  # where the name is; None when clean


def _fill(template: str, fake_nl, rng: random.Random, name: str = "") -> CorpusSentence:
    values = {
        "city": fake_nl.city(),
        "city2": fake_nl.city(),
        "street": fake_nl.street_name(),
        "province": fake_nl.administrative_unit(),
        "n": rng.randint(2, 140),
        "month": rng.choice(MONTHS),
        "year": rng.randint(2018, 2024),
    }
    if not name:
        return CorpusSentence(template.format(**values), "", None)
    head, _, tail = template.partition("{name}")
    prefix = head.format(**values)
    text = prefix + name + tail.format(**values)
    return CorpusSentence(text, "?", (len(prefix), len(prefix) + len(name)))


def _name(fake, rng: random.Random, first_in_sentence: bool) -> str:
    if rng.random() < 0.2:
        title = rng.choice(TITLES)
        return (
            (title[:1].upper() + title[1:] if first_in_sentence else title) + " " + fake.last_name()
        )
    return f"{fake.first_name()} {fake.last_name()}"


def name_sentences(per_locale: int = 60, seed: int = 16) -> list[CorpusSentence]:
    from faker import Faker

    rng = random.Random(seed)
    fake_nl = Faker("nl_NL")
    fake_nl.seed_instance(seed)
    out = []
    for locale in LOCALES:
        fake = Faker(locale)
        fake.seed_instance(seed)
        for _ in range(per_locale):
            template = rng.choice(NAME_TEMPLATES)
            name = _name(fake, rng, template.startswith("{name}"))
            sentence = _fill(template, fake_nl, rng, name)
            out.append(CorpusSentence(sentence.text, locale, sentence.name_span))
    return out


def clean_sentences(count: int = 1000, seed: int = 16) -> list[CorpusSentence]:
    from faker import Faker

    rng = random.Random(seed + 1)
    fake_nl = Faker("nl_NL")
    fake_nl.seed_instance(seed + 1)
    return [_fill(rng.choice(CLEAN_TEMPLATES), fake_nl, rng) for _ in range(count)]


@dataclass(frozen=True)
class CorpusResult:
    names: int
    names_found: int
    clean: int
    clean_refused: int
    missed_by_locale: dict[str, int]

    @property
    def recall(self) -> float:
        return self.names_found / self.names

    @property
    def false_refusal_rate(self) -> float:
        return self.clean_refused / self.clean


def measure(per_locale: int = 60, clean: int = 1000, seed: int = 16) -> CorpusResult:
    """Names found (a person-name finding overlapping the name) and clean sentences refused
    (any finding at all)."""
    from zicht.core.privacy.guard.free_text import check_free_text
    from zicht.core.privacy.guard.kinds import PersonalDataKind

    found, missed = 0, {}
    named = name_sentences(per_locale, seed)
    for sentence in named:
        start, end = sentence.name_span
        hits = [
            f
            for f in check_free_text(sentence.text)
            if f.kind is PersonalDataKind.PERSON_NAME and f.start < end and f.end > start
        ]
        if hits:
            found += 1
        else:
            missed[sentence.locale] = missed.get(sentence.locale, 0) + 1
    refused = sum(bool(check_free_text(s.text)) for s in clean_sentences(clean, seed))
    return CorpusResult(len(named), found, clean, refused, missed)


if __name__ == "__main__":
    result = measure()
    print(
        f"names found: {result.names_found}/{result.names} ({result.recall:.1%}); "
        f"clean sentences refused: {result.clean_refused}/{result.clean} "
        f"({result.false_refusal_rate:.1%}); missed per locale: {result.missed_by_locale}"
    )
