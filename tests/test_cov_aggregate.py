"""Per-provider and per-year means beyond the kept sample (``pytest --cov=finsim``): a
run of more replications than the first K whose tables are kept (10,000 by default)
still reports each provider's mean over every replication, NaN left out (the
monitoring view's entrants and the cash-flow page's pre-financing per provider read
it), and the per-year table's mean over every replication (the plan's request)."""

from __future__ import annotations

import numpy as np

from finsim.montecarlo import aggregate
from finsim.replication import FLOW_COLUMNS, Outcome


def outcome(k: int) -> Outcome:
    # provider 0: 10 k; provider 1: NaN in odd replications (a cost per placement
    # without placements), else k; a yearly table of k and 2 k
    providers = np.array([[10.0 * k, 1.0], [np.nan if k % 2 else float(k), 2.0]])
    zeros = np.zeros((1, 1))
    return Outcome(metric_values=np.array([float(k)]), provider_metrics=providers,
                   flows=np.zeros((1, 3, len(FLOW_COLUMNS))),
                   ledger=np.zeros((1, 2, 1, 2), dtype=np.int64),
                   transfer=np.zeros((1, 2, 1), dtype=np.int64),
                   fiscal=np.zeros((1, 1, 3), dtype=np.int64),
                   paid_cash=np.zeros((1, 1), dtype=np.int64),
                   yearly=np.array([[[k, 2.0 * k]]]), structure=np.zeros((2, 0)),
                   cashflow=np.zeros((1, 3, 2)), balance=zeros.astype(np.float32),
                   lowest=np.full(3, -1),
                   quantities=np.zeros((1, 2, 2)), slots=np.zeros((1, 2)))


def test_means_beyond_the_sample_cover_every_replication(monkeypatch) -> None:
    monkeypatch.setattr(aggregate, "SAMPLE_REPLICATIONS", 4)
    monkeypatch.setattr(aggregate, "MIN_SAMPLE", 4)
    agg = aggregate.Aggregate()
    for chunk in (range(0, 3), range(3, 10)):  # the sample ends inside a chunk
        agg.add(chunk, [outcome(k) for k in chunk], [{}] * len(chunk))
    assert agg.sample_size == 4 and agg.count == 10 and not agg.exact
    mean = agg.provider_mean()
    # 10 x (0 + ... + 9) / 10 = 45; provider 1 over its five even replications: 4
    assert mean[:, 0].tolist() == [45.0, 4.0]
    assert mean[:, 1].tolist() == [1.0, 2.0]
    assert agg.yearly_mean()[0, 0].tolist() == [4.5, 9.0]
    # within the sample the same figures come from the kept tables
    exact = aggregate.Aggregate()
    exact.add(range(4), [outcome(k) for k in range(4)], [{}] * 4)
    assert exact.exact
    assert exact.provider_mean()[:, 0].tolist() == [15.0, 1.0]
    assert exact.yearly_mean()[0, 0].tolist() == [1.5, 3.0]


def test_a_cell_that_is_nan_in_every_replication_stays_nan(monkeypatch) -> None:
    monkeypatch.setattr(aggregate, "SAMPLE_REPLICATIONS", 2)
    monkeypatch.setattr(aggregate, "MIN_SAMPLE", 2)
    agg = aggregate.Aggregate()
    for k in (1, 3, 5):  # provider 1's first metric is NaN in every odd replication
        agg.add([k - 1], [outcome(k)], [{}])
    assert not agg.exact
    assert np.isnan(agg.provider_mean()[1, 0])
    assert agg.provider_mean()[0, 0] == 30.0
