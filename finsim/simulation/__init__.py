"""The flow simulation: people through referrals, the waiting list and provider slots.

``simulate(scn, seed)`` runs one replication (referrals, waiting, slots and exits) and
returns the column-oriented :class:`Spells`; ``flow_metrics`` and ``monthly_flows`` summarise them.
"""

from .engine import compile_model, simulate
from .flows import flow_metrics, monthly_flows, provider_metrics
from .spells import (
    DROPOUT,
    EMPLOYED,
    ENTERED,
    GAVE_UP,
    MAX_DURATION,
    PLACEMENT,
    TURNED_AWAY,
    WAITING,
    Spells,
)
from .streams import Streams

__all__ = [
    "DROPOUT", "EMPLOYED", "ENTERED", "GAVE_UP", "MAX_DURATION", "PLACEMENT", "TURNED_AWAY",
    "WAITING", "Spells", "Streams", "compile_model", "flow_metrics",
    "monthly_flows", "provider_metrics", "simulate",
]
