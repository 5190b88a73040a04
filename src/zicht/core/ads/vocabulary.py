"""Word lists used to mask slot values and to count names, cities and nationalities.

The lists are deliberately small and public: they mask what changes between the ads of one
operator (name, city) so that the template underneath can be compared.
"""

from __future__ import annotations

# Common working names in Dutch and international escort ads (lower case).
GIVEN_NAMES: frozenset[str] = frozenset(
    """
    anna lisa emma sophie julia sara sarah laura nina eva mia lena lara kim anouk fleur jessica
    jennifer linda sandra monica natasha natalia olga irina elena alina katja katya daria vika
    viktoria victoria valentina angelina angela maria mariya marina svetlana tanya tatiana
    oksana yana ioana andreea alexandra bianca diana roxana simona cristina gabriela adriana
    raluca denisa larisa bella chloe amber jade ruby lily luna stella nikki candy destiny
    crystal diamond jasmine yasmin leila aisha amira fatima samira lucia carmen paula camila
    isabella gabriella daniela sofia valeria luciana juliana fernanda bruna thais amanda
    vanessa patricia mai lin mei yuki suki lan anh linh ploy nok kitty lola lulu mimi
    coco gigi vivian melissa michelle nicole nadia naomi noor demi britt femke iris lotte maud
    roos sanne tess vera zoe yara eline esmee ilse inge joyce kelly lieke manon merel romy
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# Larger Dutch places and all of Rijnmond; multi-word names are matched as a phrase.
CITY_NAMES: frozenset[str] = frozenset(
    """
    rotterdam schiedam vlaardingen maassluis barendrecht ridderkerk spijkenisse nissewaard
    hellevoetsluis lansingerland dordrecht zwijndrecht papendrecht gouda delft amsterdam
    utrecht eindhoven groningen tilburg almere breda nijmegen apeldoorn haarlem arnhem enschede
    amersfoort zaanstad zoetermeer leiden maastricht zwolle leeuwarden alkmaar emmen venlo
    deventer helmond oss hilversum heerlen westland amstelveen purmerend roosendaal schagen
    hoorn lelystad alphen heerhugowaard
    """.split()  # noqa: SIM905
) | frozenset(
    {
        "den haag",
        "the hague",
        "'s-gravenhage",
        "capelle aan den ijssel",
        "krimpen aan den ijssel",
        "den bosch",
        "'s-hertogenbosch",
        "hoek van holland",
        "bergen op zoom",
    }
)

# Spelled-out digits in Dutch and English, as used to hide phone numbers from filters.
SPELLED_DIGITS: dict[str, str] = {
    "nul": "0",
    "zero": "0",
    "een": "1",
    "één": "1",
    "eén": "1",
    "one": "1",
    "twee": "2",
    "two": "2",
    "drie": "3",
    "three": "3",
    "vier": "4",
    "four": "4",
    "vijf": "5",
    "five": "5",
    "zes": "6",
    "six": "6",
    "zeven": "7",
    "seven": "7",
    "acht": "8",
    "eight": "8",
    "negen": "9",
    "nine": "9",
}

# Nationality and ethnicity words (Dutch and English), normalised to one label each so that
# an operator advertising "roemeense" and "romanian" women counts one nationality.
NATIONALITY_WORDS: dict[str, str] = {
    **dict.fromkeys(["asian", "aziatisch", "aziatische"], "asian"),
    **dict.fromkeys(["thai", "thaise"], "thai"),
    **dict.fromkeys(["chinese", "chinees"], "chinese"),
    **dict.fromkeys(["japanese", "japanse"], "japanese"),
    **dict.fromkeys(["latina", "latin", "latijns", "latijnse"], "latin"),
    **dict.fromkeys(["brazilian", "braziliaans", "braziliaanse"], "brazilian"),
    **dict.fromkeys(["colombian", "colombiaanse"], "colombian"),
    **dict.fromkeys(["dominican", "dominicaanse"], "dominican"),
    **dict.fromkeys(["ebony", "african", "afrikaans", "afrikaanse"], "african"),
    **dict.fromkeys(["nigerian", "nigeriaanse"], "nigerian"),
    **dict.fromkeys(["russian", "russisch", "russische"], "russian"),
    **dict.fromkeys(["ukrainian", "oekraiens", "oekraiense", "oekraïense"], "ukrainian"),
    **dict.fromkeys(["romanian", "roemeens", "roemeense"], "romanian"),
    **dict.fromkeys(["bulgarian", "bulgaars", "bulgaarse"], "bulgarian"),
    **dict.fromkeys(["hungarian", "hongaars", "hongaarse"], "hungarian"),
    **dict.fromkeys(["polish", "pools", "poolse"], "polish"),
    **dict.fromkeys(["czech", "tsjechisch", "tsjechische"], "czech"),
    **dict.fromkeys(["spanish", "spaans", "spaanse"], "spanish"),
    **dict.fromkeys(["italian", "italiaans", "italiaanse"], "italian"),
    **dict.fromkeys(["exotic", "exotisch", "exotische"], "exotic"),
    **dict.fromkeys(["oost-europese", "oosteuropese", "eastern-european"], "east_european"),
}

MASK_TOKENS: dict[str, str] = {
    "phone": "<phone>",
    "email": "<email>",
    "number": "<num>",
    "name": "<name>",
    "city": "<city>",
}
