"""The cost ledger: what one replication's spells cost, per month, provider, category."""

from .build import (
    CostProgram,
    Ledger,
    ProviderRates,
    SpellsLike,
    build_ledger,
    compile_costs,
    rates_by_provider,
    tenure_years,
)
from .pieces import month_pieces, occupancy, tenure_occupancy

__all__ = [
    "CostProgram",
    "Ledger",
    "ProviderRates",
    "SpellsLike",
    "build_ledger",
    "compile_costs",
    "month_pieces",
    "occupancy",
    "rates_by_provider",
    "tenure_occupancy",
    "tenure_years",
]
