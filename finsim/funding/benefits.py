"""Passive benefits avoided (the Passiv-Aktiv-Transfer), SPEC.md item 7.

While a participant is employed the benefits that would otherwise be paid are avoided;
with ``after_placement`` also from a placement exit to the horizon's end, credited to
the provider the person left. Rates are schedules in force per month (not uprated).
"""

from __future__ import annotations

import numpy as np

from finsim.ledger import Ledger, SpellsLike, after_placement_months
from finsim.scenario.model import Scenario
from finsim.scenario.schedule import monthly

ALL_PAYERS = "all"
"""The single key used when ``per_person_month`` (no payer split) is given."""


def benefit_rates(scn: Scenario) -> dict[str, object]:
    """Payer id -> number or schedule; ``{"all": ...}`` without a payer split."""
    pb = scn.passive_benefits
    if pb.by_payer is not None:
        return dict(pb.by_payer)
    if pb.per_person_month is not None:
        return {ALL_PAYERS: pb.per_person_month}
    return {}


def passive_benefits_avoided(scn: Scenario, spells: SpellsLike,
                             ledger: Ledger) -> dict[str, np.ndarray]:
    """EUR avoided per payer, each ``[months, providers]``; empty without the block."""
    rates = benefit_rates(scn)
    if not rates:
        return {}
    months, n_prov = ledger.participant_months.shape
    person_months = ledger.participant_months
    if scn.passive_benefits.after_placement:
        person_months = person_months + after_placement_months(spells, months, n_prov)
    start = scn.period.start_month
    return {payer: person_months * monthly(value, start, months)[:, None]
            for payer, value in rates.items()}
