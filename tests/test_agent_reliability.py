import pytest

from llmecon.analysis import agent_reliability as agents


def test_ten_steps_at_ninety_percent():
    assert agents.task_success(0.9, 10) == pytest.approx(0.3486784401)


def test_two_steps_multiply():
    assert agents.task_success(0.5, 2) == pytest.approx(0.25)


def test_required_accuracy_for_half_over_two_steps_is_root_half():
    assert agents.required_step_accuracy(0.5, 2) == pytest.approx(0.70710678)


def test_required_accuracy_reproduces_the_target():
    p = agents.required_step_accuracy(0.5, 10)
    assert agents.task_success(p, 10) == pytest.approx(0.5)


def test_max_steps_at_ninety_percent_for_half():
    # 0.9^6 = 0.531 >= 0.5 but 0.9^7 = 0.478 < 0.5
    assert agents.max_steps(0.9, 0.5) == 6


def test_frechet_bounds():
    assert agents.success_bounds(0.9, 10) == pytest.approx((0.0, 0.9))
    assert agents.success_bounds(0.99, 10) == pytest.approx((0.9, 0.99))


def test_required_accuracy_table_columns():
    table = agents.required_accuracy_table([0.5], [1, 2])
    assert list(table["steps"]) == [1, 2]
    assert table["50%"].tolist() == pytest.approx([50.0, 70.710678])


def test_chart_carries_one_row_per_step_count():
    chart = agents.reliability_chart(0.9, 10, 30, 0.3, 0.5)
    spec = chart.to_dict()
    datasets = spec["datasets"]
    assert sorted(len(rows) for rows in datasets.values())[-1] == 30
    assert {p["name"] for p in spec["params"]} >= {"step_accuracy", "task_steps"}
