"""Reading CSV bytes: encodings, delimiters, quoting, physical line numbers, clear errors."""

import pytest

from nextcall.io.transfer import reading
from nextcall.io.transfer.reading import UnreadableFile, detect_delimiter, read_table


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Name,Phone,Company", ","),
        ("Name;Phone;Company", ";"),
        ("Name\tPhone\tCompany", "\t"),
        ('"Name, full";Phone;Company', ";"),  # a comma inside quotes is not the delimiter
        ("Phone", ","),
    ],
)
def test_delimiter_detection(header: str, expected: str) -> None:
    assert detect_delimiter(header + "\n1,2;3\t4\n") == expected


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_each_delimiter_reads_the_same_table(delimiter: str) -> None:
    text = delimiter.join(["Name", "Phone"]) + "\n" + delimiter.join(["Ada", "212 555 0143"]) + "\n"
    table = read_table(text.encode())
    assert table.header == ("Name", "Phone") and table.rows == [(2, ["Ada", "212 555 0143"])]
    assert table.delimiter == delimiter


def test_bom_is_dropped() -> None:
    table = read_table(b"\xef\xbb\xbfName,Phone\r\nAda,1\r\n")
    assert table.header == ("Name", "Phone")


def test_quoted_fields_keep_commas_quotes_and_newlines() -> None:
    data = b'Name,Notes,Phone\n"Okafor, Ada","She said ""call me""\nin spring",1\nBram,,2\n'
    table = read_table(data)
    assert table.rows[0] == (2, ["Okafor, Ada", 'She said "call me"\nin spring', "1"])
    assert table.rows[1][0] == 4  # the row after a two-line row starts on line 4


def test_blank_lines_and_empty_rows_are_skipped_but_counted() -> None:
    table = read_table(b"\n\nName,Phone\n\n,,\nAda,1\n")
    assert table.header == ("Name", "Phone") and table.rows == [(6, ["Ada", "1"])]


def test_not_utf8_names_line_and_byte() -> None:
    with pytest.raises(UnreadableFile, match=r"line 3, byte 4: not UTF-8 text \(0xe9\)"):
        read_table(b"Name,Phone\nAda,1\nRen\xe9,2\n")


def test_a_nul_byte_is_binary() -> None:
    with pytest.raises(UnreadableFile, match="line 2: a NUL byte"):
        read_table(b"Name,Phone\nAda\x00,1\n")


def test_an_excel_workbook_is_named() -> None:
    with pytest.raises(UnreadableFile, match="Excel"):
        read_table(b"PK\x03\x04rest-of-a-zip")


def test_utf16_is_named() -> None:
    with pytest.raises(UnreadableFile, match="UTF-16"):
        read_table("Name,Phone\n".encode("utf-16"))


@pytest.mark.parametrize("data", [b"", b"   \n\n", b",,,\n"])
def test_empty_files(data: bytes) -> None:
    with pytest.raises(UnreadableFile, match="empty|no header"):
        read_table(data)


def test_broken_quoting_names_the_line() -> None:
    with pytest.raises(UnreadableFile, match=r"line 3: a quote \(\"\) in the middle"):
        read_table(b'Name,Phone\nAda,1\n"Bram"x,2\n')


def test_an_unclosed_quote_names_the_row_it_starts_on() -> None:
    with pytest.raises(UnreadableFile, match="line 3: a quote opened on line 3 is never closed"):
        read_table(b'Name,Phone\nAda,1\n"Bram,2\nCleo,3\n')


def test_a_cell_past_the_limit_says_so_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_FIELD", 50)
    with pytest.raises(UnreadableFile, match="line 2: a cell longer than 50 characters") as info:
        read_table(b'Name,Phone\n"' + b"x" * 80 + b"\n")
    assert "field limit" not in str(info.value)


def test_a_tie_goes_to_the_delimiter_the_rows_agree_with() -> None:
    text = "Name;Phone;Notes (a, b, c)\nAda;212 555 0143;x\nBram;312 555 0177;y\n"
    assert detect_delimiter(text) == ";"
    assert read_table(text.encode()).rows[0] == (2, ["Ada", "212 555 0143", "x"])


def test_excels_sep_line_names_the_delimiter_and_keeps_line_numbers() -> None:
    table = read_table(b"sep=;\r\nName;Phone, work\r\nAda;212 555 0143\r\n")
    assert table.delimiter == ";" and table.header == ("Name", "Phone, work")
    assert table.rows == [(3, ["Ada", "212 555 0143"])]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_named(encoding: str) -> None:
    with pytest.raises(UnreadableFile, match="UTF-16"):
        read_table("Name,Phone\r\nZoë,+1 212 555 0143\r\n".encode(encoding))


SALESFORCE = (
    b'"First Name";"Phone"\n"Ada";"212 555 0143"\n\n'
    b'"Confidential Information - Do Not Distribute"\n\n'
    b'"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
)


def test_the_salesforce_report_footer_is_left_out() -> None:
    table = read_table(SALESFORCE)
    assert table.rows == [(2, ["Ada", "212 555 0143"])]
    assert table.footer == "the Salesforce report footer"


def test_footer_words_inside_the_data_are_kept() -> None:
    table = read_table(SALESFORCE + b'"Bram";"312 555 0177"\n')
    assert len(table.rows) == 4 and table.footer == ""
