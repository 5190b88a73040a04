"""Partner deliveries: read a file, validate every row, and turn it into observations.

A delivery is validated whole before anything is stored; every problem names the row, the
column and the reason, in Dutch. Record-level files are counted on import and their rows are
never kept.
"""

from zicht.core.deliveries.errors import DeliveryError, DeliveryRejected
from zicht.core.deliveries.importing import ParsedDelivery, parse_delivery
from zicht.core.deliveries.limits import DeliveryLimits, read_limited
from zicht.core.deliveries.reading import read_table
from zicht.core.deliveries.rows import ObservationRow, observation_rows
from zicht.core.deliveries.templates import write_template

__all__ = [
    "DeliveryError",
    "DeliveryLimits",
    "DeliveryRejected",
    "ObservationRow",
    "ParsedDelivery",
    "observation_rows",
    "parse_delivery",
    "read_limited",
    "read_table",
    "write_template",
]
