"""Property tests: any bytes and any rows give a clean import or a clear refusal, never a
traceback and never half a file."""

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from nextcall.__main__ import main
from nextcall.io.transfer.importing import FileProblem, check_dnc_file, check_file
from nextcall.io.transfer.reading import UnreadableFile, read_table

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["", "Ada", "212 555 0143", "+44 20 7946 0011", "555", "ext. 9", "=1+1", '"', "\n"]
    ),
    st.from_regex(r"\(?[2-9]\d{2}\)?[ .-]?[2-9]\d{2}[ .-]?\d{4}", fullmatch=True),
)
rows = st.lists(st.lists(cells, min_size=0, max_size=5), max_size=12)
headers = st.lists(
    st.sampled_from(
        ["Name", "First Name", "Last Name", "Phone", "Mobile", "Company", "Notes", "Time Zone", "X"]
    ),
    min_size=1,
    max_size=5,
)


@SETTINGS
@given(st.binary(max_size=600))
def test_any_bytes_read_or_refuse(data: bytes) -> None:
    try:
        read_table(data)
    except UnreadableFile as exc:
        assert str(exc)


@SETTINGS
@given(st.binary(max_size=600))
def test_any_bytes_check_or_refuse(data: bytes) -> None:
    for check in (check_file, check_dnc_file):
        try:
            checked = check(data, "US")
        except FileProblem as exc:
            assert str(exc)
        else:
            assert all(e.line >= 1 and e.reason for e in checked.errors)


def _file(header: list[str], body: list[list[str]], delimiter: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(body)
    return out.getvalue().encode()


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM prospects").fetchone()[0])
    finally:
        conn.close()


@SETTINGS
@given(headers, rows, st.sampled_from([",", ";", "\t"]))
def test_any_rows_import_all_or_nothing(
    tmp_path_factory: pytest.TempPathFactory,
    header: list[str],
    body: list[list[str]],
    delimiter: str,
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    source = folder / "in.csv"
    source.write_bytes(_file(header, body, delimiter))
    data = ["--data-dir", str(folder / "data"), "--config", str(folder / "none.toml")]
    try:
        checked = check_file(source.read_bytes(), "US")
    except FileProblem:
        checked = None
    code = main([*data, "import", str(source)])
    stored = _count(folder / "data" / "nextcall.db")
    event("refused" if checked is None or checked.errors else f"imported {min(stored, 3)}+")
    if checked is None or checked.errors:
        assert code == 1 and stored == 0  # refused: nothing written
    else:
        assert code == 0 and stored == len(checked.prospects)  # every distinct number, once


valid_phone = st.from_regex(r"\(?[2-9]\d{2}\)?[ .-]?[2-9]\d{2}[ .-]?\d{4}", fullmatch=True)
contact = st.fixed_dictionaries(
    {
        "Name": st.one_of(
            st.sampled_from(["Ada Okafor", "Bram", "Zoë Ünal"]), st.text(max_size=12)
        ),
        "Phone": st.one_of(valid_phone, valid_phone, valid_phone, cells),
        "Company": st.text(max_size=12),
        "Notes": st.text(max_size=20),
    }
)


@SETTINGS
@given(st.permutations(["Name", "Phone", "Company", "Notes"]), st.lists(contact, max_size=8))
def test_contact_lists_import_all_or_nothing(
    tmp_path_factory: pytest.TempPathFactory, header: list[str], contacts: list[dict[str, str]]
) -> None:
    folder = tmp_path_factory.mktemp("contacts")
    source = folder / "in.csv"
    source.write_bytes(_file(header, [[c[h] for h in header] for c in contacts], ","))
    try:
        checked = check_file(source.read_bytes(), "US")
    except FileProblem:  # a NUL in a cell: the file reads as binary
        checked = None
    data = ["--data-dir", str(folder / "data"), "--config", str(folder / "none.toml")]
    code = main([*data, "import", str(source)])
    stored = _count(folder / "data" / "nextcall.db")
    event("refused" if checked is None or checked.errors else "imported")
    if checked is None or checked.errors:
        assert code == 1 and stored == 0
    else:
        assert code == 0 and stored == len(checked.prospects)
        assert stored == len({p.phone for p in checked.prospects})
