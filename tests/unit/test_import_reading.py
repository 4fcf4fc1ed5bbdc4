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


def test_text_after_a_closing_quote_is_read_as_excel_reads_it() -> None:
    table = read_table(b'Name,Phone\nAda,1\n"Bram"x,2\n')
    assert table.rows[1] == (3, ["Bramx", "2"]) and table.problems == []


def test_an_unclosed_quote_is_listed_and_reading_goes_on() -> None:
    table = read_table(b'Name,Phone\nAda,1\n"Bram,2\nCleo,3\n')
    assert table.problems == [(3, "a quote opened on line 3 is never closed")]
    assert table.rows == [(2, ["Ada", "1"]), (4, ["Cleo", "3"])]


@pytest.mark.parametrize(
    ("row", "cells"),
    [
        (b'Bo,5" screen,2', ["Bo", '5" screen', "2"]),  # a quote inside an unquoted cell
        (
            b'Bo,=HYPERLINK("https://x.example/a,b","site"),2',
            ["Bo", '=HYPERLINK("https://x.example/a,b","site")', "2"],
        ),
        (b'Bo,x,2"', ["Bo", "x", '2"']),  # a stray quote at the end
        (b'Bo,"5" screen",2', ["Bo", '5" screen', "2"]),  # an inner quote not doubled
        (b'Bo,"She said ""hi""",2', ["Bo", 'She said "hi"', "2"]),
    ],
)
def test_quotes_as_spreadsheets_write_them(row: bytes, cells: list[str]) -> None:
    table = read_table(b"Name,Notes,Phone\r\nAda,x,1\r\n" + row + b"\r\nCy,y,3\r\n")
    assert table.rows == [(2, ["Ada", "x", "1"]), (3, cells), (4, ["Cy", "y", "3"])]
    assert table.problems == []


def test_a_formula_in_a_semicolon_file_keeps_its_semicolons() -> None:
    table = read_table(b'Name;Link;Phone\nAda;=HYPERLINK("x";"y");1\n')
    assert table.rows == [(2, ["Ada", '=HYPERLINK("x";"y")', "1"])]


def test_a_quote_that_runs_on_over_rows_is_listed_and_the_rows_after_it_read() -> None:
    table = read_table(b'Name,Phone\nAda,1\n"Bram,2\nCleo,3\nDee,"\nEve,5\n')
    assert "runs on to line 5 (1 cell where the header has 2)" in table.problems[0][1]
    assert [line for line, _ in table.problems] == [3, 5]  # line 5's own quote never closes
    assert [line for line, _ in table.rows] == [2, 4, 6]


def test_every_broken_record_is_listed() -> None:
    table = read_table(b'Name,Phone\n"Ada,1\nBo,2\n"Cy,3\nDee,4\n"Eve\n')
    assert [line for line, _ in table.problems] == [2, 4, 6]
    assert table.rows == [(3, ["Bo", "2"]), (5, ["Dee", "4"])]


def test_a_broken_header_makes_the_file_unreadable() -> None:
    with pytest.raises(UnreadableFile, match="line 1: a quote opened on line 1 is never closed"):
        read_table(b'"Name,Phone\nAda,1\n')


def test_a_cell_past_the_limit_says_so_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_FIELD", 50)
    problems = read_table(b'Name,Phone\n"' + b"x" * 80 + b"\n").problems
    assert problems == [
        (
            2,
            "a cell longer than 50 characters; most likely a quote opened on line 2 is never closed",
        )
    ]


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
