"""E-mail (archive/formats/mail.py): .eml and .mbox messages written here with the standard library, indexed by a
real reindex into an on-disk index, searched, and shown by the web app."""

from __future__ import annotations

import json
from collections.abc import Iterator
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from archive.config import load_settings
from archive.formats.mail import attachment_name, keyed_attachments, person_name, read
from archive.index import ReindexReport, reindex
from archive.models import DocumentRecord, Mention, Person, SearchRequest
from archive.schema import document_id
from archive.search import Archive
from archive.sources import SourceBytes, parse_records
from tests.hostile import SCAN_LINES, scan_bytes, write_colliding_mail, write_hostile_mail


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
    notes = []
    for number, topic in enumerate(("tugboat", "breakwater", "seawall"), 1):
        msg = message(
            f"Mailbox note {number}", ANNA, [TOMAS], f"A note about the {topic}.\n", "Fri, 07 Mar 2025 08:00:00 +0000"
        )
        msg["Message-ID"] = f"<note-{number}@example.org>"
        notes.append(msg)
    (folder / "notes.mbox").write_bytes(mailbox(notes))


def mailbox(messages: list[EmailMessage]) -> bytes:
    """Return messages as an mbox file: each after a "From " line, with Unix line ends."""
    start = b"From anna.berg@example.org Fri Mar  7 08:00:00 2025\n"
    return b"".join(start + bytes(m).replace(b"\r\n", b"\n") + b"\n" for m in messages)


REVIEW_DATE = "Sat, 08 Mar 2025 09:00:00 +0000"
LOGO_WORDS = ["Masthead of the Harbour Weekly"]  # drawn on images the HTML body shows: never a document


def write_reviewed_messages(folder: Path) -> None:
    """Write the messages a review of the reader found it wrong on: images an HTML body shows (cited by cid:, or
    marked inline) beside a scan attached for real, an attachment that fails cleaning, a mailbox with a sidecar,
    an .eml with one, and a message whose attachment goes away."""
    cited = message("Newsletter with a logo", ANNA, [TOMAS], None, REVIEW_DATE)
    html = '<html><body><img src="cid:logo%40example.org"><p>The pilots voted to strike at dawn.</p></body></html>'
    cited.set_content(html, subtype="html")
    cited.add_related(scan_bytes(LOGO_WORDS), "image", "png", cid="<logo@example.org>", filename="logo.png")
    (folder / "cited-logo.eml").write_bytes(bytes(cited))
    pixel = message("Quay inspection results", ANNA, [TOMAS], None, REVIEW_DATE)
    pixel.set_content("<html><body><p>The inspection found cracks in the quay wall.</p></body></html>", "html")
    pixel.add_attachment(scan_bytes(LOGO_WORDS), "image", "png", filename="pixel.png", disposition="inline")
    pixel.add_attachment(scan_bytes(SCAN_LINES[:2]), "image", "png", filename="scan.png")
    (folder / "inline-pixel.eml").write_bytes(bytes(pixel))
    failing = message("Berth allocation", ANNA, [TOMAS], "The berth list is attached.\n", REVIEW_DATE)
    failing.add_attachment("<html><body><script>var berths = 4;</script></body></html>", "html", filename="berths.html")
    failing.add_attachment("Berth four goes to the ferry.\n", filename="berths.txt")
    (folder / "failing-attachment.eml").write_bytes(bytes(failing))
    roster = message("Pilot roster", ANNA, [TOMAS], "The roster for March.\n", "Mon, 10 Mar 2025 08:00:00 +0000")
    strike = message("Pilot strike called off", TOMAS, [ANNA], "The strike is off.\n", "Tue, 11 Mar 2025 09:00 +0000")
    (folder / "pilots.mbox").write_bytes(mailbox([roster, strike]))
    sidecar = {"title": "One title for all", "published": "1999-01-01", "source": "Pilots' union", "language": "en"}
    (folder / "pilots.meta.json").write_text(json.dumps(sidecar))
    (folder / "roster.eml").write_bytes(bytes(roster))
    (folder / "roster.meta.json").write_text(json.dumps({"title": "Roster as the desk filed it"}))
    changing = message("Tender documents", ANNA, [TOMAS], "The tender is attached.\n", REVIEW_DATE)
    changing.add_attachment("Tender for the dredging of the outer channel.\n", filename="tender.txt")
    (folder / "changing.eml").write_bytes(bytes(changing))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, ReindexReport, dict[str, str]]]:
    root = tmp_path_factory.mktemp("mail")
    docs, index = root / "docs", root / "index"
    docs.mkdir()
    write_messages(docs)
    write_reviewed_messages(docs)
    write_colliding_mail(docs / "hostile")
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


