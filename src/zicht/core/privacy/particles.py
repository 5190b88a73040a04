"""Surname particles ("van der", "de la", "dos"): the one list every reader of names shares.

The guard, the linkage normaliser and the name-list generator each need a slightly different
set (the normaliser also drops "v.d." and Dutch prepositions, the guard also "bin" and
"abu"), so each composes its own from these parts instead of keeping a copy.
"""

from __future__ import annotations

#: Dutch particles, as in "van der Berg", "ter Horst", "den Uyl".
DUTCH = frozenset({"van", "de", "der", "den", "het", "ten", "ter", "te"})
#: Dutch prepositions that stand in compound surnames ("in 't Veld", "op den Akker").
DUTCH_PREPOSITIONS = frozenset({"in", "op", "aan"})
#: Particles of other languages found among the persons Dutch partners register.
FOREIGN = frozenset({"la", "le", "du", "di", "da", "del", "el", "al", "von", "zu"})
#: Plural forms (French "des", Portuguese "dos", "das").
FOREIGN_PLURAL = frozenset({"des", "dos", "das"})
#: Arabic and Hebrew patronymic particles ("bin Laden", "ben David", "abu Bakr").
PATRONYMIC = frozenset({"bin", "ben", "abu"})
