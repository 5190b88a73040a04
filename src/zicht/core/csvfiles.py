"""What every CSV reader in Zicht shares: which character separates the columns.

Partners export from Dutch spreadsheets (``;``), from other tools (``,``) or as tab-separated
text; Zicht reads the header line and takes the separator that splits it most, rather than
reading a ``;`` file as one column.
"""

from __future__ import annotations

SEPARATORS = (",", ";", "\t")


def column_separator(header_line: str) -> str:
    """The separator that splits ``header_line`` most; ``,`` when none occurs."""
    return max(SEPARATORS, key=header_line.count)
