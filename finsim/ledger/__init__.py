"""The cost ledger: what one replication's spells cost, per month, provider, category."""

from .build import (
    Ledger,
    ProviderRates,
    SpellsLike,
    build_ledger,
    rates_by_provider,
    tenure_years,
)
from .pieces import month_pieces, occupancy, tenure_occupancy

__all__ = [
    "Ledger",
    "ProviderRates",
    "SpellsLike",
    "build_ledger",
    "month_pieces",
    "occupancy",
    "rates_by_provider",
    "tenure_occupancy",
    "tenure_years",
]