def web(docs: Path, index: Path) -> FlaskClient:
    from webui import create_app

    return create_app({"TESTING": True, "ARCHIVE_INDEX": str(index), "ARCHIVE_DOCUMENTS": str(docs)}).test_client()


@pytest.mark.slow
def test_images_an_html_body_shows_are_no_attachments(built) -> None:
    _, index, _, _ = built
    cited = doc(index, "cited-logo.eml")
    assert "pilots voted to strike" in cited.body and not cited.meta.get("attachments")
    assert Archive(index).document(document_id("cited-logo.eml", "attachment 1: logo.png")) is None
    scan = document_id("inline-pixel.eml", "attachment 1: scan.png")
    assert doc(index, "inline-pixel.eml").meta["attachments"] == [["scan.png", scan]]  # the pixel is not listed
    assert "ferry to sakhalin" in doc(index, "inline-pixel.eml", "attachment 1: scan.png").body.lower()
    assert not titles(index, "masthead")  # neither image was read by OCR


@pytest.mark.slow
def test_file_of_an_attachment_is_its_own_bytes_and_type(built) -> None:
    docs, index, _, _ = built
    client = web(docs, index)
    notes = client.get(f"/file/{document_id('attachments.eml', 'attachment 1: notes.txt')}")
    assert notes.status_code == 200 and notes.content_type == "text/plain; charset=utf-8"
    assert notes.data == b"Notes from the quay\n\nThe silt barge moored beside pier four.\n"
    assert notes.headers["Content-Disposition"] == "inline; filename=notes.txt"
    assert notes.headers["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" in notes.headers
    page = client.get(f"/file/{document_id('attachments.eml', 'attachment 2: report.html')}")
    assert page.content_type == "text/plain; charset=utf-8" and page.data.startswith(b"<html><head><title>Dredging")
    assert page.headers["Content-Disposition"] == "attachment; filename=report.html"  # never rendered as a page
    forward = client.get(f"/file/{document_id('attachments.eml', 'attachment 4: part 4.eml')}")
    assert forward.content_type == "message/rfc822" and b"Subject: Tip about the lighthouse" in forward.data
    assert b"Dredging" not in forward.data
    scan = client.get(f"/file/{document_id('inline-pixel.eml', 'attachment 1: scan.png')}")
    assert scan.content_type == "image/png" and scan.data == scan_bytes(SCAN_LINES[:2])
    crew = client.get(f"/file/{document_id('hostile/colliding.mbox', COLLIDING_CREW)}")
    assert crew.data == b"Crew list for the night shift\n\nSix pilots.\n"
    disposition = crew.headers["Content-Disposition"]
    assert disposition.startswith('inline; filename="Quai \\"nord\\"') and "crew" not in disposition
    assert "filename*=UTF-8''Quai%20%22nord%22%20%E2%80%93%20%C3%A9t%C3%A9.txt" in disposition
    with client.get(f"/file/{document_id('notes.mbox', '<note-1@example.org>')}") as whole:
        assert whole.data == (docs / "notes.mbox").read_bytes()  # a message of a mailbox is still its file


COLLIDING_CREW = 'message 4 / attachment 2: Quai "nord" – été.txt'


@pytest.mark.slow
def test_file_of_an_attachment_gone_from_its_message_is_a_clear_404(built) -> None:
    docs, index, _, _ = built
    tender = document_id("changing.eml", "attachment 1: tender.txt")
    assert web(docs, index).get(f"/file/{tender}").data == b"Tender for the dredging of the outer channel.\n"
    text = "The tender was withdrawn.\n"
    (docs / "changing.eml").write_bytes(bytes(message("Tender documents", ANNA, [TOMAS], text, REVIEW_DATE)))
    gone = web(docs, index).get(f"/file/{tender}")
    assert gone.status_code == 404 and b"Tender documents" not in gone.data
    assert "no longer in its message file" in gone.get_data(as_text=True)


@pytest.mark.slow
def test_mailbox_sidecar_gives_every_message_only_what_fits_them_all(built) -> None:
    _, index, report, _ = built
    roster, strike = doc(index, "pilots.mbox", "message 1"), doc(index, "pilots.mbox", "message 2")
    assert (roster.title, roster.published) == ("Pilot roster", "2025-03-10")
    assert (strike.title, strike.published) == ("Pilot strike called off", "2025-03-11")
    assert roster.meta["source"] == strike.meta["source"] == "Pilots' union"
    warnings = [w for f, w in report.warnings if f == "pilots.mbox"]
    assert any("sidecar's title, published not used" in w for w in warnings), report.warnings
    assert doc(index, "roster.eml").title == "Roster as the desk filed it"  # an .eml's sidecar still overrides


@pytest.mark.slow
def test_mbox_keys_never_collide(built, tmp_path: Path) -> None:
    _, index, _, _ = built
    for key, title in write_colliding_mail(tmp_path).items():  # the keys and titles of the mailbox indexed
        assert doc(index, "hostile/colliding.mbox", key).title == title, key


@pytest.mark.slow
def test_attachment_that_fails_cleaning_is_listed_without_a_link(built) -> None:
    docs, index, report, _ = built
    warnings = [w for f, w in report.warnings if f == "failing-attachment.eml"]
    assert any("berths.html: no text after cleaning" in w for w in warnings), report.warnings
    page = web(docs, index).get(f"/doc/{document_id('failing-attachment.eml', '')}").get_data(as_text=True)
    assert 'berths.html <span class="muted">(not indexed)</span>' in page
    txt = document_id("failing-attachment.eml", "attachment 2: berths.txt")
    assert f'<a href="/doc/{txt}">berths.txt</a>' in page
    assert document_id("failing-attachment.eml", "attachment 1: berths.html") not in page


def test_message_ids_written_as_other_keys_fall_back_to_their_place(tmp_path: Path) -> None:
    expected = write_colliding_mail(tmp_path)
    records, problems = read("mbox", (tmp_path / "colliding.mbox").read_bytes(), "colliding.mbox", {})
    assert [r.key for r in records] == list(expected) and not problems


def test_a_plain_message_s_inline_photo_stays_an_attachment() -> None:
    photo = message("Photo of the quay", ANNA, [TOMAS], "The crack, as I saw it.\n", REVIEW_DATE)
    photo.add_attachment(b"\x89PNG not drawn", "image", "png", filename="crack.png", disposition="inline", cid="<c@x>")
    assert [name for name, _, _ in keyed_attachments(photo, "")] == ["crack.png"]  # no HTML body shows it
    html = message("Photo of the quay", ANNA, [TOMAS], None, REVIEW_DATE)
    html.set_content("<p>The crack, as I saw it.</p>", "html")
    html.add_attachment(b"\x89PNG not drawn", "image", "png", filename="crack.png", disposition="inline")
    assert keyed_attachments(html, "") == []


def test_an_attachment_name_never_carries_a_line_break_into_a_header_or_title() -> None:
    from email.message import EmailMessage

    part = EmailMessage()
    part["Content-Disposition"] = "attachment; filename*=utf-8''notes%0D%0AX-Evil%3A%201.txt"
    assert attachment_name(part, 1) == "notes X-Evil: 1.txt"
