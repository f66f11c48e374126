"""Funding: which funder pays what of the ledger, the benefits avoided, money metrics."""

from .allocate import GAP, Funding, allocate, application_order, share_matrix
from .benefits import ALL_PAYERS, passive_benefits_avoided
from .cents import apportion, cap_cents, to_cents
from .invariants import InvariantError, check_money_conserved
from .metrics import money_metrics, money_metrics_by_provider

__all__ = [
    "ALL_PAYERS",
    "GAP",
    "Funding",
    "InvariantError",
    "allocate",
    "apportion",
    "application_order",
    "cap_cents",
    "check_money_conserved",
    "money_metrics",
    "money_metrics_by_provider",
    "passive_benefits_avoided",
    "share_matrix",
    "to_cents",
]
