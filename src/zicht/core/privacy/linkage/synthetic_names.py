"""Name material for the synthetic generator: common public names, syllables, places.

Frequencies are Zipf-like (weight 1/sqrt(rank)), so a few first names are common, as in real
lists; that is what a frequency attack exploits and what the tests try.
"""

from __future__ import annotations

import numpy as np


def _words(text: str, separator: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(separator))


DUTCH_GIVEN_MALE = _words(
    "Jan Daan Sem Lucas Noah Levi Finn Luuk Milan Bram Thomas Lars Ruben Tim Jesse Thijs "
    "Stijn Jeroen Mark Dennis Kevin Sander Bas Niels Joost Pieter Willem Hendrik Kees "
    "Gerrit Johannes Cornelis Dirk Maarten Wouter Rutger Gijs Koen Floris Sven Teun Mees "
    "Joep Siem Hugo Julian Mohamed Youssef Ayoub Rayan",
)
DUTCH_GIVEN_FEMALE = _words(
    "Emma Julia Mila Tess Sophie Zoë Sara Nora Anna Lotte Eva Fleur Lisa Sanne Anouk "
    "Femke Iris Maud Noor Lieke Esmee Demi Romy Britt Isa Floor Yara Nina Amber Kim Linda "
    "Marieke Ingrid Annelies Hanneke Renée Chloë Inge Petra Wilma Johanna Maria Cornelia "
    "Fatima Imane Salma Noa Liv Evi Jasmijn",
)
FOREIGN_GIVEN = {
    "Roemenië": _words(
        "Ioana Elena Maria Andreea Mihaela Ana Alexandra "
        "Cristina Ștefan Andrei Ionuț Gheorghe Florin Mădălina Bianca"
    ),
    "Nigeria": _words(
        "Blessing Joy Precious Favour Esther Gift Mercy "
        "Peace Chidi Emeka Tunde Ngozi Adaeze Oluwaseun Chiamaka"
    ),
    "Polen": _words(
        "Łukasz Piotr Krzysztof Tomasz Paweł Agnieszka Katarzyna "
        "Małgorzata Anna Magdalena Zofia Wojciech Michał Joanna Ewa"
    ),
    "Bulgarije": _words(
        "Ivan Georgi Dimitar Petar Nikolay Maria Ivanka "
        "Elena Yordanka Desislava Tsvetelina Stoyan Hristo Galina Radka"
    ),
    "Hongarije": _words(
        "László István József Zoltán Gábor Erzsébet Katalin "
        "Ilona Éva Zsófia Márta Ágnes Attila Tamás Eszter"
    ),
    "Oekraïne": _words(
        "Oleksandr Andriy Serhiy Mykola Olena Iryna Natalia "
        "Oksana Tetiana Yulia Dmytro Bohdan Viktoria Anastasiia Halyna"
    ),
    "Vietnam": _words(
        "Anh Linh Minh Hoa Lan Thao Trang Tuan Hung Dung Quang Huong Mai Phuong Khanh"
    ),
    "Eritrea": _words(
        "Yonas Filmon Tesfay Merhawi Senait Helen Selam "
        "Rahel Mebrahtu Semhar Winta Aman Biniam Saba Luwam"
    ),
}
DUTCH_FAMILY = _words(
    "de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|"
    "de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|"
    "Dijkstra|Smits|de Graaf|van der Meer|van der Linden|Kok|Jacobs|de Haan|Vermeulen|"
    "van den Heuvel|van der Veen|van den Broek|de Bruijn|de Bruin|van der Heijden|"
    "Schouten|van Beek|Willems|van Vliet|van de Ven|Hoekstra|Maas|Verhoeven|Koster|"
    "van Dam|van der Wal|Prins|Blom|Huisman|Peeters|de Jonge|Kuipers|van Veen|Post|Kuiper|"
    "Veenstra|Kramer|van den Brink|Scholten|van Wijk|Postma|Martens|Vink|de Ruiter|"
    "Timmermans|Groen|Gerritsen|Jonker|van Loon|van der Velde|Willemsen|Smeets|de Lange|"
    "de Vos|Bosch|van Dongen|Schipper|de Koning|van der Laan|Koning|Driessen|van Doorn|"
    "Hermans|Evers|van den Bosch|Hofman|van 't Hof|ter Horst|ten Cate|El Amrani|Öztürk|"
    "Yılmaz|Bouzid",
    "|",
)
FOREIGN_FAMILY = {
    "Roemenië": _words(
        "Popescu|Popa|Ionescu|Dumitru|Stan|Stoica|Gheorghe|Rusu|Munteanu|Matei", "|"
    ),
    "Nigeria": _words("Okafor|Adeyemi|Okonkwo|Eze|Nwosu|Obi|Balogun|Ogunleye|Chukwu|Bello", "|"),
    "Polen": _words(
        "Nowak|Kowalski|Wiśniewski|Wójcik|Kowalczyk|Kamiński|Lewandowski|Zieliński", "|"
    ),
    "Bulgarije": _words("Ivanov|Georgiev|Dimitrov|Petrov|Nikolov|Hristov|Stoyanov|Todorov", "|"),
    "Hongarije": _words("Nagy|Kovács|Tóth|Szabó|Horváth|Varga|Kiss|Molnár|Németh|Farkas", "|"),
    "Oekraïne": _words("Melnyk|Shevchenko|Boyko|Kovalenko|Bondarenko|Tkachenko|Kravchenko", "|"),
    "Vietnam": _words("Nguyễn|Trần|Lê|Phạm|Hoàng|Phan|Vũ|Đặng|Bùi|Đỗ", "|"),
    "Eritrea": _words("Tesfamariam|Ghebremedhin|Haile|Kidane|Tekle|Berhane|Woldu|Asmerom", "|"),
}
FOREIGN_SUFFIXES = {
    "Roemenië": ("escu", "eanu", "u", "an"),
    "Nigeria": ("ade", "oye", "wu", "eke"),
    "Polen": ("ski", "czyk", "ak", "ewicz"),
    "Bulgarije": ("ov", "ev", "ova", "eva"),
    "Hongarije": ("i", "y", "ó", "és"),
    "Oekraïne": ("enko", "uk", "chuk", "ets"),
    "Vietnam": ("", "", "", ""),
    "Eritrea": ("ai", "om", "ezghi", "at"),
}
COUNTRIES = ("Nederland", *FOREIGN_GIVEN)
COUNTRY_WEIGHTS = np.array([0.38, 0.12, 0.1, 0.09, 0.07, 0.06, 0.07, 0.06, 0.05])
SYLLABLE_STARTS = _words("ver van ber hoo kamp wes ste bro gro hol mol dek lin ros wil zan ker bl")
SYLLABLE_ENDS = _words("hoef beek kamp man stra sma ink ing dijk veld hout mans ma ens ers horst")
MUNICIPALITIES = (
    "Rotterdam",
    "Schiedam",
    "Vlaardingen",
    "Maassluis",
    "Capelle aan den IJssel",
    "Barendrecht",
    "Ridderkerk",
    "Lansingerland",
    "Nissewaard",
    "Voorne aan Zee",
)
EXPLOITATION_FORMS = ("seksueel", "arbeid", "crimineel")


