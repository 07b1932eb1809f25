"""E-mail (archive/formats/mail.py): .eml and .mbox messages written here with the standard library, indexed by a
real reindex into an on-disk index, searched, and shown by the web app."""

from __future__ import annotations

import json
from collections.abc import Iterator
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

import pytest

from archive.config import load_settings
from archive.formats.mail import person_name, read
from archive.index import ReindexReport, reindex
from archive.models import DocumentRecord, Mention, Person, SearchRequest
from archive.schema import document_id
from archive.search import Archive
from archive.sources import SourceBytes, parse_records
from tests.hostile import write_hostile_mail


def message(subject: str, sender: Address, to: list[Address], text: str | None, date: str) -> EmailMessage:
    """Return a message of our own writing."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = date
    if text is not None:
        msg.set_content(text)
    return msg


ANNA = Address("Anna Berg", addr_spec="anna.berg@example.org")
TOMAS = Address("Lind, Tomas", addr_spec="tomas@example.net")
DESK = Address("", addr_spec="news-desk@example.com")


def write_messages(folder: Path) -> None:
    """Write a plain message, an HTML-only one, one with attachments and a forward, and a mailbox of three."""
    plain = message(
        "Cranes stopped at the north quay",
        ANNA,
        [TOMAS, DESK],
        "Tomas,\n\nthe cranes at the north quay stopped at noon. Anna Berg will call the harbour master, "
        "and Berg expects the repair crew by Friday.\n",
        "Tue, 04 Mar 2025 12:15:00 +0100",
    )
    (folder / "plain.eml").write_bytes(bytes(plain))
    html = message("Ferry timetable", TOMAS, [ANNA], None, "Wed, 05 Mar 2025 07:00:00 +0000")
    html.set_content(
        "<html><body><p>The <b>morning ferry</b> to Vardholm sails late all week.</p></body></html>", "html"
    )
    (folder / "html-only.eml").write_bytes(bytes(html))
    with_parts = message(
        "Dredging report and notes",
        ANNA,
        [TOMAS],
        "Attached are my notes and the dredging report.\n",
        "Thu, 06 Mar 2025 16:40:00 +0000",
    )
    with_parts.add_attachment("Notes from the quay\n\nThe silt barge moored beside pier four.\n", filename="notes.txt")
    report = (
        "<html><head><title>Dredging report</title></head><body><p>Dredgers deepened the channel.</p></body></html>"
    )
    with_parts.add_attachment(report, subtype="html", filename="report.html")
    with_parts.add_attachment(
        b"\x00\x01spreadsheet", maintype="application", subtype="octet-stream", filename="budget.xls"
    )
    forward = message(
        "Tip about the lighthouse",
        Address("Carl Moss", addr_spec="carl@example.net"),
        [ANNA],
        "The lighthouse keeper retires in April.\n",
        "Mon, 03 Mar 2025 09:00:00 +0000",
    )
    with_parts.add_attachment(forward)
    (folder / "attachments.eml").write_bytes(bytes(with_parts))
    box = b""
    for number, topic in enumerate(("tugboat", "breakwater", "seawall"), 1):
        msg = message(
            f"Mailbox note {number}", ANNA, [TOMAS], f"A note about the {topic}.\n", "Fri, 07 Mar 2025 08:00:00 +0000"
        )
        msg["Message-ID"] = f"<note-{number}@example.org>"
        box += b"From anna.berg@example.org Fri Mar  7 08:00:00 2025\n" + bytes(msg).replace(b"\r\n", b"\n") + b"\n"
    (folder / "notes.mbox").write_bytes(box)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, ReindexReport, dict[str, str]]]:
    root = tmp_path_factory.mktemp("mail")
    docs, index = root / "docs", root / "index"
    docs.mkdir()
    write_messages(docs)
    expected = write_hostile_mail(docs / "hostile")
    report = reindex(load_settings(documents=docs, index=index, workers=1))
    yield docs, index, report, expected


def doc(index: Path, path: str, key: str = "") -> DocumentRecord:
    record = Archive(index).document(document_id(path, key))
    assert record is not None, (path, key)
    return record


def titles(index: Path, query: str) -> set[str]:
    return {h.title for h in Archive(index).search(SearchRequest(query=query, limit=50, all_copies=True)).hits}


@pytest.mark.slow
def test_plain_message_is_subject_date_text_people_and_addresses(built) -> None:
    _, index, _, _ = built
    record = doc(index, "plain.eml")
    assert record.title == "Cranes stopped at the north quay"
    assert record.published == "2025-03-04"
    assert "stopped at noon" in record.body
    assert record.meta["authors"] == ["Anna Berg"]
    assert record.meta["addresses"] == ["anna.berg@example.org", "tomas@example.net", "news-desk@example.com"]
    people = [p.name for p in record.entities.people]
    assert people.count("Anna Berg") == 1 and "Tomas Lind" in people  # "Lind, Tomas" turned round
    assert not any(p == "Berg" or "desk" in p.lower() for p in people)  # the surname joins; a bare address is no one
    assert "Cranes stopped at the north quay" in titles(index, "addresses:news-desk@example.com")


@pytest.mark.slow
def test_header_person_is_one_facet_value_with_the_text_mentions(built) -> None:
    _, index, _, _ = built
    result = Archive(index).search(SearchRequest(filters={"people": ("Anna Berg",)}, limit=50, all_copies=True))
    assert "Cranes stopped at the north quay" in {h.title for h in result.hits}
    anna = next(p for p in doc(index, "plain.eml").entities.people if p.name == "Anna Berg")
    assert [m.text for m in anna.mentions] == ["Anna Berg", "Berg"]
    tomas = Archive(index).search(SearchRequest(filters={"people": ("Tomas Lind",)}, limit=50, all_copies=True))
    assert "Ferry timetable" in {h.title for h in tomas.hits}  # the sender of a message that never names him


@pytest.mark.slow
def test_html_only_message_is_read_as_a_page(built) -> None:
    _, index, _, _ = built
    record = doc(index, "html-only.eml")
    assert record.title == "Ferry timetable"
    assert "morning ferry to Vardholm" in record.body and "<b>" not in record.body
    assert "Ferry timetable" in titles(index, "Vardholm")


@pytest.mark.slow
def test_attachments_are_documents_linked_to_their_message(built) -> None:
    _, index, report, _ = built
    parent = document_id("attachments.eml", "")
    notes = doc(index, "attachments.eml", "attachment 1: notes.txt")
    page = doc(index, "attachments.eml", "attachment 2: report.html")
    forward = doc(index, "attachments.eml", "attachment 4: part 4.eml")
    assert notes.title == "Notes from the quay" and "silt barge" in notes.body
    assert page.title == "Dredging report" and "deepened the channel" in page.body
    assert forward.title == "Tip about the lighthouse" and forward.published == "2025-03-03"
    assert {notes.meta["parent"], page.meta["parent"], forward.meta["parent"]} == {parent}
    assert "Carl Moss" in [p.name for p in forward.entities.people]
    assert "Notes from the quay" in titles(index, "silt barge")
    assert Archive(index).document(document_id("attachments.eml", "attachment 3: budget.xls")) is None
    assert not [f for f in report.failed if f[0] == "attachments.eml"]


@pytest.mark.slow
def test_message_page_lists_attachments_and_addresses(built) -> None:
    docs, index, _, _ = built
    from webui import create_app

    client = create_app({"TESTING": True, "ARCHIVE_INDEX": str(index), "ARCHIVE_DOCUMENTS": str(docs)}).test_client()
    page = client.get(f"/doc/{document_id('attachments.eml', '')}").get_data(as_text=True)
    for key, name in (("attachment 1: notes.txt", "notes.txt"), ("attachment 2: report.html", "report.html")):
        assert f'<a href="/doc/{document_id("attachments.eml", key)}">{name}</a>' in page
    assert 'budget.xls <span class="muted">(not indexed)</span>' in page
    assert "anna.berg@example.org" in page and "tomas@example.net" in page
    attached = client.get(f"/doc/{document_id('attachments.eml', 'attachment 1: notes.txt')}").get_data(as_text=True)
    assert f'<a href="/doc/{document_id("attachments.eml", "")}">Dredging report and notes</a>' in attached
    plain = client.get(f"/doc/{document_id('plain.eml', '')}")
    assert plain.status_code == 200 and "news-desk@example.com" in plain.get_data(as_text=True)
    found = client.get("/?q=addresses%3Anews-desk%40example.com").get_data(as_text=True)  # the address's link
    assert 'href="/?q=addresses%3Anews-desk%40example.com"' in plain.get_data(as_text=True)
    assert "Cranes stopped at the north quay" in found and "Ferry timetable" not in found


@pytest.mark.slow
def test_show_prints_addresses_and_attachments(built) -> None:
    docs, index, _, _ = built
    from click.testing import CliRunner

    from archive.cli import main

    result = CliRunner().invoke(main, ["--index", str(index), "show", document_id("attachments.eml", "")])
    notes = document_id("attachments.eml", "attachment 1: notes.txt")
    assert result.exit_code == 0, result.output
    assert f"attachments: notes.txt ({notes}), " in result.output and "budget.xls (not indexed)" in result.output
    assert "addresses: anna.berg@example.org, tomas@example.net" in result.output


@pytest.mark.slow
def test_mbox_is_one_document_per_message_keyed_by_message_id(built) -> None:
    _, index, _, _ = built
    for number, topic in enumerate(("tugboat", "breakwater", "seawall"), 1):
        record = doc(index, "notes.mbox", f"<note-{number}@example.org>")
        assert record.title == f"Mailbox note {number}" and topic in record.body
        assert f"Mailbox note {number}" in titles(index, topic)


@pytest.mark.slow
def test_encoded_headers_and_latin1_body_come_out_right(built) -> None:
    _, index, _, _ = built
    record = doc(index, "hostile/encoded.eml")
    assert record.title == "Grève au port de Sète"
    assert "Les grévistes du quai sont réunis" in record.body and "pêche" in record.body
    assert {"Zoë Ñúñez", "José García"} <= {p.name for p in record.entities.people}
    assert "Grève au port de Sète" in titles(index, "grevistes")


@pytest.mark.slow
def test_broken_mail_is_reported_and_the_rest_indexed(built) -> None:
    _, index, report, expected = built
    failed = dict(report.failed)
    for name, outcome in expected.items():
        assert (f"hostile/{name}" in failed) == (outcome == "failed"), (name, failed)
    assert "not an e-mail message" in failed["hostile/not-mail.eml"]
    assert "nested too deeply" in failed["hostile/deep-parts.eml"]
    assert "ferry timetable changed" in doc(index, "hostile/unknown-charset.eml").body
    assert "ferry timetable changed" in doc(index, "hostile/nul-charset.eml").body
    warnings = [w for f, w in report.warnings if f == "hostile/mixed.mbox"]
    assert any("message 2: not an e-mail message" in w for w in warnings), report.warnings
    assert doc(index, "hostile/mixed.mbox", "message 1").title == "Good one"


@pytest.mark.parametrize(
    ("display", "address", "person"),
    [
        ("Anna Berg", "anna@example.org", "Anna Berg"),
        ("Berg, Anna", "anna@example.org", "Anna Berg"),
        ("anna@example.org", "anna@example.org", ""),
        ("Newsdesk", "desk@example.org", ""),
        ("", "desk@example.org", ""),
        ("'Tomas  Lind'", "t@example.net", "Tomas Lind"),
        ("Harbour Weekly Desk", "desk@example.org", ""),
    ],
)
def test_only_real_names_become_people(display: str, address: str, person: str) -> None:
    assert person_name(display, address) == person


def test_from_line_inside_a_paragraph_does_not_split_a_mailbox() -> None:
    box = (
        b"From a@example.org Fri Mar  7 08:00:00 2025\nSubject: One\n\nFirst line\nFrom here the text goes on.\n\n"
        b"From b@example.org Fri Mar  7 09:00:00 2025\nSubject: Two\n\nSecond message.\n"
    )
    records, problems = read("mbox", box, "box.mbox", {})
    assert [(r.key, r.meta["title"]) for r in records] == [("message 1", "One"), ("message 2", "Two")]
    assert "From here the text goes on." in records[0].body and not problems


def test_header_person_takes_the_surname_the_text_names_alone() -> None:
    from archive.extract.people import add_named_people

    berg = Person("Berg", (Mention(10, 14, "Berg"),))
    people = add_named_people((berg,), ("Anna Berg", "Carl Moss"), "Yesterday Berg met Carl Moss.")
    assert people == (
        Person("Anna Berg", (Mention(10, 14, "Berg"),)),
        Person("Carl Moss", (Mention(19, 28, "Carl Moss"),)),
    )
    dear = add_named_people((), ("Lotte Brink", "Pieter Kamp"), "Dear Ms Brink, Kamp and I met Lotte Brink.")
    assert [(p.name, [m.text for m in p.mentions]) for p in dear] == [
        ("Lotte Brink", ["Brink", "Lotte Brink"]),
        ("Pieter Kamp", ["Kamp"]),
    ]


def test_a_mailing_to_thousands_names_its_first_thirty_people_and_says_so() -> None:
    names = [f"Reader {chr(65 + n % 26)}{chr(97 + n // 26 % 26)}{chr(97 + n // 676)}son" for n in range(2000)]
    crowd = [Address(name, addr_spec=f"r{n}@example.org") for n, name in enumerate(names)]
    text, date = "The harbour newsletter for March.\n", "Mon, 03 Mar 2025 09:00:00 +0000"
    mailing = message("Harbour newsletter", ANNA, crowd, text, date)
    (record,), problems = read("email", bytes(mailing), "letter.eml", {})
    assert len(record.meta["correspondents"]) == 30 and record.meta["correspondents"][0] == "Anna Berg"
    assert len(record.meta["addresses"]) == 1000
    assert problems == ["2001 named senders and recipients: the first 30 are its people"]


def test_a_raw_eight_bit_header_enters_the_archive_as_valid_text() -> None:
    data = (
        b"From: Ren\xe9 Berg <rene@example.org>\nTo: Anna Berg <anna@example.org>\nSubject: Quay\n"
        b"Date: Mon, 03 Mar 2025 09:00:00 +0000\n\nThe quay reopened.\n"
    )
    (record,), _ = parse_records(SourceBytes("email", data), "quay.eml")
    assert record.meta["authors"] == ["Ren\ufffd Berg"]  # the e-mail package keeps the byte as a lone surrogate
    json.dumps(record.meta, ensure_ascii=False).encode("utf-8")  # and nothing downstream fails on it
