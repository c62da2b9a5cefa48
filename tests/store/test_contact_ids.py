"""Contact ids: how a contact is known on two machines, in files old and new."""

from __future__ import annotations

import re

import pytest

from stepdown.domain.contacts import new_contact_id
from stepdown.domain.journal import Contact, Journal
from stepdown.domain.journal_merge import contact_identity
from stepdown.store.codec import InvalidJournal, decode, encode

OLDER_FILE = b"""schema = 1

[[contacts]]
name = "Dr. Ana Rivera"
role = "provider"
phone = "+1 555 0100"
email = ""
notes = "Call before any dose change"
emergency = false
"""


def test_a_contact_from_an_older_file_is_known_the_same_on_both_machines() -> None:
    laptop, desktop = decode(OLDER_FILE), decode(OLDER_FILE)
    assert laptop.contacts[0].id is None
    assert contact_identity(laptop.contacts[0]) == contact_identity(desktop.contacts[0])
    assert contact_identity(laptop.contacts[0]).startswith("c-")


def test_an_older_file_writes_back_without_an_id_key() -> None:
    assert "id =" not in encode(decode(OLDER_FILE))


def test_a_contacts_id_is_written_after_its_other_keys_and_read_back() -> None:
    journal = Journal(contacts=(Contact("Kim", "friend", id="3f9c2a61b0d4e857"),))
    text = encode(journal)
    assert 'emergency = false\nid = "3f9c2a61b0d4e857"\n' in text
    assert decode(text.encode()) == journal


def test_two_contacts_with_one_id_are_named_with_their_key_path() -> None:
    data = OLDER_FILE + b'id = "abc"\n\n[[contacts]]\nname = "Kim"\nid = "abc"\n'
    with pytest.raises(InvalidJournal) as caught:
        decode(data)
    assert "contacts[1].id" in str(caught.value)
    assert "contacts[0]" in str(caught.value)


@pytest.mark.parametrize("bad", ['""', '"a\\nb"'])
def test_an_empty_or_two_line_id_is_refused(bad: str) -> None:
    with pytest.raises(InvalidJournal) as caught:
        decode(OLDER_FILE + f"id = {bad}\n".encode())
    assert "contacts[0].id" in str(caught.value)


def test_a_new_contacts_id_is_random_and_never_repeats() -> None:
    ids = {new_contact_id() for _ in range(100)}
    assert len(ids) == 100
    assert all(re.fullmatch(r"[0-9a-f]{16}", contact_id) for contact_id in ids)
