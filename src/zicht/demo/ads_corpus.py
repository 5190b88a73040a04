"""Deterministic synthetic sex-ad corpora with ground-truth operators (no real data).

Two families:
* ``generate_corpus``: the public synthetic spec shared with the InfoShield benchmark (Zipf
  pseudo-words, templates with slots, stock phrases, operator phones and e-mails), with the
  variants easy, hard (5% of template words changed) and obfuscated (Dutch/English templates,
  disguised phone numbers, reposts).
* ``generate_demo_corpus``: the demo monitor's yearly Rijnmond corpora; risk patterns are
  planted so that Rotterdam (GM0599) gets an exact number of unique ads and of high-risk ads,
  which the real analysis then has to recover.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from zicht.core.ads.text import repost_fingerprint
from zicht.core.ads.vocabulary import CITY_NAMES, GIVEN_NAMES, NATIONALITY_WORDS, SPELLED_DIGITS

SYLLABLES = (
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da", "fe", "gu",
    "ho", "ji", "ku", "la", "me", "no", "pa", "re", "si", "to", "vu", "ze",
)  # fmt: skip
STOCK_PHRASES = (
    "new in town", "available 24/7", "young and fresh", "whatsapp only", "call me now",
    "discreet location", "private apartment", "outcall only", "incall and outcall",
    "real pictures", "no rush", "sweet and sexy", "open minded", "first time here",
    "satisfaction guaranteed", "ask for specials", "hygiene is important",
)  # fmt: skip
SLOT_NAMES = (
    "anna", "lisa", "emma", "sophie", "julia", "sara", "laura", "nina", "eva", "mia", "lena",
    "kim", "fleur", "jessica", "linda", "sandra", "monica", "natasha", "olga", "irina", "elena",
    "alina", "katja", "daria", "bella", "chloe", "jade", "luna", "stella", "nikki",
)  # fmt: skip
RIJNMOND_CITIES = (
    "rotterdam", "schiedam", "vlaardingen", "maassluis", "barendrecht", "ridderkerk",
    "spijkenisse", "capelle aan den ijssel", "krimpen aan den ijssel", "lansingerland",
)  # fmt: skip
_CBS_CODES = (
    "GM0599", "GM0606", "GM0622", "GM0556", "GM0489",
    "GM0597", "GM1930", "GM0502", "GM0542", "GM1621",
)  # fmt: skip
DEMO_CITY_TO_MUNICIPALITY: dict[str, str] = dict(zip(RIJNMOND_CITIES, _CBS_CODES, strict=True))
PHRASES = {
    "nl": (
        "hoi schatjes", "welkom bij mij", "kom gezellig langs", "ik ontvang je graag",
        "lekker ontspannen", "mooie discrete kamer", "parkeren voor de deur", "tot snel",
        "ik hou van lachen", "kusjes", "heerlijke massage", "alleen serieuze heren",
        "ik spreek nederlands en engels", "schone en rustige plek", "verwen jezelf",
        "geen haast", "lief en spontaan", "goede sfeer", "ook in het weekend",
        "koffie staat klaar", "bel gerust", "privé adres", "douche aanwezig",
    ),
    "en": (
        "hello gentlemen", "welcome to my place", "come and relax", "i love to laugh",
        "private and clean room", "parking nearby", "see you soon", "kisses",
        "wonderful massage", "only serious gentlemen", "i speak english", "treat yourself",
        "sweet and spontaneous", "good vibes only", "weekends too", "no rush",
        "open minded", "discreet location", "shower available", "coffee is ready",
    ),
}  # fmt: skip
SLOT_WRAPPERS = {
    "nl": {"name": "ik ben {name}", "age": "{age} jaar", "city": "in {city}",
           "phone": "bel {phone}", "price": "vanaf {price} euro"},
    "en": {"name": "i am {name}", "age": "{age} years", "city": "in {city}",
           "phone": "call {phone}", "price": "from {price} eur"},
}  # fmt: skip
MILD_PHRASES = {
    "nl": ("nieuw in de stad", "alleen whatsapp", "echte foto's", "24/7 beschikbaar", "discreet"),
    "en": ("new in town", "whatsapp only", "real pics", "available 24/7", "discreet"),
}
# Each planted combination scores at least the default threshold (3.0) on ad level alone.
PLANTED_RISK = {
    "nl": (
        ("zonder condoom", "jong en fris"),
        ("echte foto's", "24/7 beschikbaar", "{nation}"),
        ("jonge meid", "{young_age} jaar", "echte foto's"),
        ("alles mogelijk", "ze is nieuw hier"),
    ),
    "en": (
        ("no condom", "young and fresh"),
        ("real pics", "available 24/7", "{nation}"),
        ("young girl", "{young_age} years", "real pics"),
        ("everything possible", "she is new here"),
    ),
}
NATIONS = {"nl": ("roemeense", "thaise", "braziliaanse", "bulgaarse"),
           "en": ("romanian", "thai", "brazilian", "latina")}  # fmt: skip
_SPELLED = {
    "nl": ("nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
}
_KEYCAP = "\ufe0f\u20e3"


@dataclass(frozen=True)
class SyntheticCorpusSettings:
    """Parameters of a synthetic corpus; every random draw comes from ``seed``."""

    n_ads: int = 10_000
    seed: int = 2021
    word_edit_rate: float = 0.0
    language_templates: bool = False
    obfuscate_phones: bool = False
    repost_share: float = 0.0
    cluster_share: float = 0.3
    mean_extra_cluster_size: float = 4.0
    max_cluster_size: int = 60
    image_share: float = 0.3
    year: int = 2020


VARIANTS: dict[str, SyntheticCorpusSettings] = {
    "easy": SyntheticCorpusSettings(),
    "hard": SyntheticCorpusSettings(word_edit_rate=0.05),
    "obfuscated": SyntheticCorpusSettings(
        language_templates=True, obfuscate_phones=True, repost_share=0.1
    ),
}


class _Writer:
    """Shared random state: vocabulary, phones, dates and the repost-free fingerprint set."""

    def __init__(self, settings: SyntheticCorpusSettings) -> None:
        self.settings = settings
        self.rng = random.Random(settings.seed)
        self.words = _pseudo_words(8000, self.rng)
        self.cumulative = _zipf_cumulative(len(self.words), 1.05)
        self.used_phones: set[str] = set()
        self.fingerprints: set[int] = set()
        self.serial = 0

    def random_words(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def new_phone(self) -> str:
        while True:
            phone = "06" + "".join(self.rng.choices("0123456789", k=8))
            if phone not in self.used_phones:
                self.used_phones.add(phone)
                return phone

    def render_phone(self, phone: str, language: str) -> str:
        rng = self.rng
        if not self.settings.obfuscate_phones or rng.random() < 0.2:
            return rng.choice((phone, f"{phone[:2]}-{phone[2:]}", " ".join([phone[:2], phone[2:4],
                               phone[4:6], phone[6:8], phone[8:]])))  # fmt: skip
        style = rng.randrange(5)
        if style == 0:
            return " ".join(_SPELLED[language][int(digit)] for digit in phone)
        if style == 1:
            return " ".join(phone)
        if style == 2:
            return "".join(digit + _KEYCAP for digit in phone)
        if style == 3:
            return phone.replace("0", "O").replace("1", "l")
        return "".join(chr(0xFF10 + int(digit)) for digit in phone)

    def first_seen(self) -> date:
        return date(self.settings.year, 1, 1) + timedelta(days=self.rng.randrange(0, 330))

    def record(self, text: str, operator: str, city: str, extra: dict) -> dict | None:
        """The ad as a scraper would export it, or None when its wording already exists."""
        fingerprint = repost_fingerprint("", text)
        if fingerprint in self.fingerprints:
            return None
        self.fingerprints.add(fingerprint)
        self.serial += 1
        seen = self.first_seen()
        return {
            "ad_id": f"ad-{self.settings.seed}-{self.serial:07d}",
            "site": self.rng.choice(("kinky.example", "sexjobs.example", "redlights.example")),
            "first_seen": seen.isoformat(),
            "last_seen": (seen + timedelta(days=self.rng.randrange(0, 15))).isoformat(),
            "title": "",
            "text": text,
            "city": city,
            "operator": operator,
            **extra,
        }


@dataclass
class _Operator:
    key: str
    language: str
    pieces: list[str]
    phones: list[str]
    email: str
    images: list[str]
    name: str | None = None
    city: str | None = None
    age: int | None = None


def _pseudo_words(count: int, rng: random.Random) -> list[str]:
    reserved = GIVEN_NAMES | CITY_NAMES | set(SPELLED_DIGITS) | set(NATIONALITY_WORDS)
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < count:
        word = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
        if word not in seen and word not in reserved:
            seen.add(word)
            words.append(word)
    return words


def _zipf_cumulative(count: int, exponent: float) -> list[float]:
    total, cumulative = 0.0, []
    for rank in range(1, count + 1):
        total += 1.0 / rank**exponent
        cumulative.append(total)
    return cumulative


def _new_operator(
    writer: _Writer,
    key: str,
    *,
    language: str | None = None,
    calm: bool = False,
    extra_pieces: tuple[str, ...] = (),
) -> _Operator:
    rng, settings = writer.rng, writer.settings
    if language is None:
        language = (
            rng.choice(("nl", "nl", "nl", "en", "en")) if settings.language_templates else "en"
        )
    pieces = writer.random_words(rng.randint(20, 45))
    if settings.language_templates:
        for phrase in rng.sample(PHRASES[language], rng.randint(3, 6)):
            pieces.insert(rng.randrange(len(pieces) + 1), phrase)
    for slot in ("name", "age", "city", "phone", "price"):
        pieces.insert(rng.randrange(len(pieces) + 1), "{" + slot + "}")
    # Calm (non-planted) ads carry at most one mild phrase, so they stay below the threshold.
    stock = (
        rng.sample(MILD_PHRASES[language], rng.randint(0, 1))
        if calm
        else (rng.sample(STOCK_PHRASES, rng.randint(0, 2)))
    )
    for phrase in [*stock, *extra_pieces]:
        pieces.insert(rng.randrange(len(pieces) + 1), phrase)
    phones = [writer.new_phone() for _ in range(rng.randint(1, 3))]
    email = f"{writer.random_words(1)[0]}.{key}@mail.example"
    images = [f"{rng.getrandbits(64):016x}" for _ in range(rng.randint(1, 2))]
    return _Operator(key, language, pieces, phones, email, images)


def _fill(writer: _Writer, pieces: list[str], language: str, slots: dict) -> str:
    wrappers = SLOT_WRAPPERS[language] if writer.settings.language_templates else None
    words = []
    for piece in pieces:
        if piece.startswith("{") and piece[1:-1] in slots:
            slot = piece[1:-1]
            piece = wrappers[slot] if wrappers and slot in wrappers else piece
            piece = piece.replace("{" + slot + "}", str(slots[slot]))
        elif " " not in piece and writer.rng.random() < writer.settings.word_edit_rate:
            piece = writer.random_words(1)[0]
        words.append(piece)
    return " ".join(words).format(**slots)


def _slots(writer: _Writer, operator: _Operator | None, language: str, young: bool = False) -> dict:
    rng = writer.rng
    if operator is not None and rng.random() < 0.7:
        phone = rng.choice(operator.phones)
    else:
        phone = writer.new_phone()
    name = operator.name if operator and operator.name else rng.choice(SLOT_NAMES)
    city = operator.city if operator and operator.city else rng.choice(RIJNMOND_CITIES)
    age = operator.age if operator and operator.age else rng.randint(18, 35)
    return {
        "name": name,
        "age": age,
        "city": city,
        "price": rng.randint(50, 200),
        "phone": writer.render_phone(phone, language),
        "nation": rng.choice(NATIONS[language]),
        "young_age": rng.randint(18, 20) if young else age,
    }


def _operator_ad(writer: _Writer, operator: _Operator, city: str | None = None) -> dict | None:
    rng = writer.rng
    slots = _slots(writer, operator, operator.language, young=True)
    if city is not None:
        slots["city"] = city
    text = _fill(writer, operator.pieces, operator.language, slots)
    if rng.random() < 0.3:
        text += " " + " ".join(writer.random_words(rng.randint(1, 4)))
    extra = {
        "emails": [operator.email] if rng.random() < 0.5 else [],
        "image_hashes": [rng.choice(operator.images)]
        if rng.random() < writer.settings.image_share
        else [],
        "age": slots["age"],
        "price": slots["price"],
        "languages": [operator.language],
    }
    return writer.record(text, operator.key, slots["city"], extra)


def _noise_ad(writer: _Writer, key: str, *, city: str | None = None) -> dict | None:
    """An independent advertiser; with ``city`` given, a calm demo ad aged 21-45."""
    rng, templated = writer.rng, writer.settings.language_templates
    language = rng.choice(("nl", "en")) if templated else "en"
    pieces = writer.random_words(rng.randint(20, 50))
    if templated:
        for phrase in rng.sample(PHRASES[language], rng.randint(2, 5)):
            pieces.insert(rng.randrange(len(pieces) + 1), phrase)
    calm = city is not None
    stock = (
        rng.sample(MILD_PHRASES[language], rng.randint(0, 1))
        if calm
        else rng.sample(STOCK_PHRASES, rng.randint(0, 3))
    )
    for piece in ["{name}", "{age}", "{city}", "{phone}", *stock]:
        pieces.insert(rng.randrange(len(pieces) + 1), piece)
    slots = _slots(writer, None, language)
    if calm:
        slots["city"], slots["age"] = city, rng.randint(21, 45)
    text = _fill(writer, pieces, language, slots)
    extra = {"emails": [], "image_hashes": [], "age": slots["age"], "languages": [language]}
    return writer.record(text, key, slots["city"], extra)


def _cluster_size(writer: _Writer, remaining: int) -> int:
    settings = writer.settings
    size = 2 + int(writer.rng.expovariate(1.0 / settings.mean_extra_cluster_size))
    return min(size, settings.max_cluster_size, remaining)


def _with_reposts(writer: _Writer, ads: list[dict]) -> list[dict]:
    rng, result = writer.rng, list(ads)
    for ad in ads:
        if rng.random() < writer.settings.repost_share:
            for copy_number in range(1, rng.randint(1, 3) + 1):
                repost = dict(ad, ad_id=f"{ad['ad_id']}-r{copy_number}")
                seen = date.fromisoformat(ad["first_seen"]) + timedelta(days=copy_number * 10)
                repost["first_seen"] = repost["last_seen"] = seen.isoformat()
                result.append(repost)
    rng.shuffle(result)
    return result


def generate_corpus(settings: SyntheticCorpusSettings) -> list[dict]:
    """Ads of the public synthetic spec (plus variant options), ground truth in ``operator``."""
    writer = _Writer(settings)
    ads: list[dict] = []
    cluster_target = round(settings.cluster_share * settings.n_ads)
    operator_number = 0
    while len(ads) < cluster_target and cluster_target - len(ads) >= 2:
        operator_number += 1
        operator = _new_operator(writer, f"op-{operator_number}")
        size = _cluster_size(writer, cluster_target - len(ads))
        ads.extend(_produce(lambda op=operator: _operator_ad(writer, op), size))
    while len(ads) < settings.n_ads:
        ads.extend(_produce(lambda: _noise_ad(writer, f"noise-{len(ads)}"), 1))
    return _with_reposts(writer, ads)


def _produce(make: Callable[[], dict | None], count: int) -> list[dict]:
    """``count`` ads from ``make``, retrying the rare draw that repeats existing wording."""
    produced: list[dict] = []
    while len(produced) < count:
        ad = make()
        if ad is not None:
            produced.append(ad)
    return produced


def write_jsonl(ads: list[dict], path: Path | str) -> Path:
    """Write ads as JSON Lines (UTF-8, one object per line)."""
    path = Path(path)
    with path.open("w", encoding="utf-8") as handle:
        for ad in ads:
            handle.write(json.dumps(ad, ensure_ascii=False) + "\n")
    return path


@dataclass(frozen=True)
class DemoYear:
    """Targets of one demo year: Rotterdam's unique ads and planted high-risk share."""

    rotterdam_unique_ads: int
    rotterdam_share_high_risk: float
    other_cities_unique_ads: int


