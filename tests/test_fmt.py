import pandas as pd
import pytest

from llmecon.core import fmt


@pytest.mark.parametrize(
    "value, text",
    [
        (1_250_000, "1,250,000"),
        (500000.0, "500,000"),
        (18.84, "18.8"),
        (0.000834, "0.000834"),
        (0.75, "0.75"),
        (2400.0, "2,400"),
        (1e-6, "0.000001"),
        (12345.678, "12,346"),
        (-3.25, "−3.25"),
        (0, "0"),
        (float("nan"), "–"),
    ],
)
def test_numbers_have_separators_few_digits_and_no_exponent(value, text):
    assert fmt.number(value) == text


@pytest.mark.parametrize(
    "text, article",
    [
        ("18.8x", "an"),
        ("8x", "an"),
        ("11", "an"),
        ("80%", "an"),
        ("800", "an"),
        ("8,000", "an"),
        ("11,500", "an"),
        ("$8", "an"),
        ("75x", "a"),
        ("1.1", "a"),
        ("110", "a"),
        ("1,800", "a"),
        ("180", "a"),
    ],
)
def test_indefinite_article_follows_how_the_number_is_read(text, article):
    assert fmt.indefinite_article(text) == article
    assert fmt.with_article(text) == f"{article} {text}"


def test_money_multiple_percent():
    assert fmt.money(80_000_000) == "$80,000,000" and fmt.money(0.0008, "¥") == "¥0.0008"
    assert fmt.money(-1.5) == "−$1.5"
    assert fmt.multiple(18.84) == "18.8x" and fmt.percent(0.9312) == "93.1%"


def test_tables_shown_in_notebooks_use_readable_numbers():
    frame = pd.DataFrame(
        {
            "Parameter": ["input_share", "gpus", "sweep", "start", "flag"],
            "Value used": [0.75, 100000, [250, 16000], "2021-11-01", False],
        }
    )
    with pd.option_context("display.float_format", None, "styler.format.formatter", None):
        fmt.use_for_tables()
        html = frame.style.hide(axis="index").to_html()
    assert ">0.75<" in html and ">100,000<" in html and ">[250, 16,000]<" in html
    assert ">2021-11-01<" in html and ">False<" in html and "0.750000" not in html
    shown = fmt.frame(pd.DataFrame({"year": [2024], "tokens": [1.25e6]}), keep=("year",))
    assert shown.iloc[0].tolist() == [2024, "1,250,000"]


def test_styled_tables_come_out_the_same_on_every_run(monkeypatch):
    # In a notebook, a Styler's HTML would scope its CSS with a random id and its plain text would name a memory
    # address: two runs of an unchanged chapter would publish different pages.
    import IPython
    from IPython.core.formatters import DisplayFormatter

    class Shell:
        display_formatter = DisplayFormatter()

    def shown(numbers_from: int):
        monkeypatch.setattr(IPython, "get_ipython", lambda: Shell)
        monkeypatch.setattr(fmt, "_table_numbers", iter(range(numbers_from, 100)))
        fmt.use_for_tables()
        table = pd.DataFrame({"model": ["a", "b"], "price": [1.5, 30.0]})
        return [Shell.display_formatter.format(table.style.format({"price": "{:.1f}"}))[0] for _ in range(2)]

    first, second = shown(1), shown(1)
    assert first == second
    assert 'id="T_t1"' in first[0]["text/html"] and 'id="T_t2"' in first[1]["text/html"]  # two tables, two scopes
    assert first[0]["text/plain"] == repr(pd.DataFrame({"model": ["a", "b"], "price": [1.5, 30.0]}))
    assert "30.0" in first[0]["text/html"]
