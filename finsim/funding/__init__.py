"""Funding: which funder pays what of the ledger, the benefits avoided, money metrics."""

from ..ledger.cents import to_cents
from .allocate import (
    GAP,
    Funding,
    FundingProgram,
    allocate,
    application_order,
    compile_funding,
)
from .benefits import ALL_PAYERS, passive_benefits_avoided
from .cents import apportion, cap_cents
from .invariants import InvariantError, check_money_conserved
from .metrics import money_metrics, money_metrics_by_provider
from .rules import RULE_KINDS, register_rule_kind, share_matrix, unregister_rule_kind

__all__ = [
    "ALL_PAYERS",
    "GAP",
    "Funding",
    "FundingProgram",
    "RULE_KINDS",
    "InvariantError",
    "allocate",
    "apportion",
    "application_order",
    "cap_cents",
    "check_money_conserved",
    "compile_funding",
    "money_metrics",
    "money_metrics_by_provider",
    "passive_benefits_avoided",
    "register_rule_kind",
    "share_matrix",
    "to_cents",
    "unregister_rule_kind",
]
