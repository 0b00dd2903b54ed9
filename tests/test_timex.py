"""TIMEX3 values to the first and last day they denote (the dates table's start_date / end_date)."""
import csv
import datetime as dt
from pathlib import Path

import pytest

from zhnews.timex import bounds

CASES = Path(__file__).parent / "data" / "date_cases.tsv"


@pytest.mark.parametrize("value, expected", [
    ("2025", ("2025-01-01", "2025-12-31")),
    ("2024-02", ("2024-02-01", "2024-02-29")),            # leap year
    ("2025-02", ("2025-02-01", "2025-02-28")),
    ("2025-03-14", ("2025-03-14", "2025-03-14")),
    ("2025-03-14T09:30", ("2025-03-14", "2025-03-14")),
    ("2025-03-14TEV", ("2025-03-14", "2025-03-14")),
    ("2025-W01", ("2024-12-30", "2025-01-05")),           # ISO week 1 starts in the previous year
    ("2025-W07-WE", ("2025-02-15", "2025-02-16")),
    ("2025-W07-2", ("2025-02-11", "2025-02-11")),
    ("2024-Q1", ("2024-01-01", "2024-03-31")),
    ("2025-Q4", ("2025-10-01", "2025-12-31")),
    ("2025-H2", ("2025-07-01", "2025-12-31")),
    ("2023-WI", ("2023-12-01", "2024-02-29")),            # winter runs into the next (leap) year
    ("2025-SU", ("2025-06-01", "2025-08-31")),
    ("199", ("1990-01-01", "1999-12-31")),
    ("20", ("2000-01-01", "2099-12-31")),
    ("2008/2018", ("2008-01-01", "2018-12-31")),
    ("2018-02/2018-04", ("2018-02-01", "2018-04-30")),
    ("2025-Q1/2025-Q2", ("2025-01-01", "2025-06-30")),
])
def test_bounds_of_calendar_values(value, expected):
    assert bounds(value) == expected


@pytest.mark.parametrize("value", [
    "", None, "P3M", "PT2H", "PXY", "XXXX-XX-15", "XXXX-WXX-2", "PRESENT_REF",
    "2025-02-30", "0000", "2025-W54", "9999-WI", "2018/2008", "2025-13",
])
def test_no_bounds_off_the_calendar(value):
    assert bounds(value) == (None, None)


def test_every_calendar_value_the_team_expects_has_bounds():
    """Each anchored value in the team's date cases gets an interval that starts with its year."""
    seen = 0
    with CASES.open(encoding="utf-8") as handle:
        for row in csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t"):
            if len(row) < 6 or row[0] == "script" or not row[5][:1].isdigit():
                continue
            value = row[5]
            start, end = bounds(value)
            assert start is not None and end is not None, value
            assert dt.date.fromisoformat(start) <= dt.date.fromisoformat(end), value
            assert start.startswith(value.split("/")[0][:3]), value
            seen += 1
    assert seen > 200