DEMO_SEED = 20_200_599
DEMO_YEARS: dict[int, DemoYear] = {
    2018: DemoYear(24_310, 0.09, 8_900),
    2019: DemoYear(28_702, 0.09, 10_400),
    2020: DemoYear(32_951, 0.08, 12_000),
    2021: DemoYear(30_188, 0.07, 11_300),
}


def generate_demo_corpus(year: int = 2020, *, seed: int = DEMO_SEED) -> list[dict]:
    """The demo's Rijnmond corpus for one year (Dutch and English, disguised phones, reposts).

    Rotterdam gets exactly ``rotterdam_unique_ads`` ads with distinct wording, of which
    round(share * count) carry planted risk patterns that reach the default threshold on ad
    level alone; all other ads carry at most one mild indicator plus possibly a disguised
    phone. The analysis must recover both numbers; nothing downstream reads these targets.
    """
    target = DEMO_YEARS[year]
    settings = SyntheticCorpusSettings(
        seed=seed + year, year=year, language_templates=True, obfuscate_phones=True,
        repost_share=0.2,
    )  # fmt: skip
    writer = _Writer(settings)
    planted = round(target.rotterdam_share_high_risk * target.rotterdam_unique_ads)
    ads = _risk_operator_ads(writer, planted)
    ads += _calm_ads(writer, target.rotterdam_unique_ads - planted, "rotterdam")
    others = RIJNMOND_CITIES[1:]
    for index, city in enumerate(others):
        share = target.other_cities_unique_ads // len(others)
        extra = target.other_cities_unique_ads % len(others) if index == 0 else 0
        ads += _calm_ads(writer, share + extra, city)
    return _with_reposts(writer, ads)


