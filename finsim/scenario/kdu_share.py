"""The Bund's share of the housing costs (KdU) by Land (finsim/data/kdu_federal_share.csv).

The Bund pays a Land-specific share of the KdU (Bundesbeteiligung, §46 SGB II), set
each year by ordinance (BBFestV). ``kdu_federal_share: NW`` (an ISO 3166-2 Land code) is
that table as a schedule by year, each row sourced; after its last year the last value
holds. Its first year is 2024: a scenario starting earlier must state the share itself.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


class LandShare(dict):
    """A Land's shares by year as a schedule ``{YYYY-01: share}``; remembers the Land."""

    land: str = ""


@cache
def land_shares() -> dict[str, dict[int, float]]:
    """Land code -> {year: share} from the sourced table."""
    text = resources.files("finsim").joinpath("data/kdu_federal_share.csv").read_text("utf-8")
    out: dict[str, dict[int, float]] = {}
    for row in csv.DictReader(text.splitlines()):
        out.setdefault(row["land"], {})[int(row["year"])] = round(float(row["percent"]) / 100, 6)
    return out


def resolve_kdu_share(value: object) -> object:
    """A Land code becomes its schedule; anything else passes unchanged."""
    if not isinstance(value, str):
        return value
    shares = land_shares()
    code = value.strip().upper()
    if code not in shares:
        raise ValueError(f"'{value}' is not a Land code: expected one of "
                         f"{', '.join(shares)}, a share or a schedule")
    schedule = LandShare({f"{year}-01": share for year, share in sorted(shares[code].items())})
    schedule.land = code
    return schedule


def first_year(schedule: LandShare) -> int:
    return int(min(schedule)[:4])
