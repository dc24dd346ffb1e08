"""Measurement: the programme's indicators, their targets, the figures returned each period, the
benchmarks they are compared with and the benefits projects declare (``measurement``); and the
official statistics import's data (``official``), whose provenance fields the figures carry
(``provenance``). Latest value, RAG and direction live in ``selectors``."""

from .measurement import (
    VALUE_DIGITS,
    Benchmark,
    Benefit,
    Direction,
    Indicator,
    IndicatorSnapshot,
    Measurement,
    PeriodTyped,
    Target,
    plain,
    validate_value_for_unit,
)
from .official import (
    CouncilArea,
    ImportRun,
    StatisticalNeighbour,
    StatisticRevision,
    StatisticsMapping,
)

__all__ = [
    "VALUE_DIGITS",
    "Benchmark",
    "Benefit",
    "CouncilArea",
    "Direction",
    "ImportRun",
    "Indicator",
    "IndicatorSnapshot",
    "Measurement",
    "PeriodTyped",
    "StatisticRevision",
    "StatisticalNeighbour",
    "StatisticsMapping",
    "Target",
    "plain",
    "validate_value_for_unit",
]