def _zipf_choice(rng: np.random.Generator, options: list[str] | tuple[str, ...]) -> str:
    weights = 1.0 / np.sqrt(np.arange(1, len(options) + 1))
    return options[int(rng.choice(len(options), p=weights / weights.sum()))]


def draw_country(rng: np.random.Generator) -> str:
    weights = COUNTRY_WEIGHTS / COUNTRY_WEIGHTS.sum()
    return COUNTRIES[int(rng.choice(len(COUNTRIES), p=weights))]


def draw_given_name(rng: np.random.Generator, sex: str, country: str) -> str:
    if country == "Nederland":
        return _zipf_choice(rng, DUTCH_GIVEN_MALE if sex == "M" else DUTCH_GIVEN_FEMALE)
    return _zipf_choice(rng, FOREIGN_GIVEN[country])


def _syllable_name(rng: np.random.Generator) -> str:
    start = SYLLABLE_STARTS[int(rng.integers(len(SYLLABLE_STARTS)))]
    middle = SYLLABLE_ENDS[int(rng.integers(len(SYLLABLE_ENDS)))]
    end = SYLLABLE_ENDS[int(rng.integers(len(SYLLABLE_ENDS)))] if rng.random() < 0.5 else ""
    return (start + middle + end).capitalize()


def draw_family_name(rng: np.random.Generator, country: str) -> tuple[str, str]:
    """``(prefix, core)``; half of the names are syllable-built so that names stay varied."""
    if country == "Nederland":
        if rng.random() < 0.7:
            prefix = _zipf_choice(rng, ("", "", "", "van", "de", "van der", "van den", "ter"))
            return prefix, _syllable_name(rng)
        written = _zipf_choice(rng, DUTCH_FAMILY)
        words = written.split()
        prefix_words = [word for word in words[:-1] if word[0].islower() or word == "'t"]
        return " ".join(prefix_words), " ".join(words[len(prefix_words) :])
    if rng.random() < 0.85:
        suffix = FOREIGN_SUFFIXES[country][int(rng.integers(len(FOREIGN_SUFFIXES[country])))]
        return "", _syllable_name(rng) + suffix
    return "", _zipf_choice(rng, FOREIGN_FAMILY[country])