def _risk_operator_ads(writer: _Writer, rotterdam_count: int) -> list[dict]:
    rng, ads, placed, number = writer.rng, [], 0, 0
    while placed < rotterdam_count:
        number += 1
        language = rng.choice(("nl", "en"))
        operator = _new_operator(
            writer, f"risk-{number}", language=language, calm=True,
            extra_pieces=rng.choice(PLANTED_RISK[language]),
        )  # fmt: skip
        size = _cluster_size(writer, rotterdam_count - placed)
        ads += _produce(lambda op=operator: _operator_ad(writer, op, "rotterdam"), size)
        placed += size
        # Location hopping: some ads of the same operator elsewhere in the region.
        for _ in range(rng.randint(0, 2) if size > 1 else 0):
            hop = rng.choice(RIJNMOND_CITIES[1:])
            ads += _produce(lambda op=operator, city=hop: _operator_ad(writer, op, city), 1)
    return ads


def _calm_ads(writer: _Writer, count: int, city: str) -> list[dict]:
    """Independent advertisers and one-woman operators: one name, one city, adult age."""
    rng, ads = writer.rng, []
    cluster_target = round(writer.settings.cluster_share * count)
    number = 0
    while cluster_target - len(ads) >= 2:
        number += 1
        operator = _new_operator(writer, f"calm-{city}-{number}", calm=True)
        operator.name, operator.city = rng.choice(SLOT_NAMES), city
        operator.age = rng.randint(21, 45)
        size = _cluster_size(writer, cluster_target - len(ads))
        ads += _produce(lambda op=operator: _operator_ad(writer, op, city), size)
    while len(ads) < count:
        key = f"noise-{city}-{len(ads)}"
        ads += _produce(lambda key=key: _noise_ad(writer, key, city=city), 1)
    return ads
