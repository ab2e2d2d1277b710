"""Quotes as written: the articles' web copies annotate characters with pinyin in parentheses (開(kāi)源),
which is ruby markup flattened to text, not what the author wrote."""

import re
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
LATIN_IN_PARENTHESES = re.compile(r"[(（]([^()（）]*[A-Za-zĀ-ɏǍ-ǜ][^()（）]*)[)）]")
# An acronym the author wrote in parentheses, e.g. 年均复合增长率(CAGR), is part of the quote.
ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9]*[A-Z0-9]$")


def latin_in_parentheses(quote: str) -> list[str]:
    return [m for m in LATIN_IN_PARENTHESES.findall(quote) if not ACRONYM.match(m.strip())]


@pytest.mark.parametrize(
    "claims_csv",
    [ROOT / "data" / "claims.csv", ROOT / "tests" / "fixtures" / "data_small" / "claims.csv"],
    ids=["data", "fixture"],
)
def test_no_quote_carries_pinyin(claims_csv):
    claims = pd.read_csv(claims_csv, dtype=str).fillna("")
    annotated = {row.claim_id: found for row in claims.itertuples() if (found := latin_in_parentheses(row.quote_zh))}
    assert annotated == {}


def test_the_check_catches_ruby_and_keeps_acronyms():
    assert latin_in_parentheses("開(kāi)源大模型") == ["kāi"]
    assert latin_in_parentheses("進(jìn)入 時(shí)間") == ["jìn", "shí"]
    assert latin_in_parentheses("基于 (including 训练)") == ["including 训练"]
    assert latin_in_parentheses("年均复合增长率(CAGR)为31.1%") == []
    assert latin_in_parentheses("開源大模型") == []
