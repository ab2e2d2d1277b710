"""Frontier and lag computations on a small case worked out by hand.

Closed models: C1 scores 10 on 2023-01-01, C2 scores 20 on 2023-07-01 (C3 scores 15
on 2023-09-01 and is not a record). Open models: O1 scores 5 on 2023-03-01, O2 scores
12 on 2023-05-01, O3 scores 20 on 2024-01-01.

- Closed frontier: 10 from Jan 2023, 20 from Jul 2023. Open frontier: 5, 12, 20.
- Gap in points on 2023-06-01: 10 - 12 = -2 (open ahead); on 2023-08-01: 20 - 12 = 8;
  on 2024-02-01: 20 - 20 = 0.
- Catch-up lags: level 10 (closed 2023-01-01) matched by O2 on 2023-05-01, 120 days;
  level 20 (closed 2023-07-01) matched by O3 on 2024-01-01, 184 days.
- Time gap on 2023-08-01: open stands at 12, closed first reached 12 on 2023-07-01: 31 days.
  On 2023-04-01 open stands at 5, which closed had already on its first date
  (2023-01-01): 90 days, a lower bound. On 2024-02-01 the points gap is 0, yet the open
  frontier (20) stands where closed stood on 2023-07-01: 215 days behind in time.
"""

import numpy as np
import pandas as pd
import pytest

from llmecon.analysis import open_vs_closed as gap

DAYS_PER_MONTH = 365.25 / 12


@pytest.fixture
def entries():
    return pd.DataFrame(
        {
            "name": ["C1", "C2", "C3", "O1", "O2", "O3"],
            "group": ["closed", "closed", "closed", "open", "open", "open"],
            "date": pd.to_datetime(
                ["2023-01-01", "2023-07-01", "2023-09-01", "2023-03-01", "2023-05-01", "2024-01-01"]
            ),
            "score": [10.0, 20.0, 15.0, 5.0, 12.0, 20.0],
        }
    )


def test_frontier_records_keep_only_new_bests(entries):
    records = gap.frontier_records(entries)
    assert list(records["name"]) == ["C1", "O1", "O2", "C2", "O3"]


def test_frontier_at_and_points_gap(entries):
    at = gap.frontier_at(gap.frontier_records(entries), ["2022-12-01", "2023-06-01", "2023-08-01", "2024-02-01"])
    assert np.isnan(at.loc[0, "closed"]) and np.isnan(at.loc[0, "open"])
    assert list(at["gap"].iloc[1:]) == [-2.0, 8.0, 0.0]


def test_catch_up_lags(entries):
    lags = gap.catch_up_lags(gap.frontier_records(entries), end="2024-06-01")
    assert list(lags["level"]) == [10.0, 20.0]
    assert lags["lag_months"].tolist() == pytest.approx([120 / DAYS_PER_MONTH, 184 / DAYS_PER_MONTH])
    assert not lags["censored"].any()


def test_unmatched_level_is_censored_at_the_end(entries):
    lags = gap.catch_up_lags(gap.frontier_records(entries[entries["name"] != "O3"]), end="2023-12-31")
    level_20 = lags[lags["level"] == 20.0].iloc[0]
    assert level_20["censored"]
    assert level_20["lag_months"] == pytest.approx(183 / DAYS_PER_MONTH)  # 2023-07-01 to 2023-12-31


def test_time_gap(entries):
    lagged = gap.time_gap(gap.frontier_records(entries), ["2023-04-01", "2023-06-01", "2023-08-01", "2024-02-01"])
    assert lagged["lag_months"].tolist() == pytest.approx(
        [90 / DAYS_PER_MONTH, 0.0, 31 / DAYS_PER_MONTH, 215 / DAYS_PER_MONTH]
    )
    assert lagged["lower_bound"].tolist() == [True, False, False, False]


def test_open_definitions():
    models = pd.DataFrame(
        {
            "open_weights": [True, True, False, True],
            "licence": ["apache-2.0", "llama3.1", "proprietary", "epoch:open-weights-unrestricted"],
        }
    )
    assert list(gap.model_access(models, "open_weights")) == ["open", "open", "closed", "open"]
    assert list(gap.model_access(models, "open_licence")) == ["open", None, "closed", "open"]
    licences = pd.Series(["Proprietary", "Propretary", "Llama 3.1 Community", "Apache 2.0", "MIT"])
    assert list(gap.arena_access(licences, "open_weights")) == ["closed", "closed", "open", "open", "open"]
    assert list(gap.arena_access(licences, "open_licence")) == ["closed", "closed", None, "open", "open"]


def test_arena_gap_within_snapshot():
    entries = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-07-01"] * 3),
            "group": ["closed", "open", "open"],
            "score": [1300.0, 1250.0, 1260.0],
            "name": ["A", "B", "C"],
        }
    )
    row = gap.arena_gap(entries).iloc[0]
    assert row["gap"] == 40.0 and row["open_model"] == "C"
    assert row["gap_pct"] == pytest.approx(100 * 40 / 1260)


def test_across_measures_combines_one_rule_on_several_measures():
    from llmecon.core import rules

    on_par = rules.within_factor(101.0, 100.0, "", rules.EXACT)  # 1.01x: holds
    close = rules.within_factor(110.0, 100.0, "", rules.EXACT)  # 1.1x: partly
    far = rules.within_factor(200.0, 100.0, "", rules.EXACT)  # 2x: does not hold
    assert gap.across_measures({"a": on_par, "b": on_par}).verdict == "holds"
    mixed = gap.across_measures({"a": on_par, "b": close, "c": far})
    assert mixed.verdict == "partly holds" and mixed.value == pytest.approx(1 / 3)
    assert "holds on 1 of 3 measures" in mixed.reason
    assert gap.across_measures({"a": far, "b": far}).verdict == "does not hold"
    assert gap.across_measures({"a": rules.untestable("no_data", "x")}).verdict == "untestable"
