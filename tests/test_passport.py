"""coopgraph.publish.passport: the structure versions follow the columns, identifiers carry the INN,
the valid-until date, and the publication settings it reads."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from tiny_store import BASE, REPORT, build_tiny_store

from coopgraph.iris import Minter
from coopgraph.publication import from_settings
from coopgraph.publish.passport import SETS, _add_months, fingerprint, passport_files, valid_until
from coopgraph.settings import resolve
from coopgraph.store import Store


@pytest.mark.parametrize("passport_set", SETS, ids=lambda s: s.code)
def test_structure_version_moves_with_the_columns(passport_set):
    """A changed column list needs a new structure_version (and fingerprint) in SETS: old
    data files of the portal name the structure they follow."""
    assert fingerprint(passport_set.table()) == passport_set.structure_fingerprint
    assert set(passport_set.russian) == {c.name for c in passport_set.table().columns}


def test_identifiers_carry_the_publisher_inn(tmp_path):
    path = build_tiny_store(tmp_path / "store", events=3)
    minter = Minter(BASE)
    publication = from_settings(
        minter, resolve({"publisher_inn": "6731000000", "contact_phone": "+74812000000"}, env={})
    )
    with Store(path, read_only=True) as store:
        files = passport_files(store, minter, publication, [REPORT])
    listed = list(csv.reader(io.StringIO(files["opendata/list.csv"].decode("utf-8"))))
    assert [r[0] for r in listed[2:]] == [f"6731000000-{s.code}" for s in SETS]
    meta = dict(csv.reader(io.StringIO(files["opendata/6731000000-partner-pairs/meta.csv"].decode())))
    assert meta["identifier"] == "6731000000-partner-pairs" and meta["publisherphone"] == "+74812000000"


@pytest.mark.parametrize("bad", ["12345", "67310000AB", "1234567890123"])
def test_a_malformed_inn_is_refused_naming_the_setting(bad):
    with pytest.raises(ValueError, match="publisher_inn"):
        from_settings(Minter(BASE), resolve({"publisher_inn": bad}, env={}))


def test_add_months_keeps_the_day_or_the_month_end():
    assert _add_months(date(2020, 6, 30), 6) == date(2020, 12, 30)
    assert _add_months(date(2020, 8, 31), 6) == date(2021, 2, 28)
    assert _add_months(date(2020, 12, 31), 12) == date(2021, 12, 31)


def test_valid_until_follows_the_latest_report_period(tmp_path):
    path = build_tiny_store(tmp_path / "store", events=2)
    with Store(path, read_only=True) as store:
        end = next(
            iter(
                store.query(
                    "SELECT (MAX(?e) AS ?e) WHERE { ?r <https://w3id.org/coopgraph/ns#periodEnd> ?e }"
                )
            )
        )["e"].value
        latest = date.fromisoformat(end[:10])
        assert valid_until(store, date(2000, 1, 1), 6) == _add_months(latest, 6)
        assert valid_until(store, date(2100, 1, 1), 3) == date(2100, 4, 1)
