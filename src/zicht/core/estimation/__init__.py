"""Multiple systems estimation of the hidden number of victims.

The public surface is small: read or build a ``CaptureTable``, choose ``EstimationSettings``,
call ``estimate_population`` (or ``estimate_by_stratum``) and get a frozen
``EstimationResult``. A table that does not support an estimate raises
``EstimateDoesNotExistError`` with a Dutch explanation instead of returning a number.
"""

from zicht.core.estimation.estimate import estimate_population, select_model
from zicht.core.estimation.existence import ExistenceCheck, ExistenceCode, check_existence
from zicht.core.estimation.result import (
    AlternativeEstimate,
    EstimateDoesNotExistError,
    EstimationResult,
)
from zicht.core.estimation.settings import (
    AlternativeSettings,
    BootstrapKind,
    EstimationSettings,
    IntervalMethod,
    IntervalSettings,
    SelectionMethod,
    SelectionSettings,
)
from zicht.core.estimation.stratified import (
    StratificationSettings,
    StratumEstimate,
    estimate_by_stratum,
    pool_sparse_lists,
)
from zicht.core.estimation.table import (
    CaptureTable,
    CaptureTableError,
    capture_table_from_mapping,
    capture_table_from_patterns,
    read_capture_table_csv,
)

__all__ = [
    "AlternativeEstimate",
    "AlternativeSettings",
    "BootstrapKind",
    "CaptureTable",
    "CaptureTableError",
    "EstimateDoesNotExistError",
    "EstimationResult",
    "EstimationSettings",
    "ExistenceCheck",
    "ExistenceCode",
    "IntervalMethod",
    "IntervalSettings",
    "SelectionMethod",
    "SelectionSettings",
    "StratificationSettings",
    "StratumEstimate",
    "capture_table_from_mapping",
    "capture_table_from_patterns",
    "check_existence",
    "estimate_by_stratum",
    "estimate_population",
    "pool_sparse_lists",
    "read_capture_table_csv",
    "select_model",
]
