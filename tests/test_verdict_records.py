"""Verdicts as data in a real build: every testable verdict says which way it missed and whether it depends on a
reading, and the landing page, the ledger and the Contested page show it."""

import json
import re

import pytest

from conftest import ONLY, ROOT
from llmecon.core import rules
from llmecon.core.data import open_dataset
from llmecon.site import scorecard

pytestmark = pytest.mark.book


def _unreadable_numbers(text: str) -> list[str]:
    """Decimals with more than four significant figures ("4.64159", "13.0103"): a reason is read by people."""
    found = []
    for number in re.findall(r"\d[\d,]*\.\d+", text):
        digits = number.replace(",", "").replace(".", "").lstrip("0")
        if len(digits) > 4:
            found.append(number)
    return found


def test_unreadable_numbers_are_found():
    assert _unreadable_numbers("claimed 4.64159x a year, at least 13.0103 months") == ["4.64159", "13.0103"]
    assert _unreadable_numbers("0.0008 RMB, 22,000 GPUs, 2.52x, $132.5B") == []


def _verdicts(real_site) -> dict:
    record = json.loads((real_site.parent / "executed" / "results.json").read_text())
    return {
        claim_id: v
        for stem, chapter in record["chapters"].items()
        if stem.startswith("chapters/")
        for claim_id, v in chapter["verdicts"].items()
    }


def test_every_testable_verdict_has_a_direction_and_its_weighed_readings(real_site):
    verdicts = _verdicts(real_site)
    assert verdicts
    for claim_id, v in verdicts.items():
        if v["verdict"] == "untestable":
            assert v["direction"] is None and v["robust"] is None, claim_id
            continue
        assert v["direction"] in rules.DIRECTIONS, claim_id
        assert (v["direction"] == "about right") == (v["verdict"] == "holds"), claim_id
        assert isinstance(v["robust"], bool), claim_id
        adopted = [r for r in v["readings"] if r["adopted"]]
        assert len(adopted) == 1 and adopted[0]["verdict"] == v["verdict"], claim_id
        assert v["robust"] == (len({r["verdict"] for r in v["readings"]}) == 1), claim_id
        assert not _unreadable_numbers(v["reason"]), f"{claim_id}: numbers not for people in {v['reason']!r}"


def test_untestable_for_want_of_data_only_when_searched(real_site):
    for claim_id, v in _verdicts(real_site).items():
        if v["verdict"] == "untestable" and v["rule"]["ground"] in rules.SEARCH_REQUIRED:
            assert v["rule"]["searched"].strip(), f"{claim_id}: untestable ({v['rule']['ground']}) with no search"
            assert "Searched: " in v["reason"], claim_id


def test_a_missed_verdict_says_which_way_in_its_reason(real_site):
    for claim_id, v in _verdicts(real_site).items():
        if v["direction"] in ("understated", "overstated"):
            assert v["says"] and v["reason"].startswith(v["says"] + ": "), (
                f"{claim_id}: the reason does not open with which way the claim missed: {v['reason'][:80]!r}"
            )


@pytest.mark.skipif(ONLY is not None, reason="LLMECON_TEST_ONLY builds some chapters only")
def test_landing_page_shows_calibration_headlines_from_three_chapters_and_the_contested_filter(real_site):
    index = (real_site / "index.html").read_text(encoding="utf-8")
    record = json.loads((real_site.parent / "executed" / "results.json").read_text())
    ledger = scorecard.ledger(open_dataset(ROOT / "data").claims, record)
    # the calibration tables count what the ledger holds
    testable = ledger[ledger["direction"] != ""]
    table = re.search(r'<table class="[^"]*calibration-table.*?</table>', index, re.S).group(0)
    for article, rows in testable.groupby("article_label"):
        over = int((rows["direction"] == "overstated").sum())
        assert re.search(re.escape(article.replace("'", "&#x27;")) + r"</th><td>" + str(over) + "</td>", table), article
    # headline verdicts come from at least three chapters and say which way they missed
    headline = index.split('id="headline-verdicts"')[1].split("</section>")[0]
    chapters = set(re.findall(r'href="chapters/(\d\d)_', headline))
    assert len(chapters) >= 3, chapters
    assert re.search(r"Reality went further than claimed|Reality fell short|About as claimed", headline)
    # the ledger filters contested verdicts; each contested row says what it depends on
    assert 'data-filter="readings"' in index
    contested = scorecard.contested(ledger)
    assert index.count('data-readings="contested"') == len(contested)
    page = (real_site / "about" / "contested.html").read_text(encoding="utf-8")
    for row in contested.itertuples():
        assert f"#verdict-{row.claim_id}" in page and f'id="contested-{row.claim_id}"' in page
        assert f'href="about/contested.html#contested-{row.claim_id}"' in index
