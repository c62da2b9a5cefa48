"""The `reports_folder` setting: absent unless set, kept as typed, refused with its key
when it is not a folder Stepdown could find again."""

from __future__ import annotations

import marshal

import pytest

from stepdown.domain.journal import Journal, Settings
from stepdown.store.codec import InvalidJournal, decode, encode
from stepdown.store.rows import BadRow, JournalRows, journal_from_row

FILE = """\
schema = 1

[settings]
emergency_number = "911"
reports_folder = "~/Reports"
"""


def test_a_journal_without_it_writes_no_such_key() -> None:
    assert "reports_folder" not in encode(Journal())
    assert decode(encode(Journal()).encode()).settings.reports_folder is None


@pytest.mark.parametrize("folder", ["~/Reports", "~", "/srv/ana/Reports", ""])
def test_the_folder_goes_file_journal_file_unchanged(folder: str) -> None:
    text = encode(Journal(settings=Settings(emergency_number="911", reports_folder=folder)))
    assert f"reports_folder = {folder!r}".replace("'", '"') in text

    journal = decode(text.encode())

    assert journal.settings.reports_folder == folder
    assert encode(journal) == text


def test_a_hand_written_folder_is_read_as_typed() -> None:
    journal = decode(FILE.encode())

    assert journal.settings.reports_folder == "~/Reports"
    assert 'reports_folder = "~/Reports"' in encode(journal)


@pytest.mark.parametrize(
    ("typed", "said"),
    [("Reports", "must be a full path"), ("~/a\\nb", "one line"), ("./out", "full path")],
)
def test_a_folder_that_is_not_a_full_path_is_refused_naming_the_key(typed: str, said: str) -> None:
    text = FILE.replace('"~/Reports"', f'"{typed}"')

    with pytest.raises(InvalidJournal) as raised:
        decode(text.encode())

    [error] = raised.value.errors
    assert error.path == "settings.reports_folder"
    assert said in error.message
    assert error.line == 5


def test_the_cache_keeps_the_folder_and_refuses_a_wrong_one() -> None:
    journal = Journal(settings=Settings(reports_folder="~/Reports"))
    row = marshal.loads(marshal.dumps(JournalRows().row(journal)))

    assert journal_from_row(row).settings.reports_folder == "~/Reports"

    wrong = Journal(settings=Settings(reports_folder="Reports"))
    with pytest.raises(BadRow, match=r"settings\.reports_folder"):
        journal_from_row(JournalRows().row(wrong))
