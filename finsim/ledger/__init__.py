"""The cost ledger: what one replication's spells cost, per month, provider, category."""

from .build import (
    CostProgram,
    Ledger,
    SpellsLike,
    build_ledger,
    compile_costs,
    person_charges,
    spell_cuts,
    tenure_years,
)
from .categories import (
    BY_ID,
    COST_CATEGORIES,
    CostCategory,
    register_category,
    unregister_category,
)
from .pieces import month_pieces, occupancy, tenure_occupancy

__all__ = [
    "BY_ID",
    "COST_CATEGORIES",
    "CostCategory",
    "CostProgram",
    "Ledger",
    "SpellsLike",
    "build_ledger",
    "compile_costs",
    "month_pieces",
    "occupancy",
    "person_charges",
    "spell_cuts",
    "tenure_occupancy",
    "register_category",
    "tenure_years",
    "unregister_category",
]
