"""How the council compares: the neighbours' mean, the median of every local authority and the
council's rank and quartile among them, from the published values (suppressed ones left out).
Means and medians are given to one decimal place, as the DfE publishes its percentages."""

from __future__ import annotations

import statistics
from decimal import ROUND_HALF_UP, Decimal

ONE_PLACE = Decimal("0.1")


def rounded(value: Decimal) -> Decimal:
    """A worked-out figure to one decimal place, halves rounded up."""
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def mean(values: list[Decimal]) -> Decimal | None:
    """The plain mean of the published values; none without any."""
    return rounded(sum(values) / len(values)) if values else None


def median(values: list[Decimal]) -> Decimal | None:
    return rounded(statistics.median(values)) if values else None


def rank(value: Decimal, values: list[Decimal], *, lower_is_better: bool) -> int:
    """1 for the best; authorities with equal values share a rank (1, 2, 2, 4)."""
    better = [v for v in values if (v < value if lower_is_better else v > value)]
    return len(better) + 1


def quartile(rank_: int, count: int) -> int:
    """1 for the best quarter of ``count`` ranked authorities, 4 for the worst."""
    return min(4, (rank_ - 1) * 4 // count + 1)
