import pandas as pd
import pytest

from conftest import ROOT
from llmecon.core import articles
from llmecon.core.data import open_dataset


def test_every_article_the_claims_quote_has_a_name_title_and_date():
    dataset = open_dataset(ROOT / "data")
    table = articles.table(ROOT / "data")
    assert set(dataset.claims["article"]) <= set(table.index)
    for article_id, row in table.iterrows():
        assert row["label"] and row["author_en"] and row["title_en"] and row["title_original"]
        assert articles.label(article_id) == row["label"]
        assert articles.readable_date(row["published"]).endswith(row["published"][:4])


def test_citation_links_a_public_copy_and_shows_the_original_title():
    table = articles.table(ROOT / "data")
    linked = table[table["url"].fillna("") != ""]
    assert len(linked) >= 1
    article_id, row = next(iter(linked.iterrows()))
    html = articles.citation_html(article_id)
    assert f'href="{row["url"]}"' in html and f'<span lang="zh">{row["title_original"]}</span>' in html
    unlinked = table[table["url"].fillna("") == ""].index[0]
    assert "href" not in articles.citation_html(unlinked)
    assert "(date inferred from the text)" in articles.citation("002_27396800babc6cdb.txt")
    assert "15 April 2024." in articles.citation("003_faac16fb19baf570.txt")


def test_labels_come_from_the_data_folder_the_table_was_read_from(tmp_path):
    claims = open_dataset(ROOT / "tests" / "fixtures" / "data_small").claims
    assert articles.data_dir_of(claims).endswith("data_small")
    with pytest.raises(KeyError, match="articles.csv"):
        articles.label("999_unknown.txt")
    assert articles.data_dir_of(pd.DataFrame()) is None
