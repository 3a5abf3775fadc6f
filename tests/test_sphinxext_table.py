"""The typeddict-table directive summarises a union of TypedDicts."""

from __future__ import annotations

from conftest import Build


def test_one_row_per_member_with_keys_and_summary(features: Build) -> None:
    table = features.html().select_one("table.amgi-typeddict-table")
    assert table is not None
    header = [cell.get_text(strip=True) for cell in table.select("thead th")]
    assert header == ["type", "Required keys", "Optional keys", "Description"]
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in table.select("tbody tr")
    ]
    assert rows == [
        ['"ack"', "id", "", "Acknowledges a message."],
        ['"nack"', "id", "reason", "Rejects a message with reason ."],
    ]


def test_each_row_links_to_the_members_key_list(features: Build) -> None:
    table = features.html().select_one("table.amgi-typeddict-table")
    assert table is not None
    links = [row.select_one("td a")["href"] for row in table.select("tbody tr")]  # type: ignore[index]
    assert links == ["#typeddict_features.Ack", "#typeddict_features.Nack"]


def test_summary_keeps_inline_markup(features: Build) -> None:
    table = features.html().select_one("table.amgi-typeddict-table")
    assert table is not None
    summary = table.select("tbody tr")[1].select("td")[3]
    code = summary.select_one("code")
    assert code is not None and code.get_text() == "reason"
