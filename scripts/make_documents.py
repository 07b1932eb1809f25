"""Write the demo archive's PDF, Word and scanned files (documents/) from our own text: a three-page report with
its metadata, a two-column bulletin, a Word memo with a table, and a clipping as a scanner gives it (PNG). The
files are committed; run this again only to change them (it needs the test extra: fpdf2, python-docx).

Usage: PYTHONPATH=$PWD .venv/bin/python scripts/make_documents.py
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile import render_scan  # noqa: E402
from tests.office import pdf_writer, write_docx, write_pdf  # noqa: E402

REVIEW = [
    "Rotterdam port authority: review of the March stoppage\n\n"
    "The five-day strike at the port of Rotterdam in March cost terminal operators an estimated 38 million "
    "euros, the port authority said in a review published on Tuesday. More than forty vessels were diverted "
    "to Antwerp and Hamburg while the dock workers stayed out.",
    "Night shifts\n\n"
    "The review found that night-shift crews had worked eleven percent more hours in 2023 than in 2021, "
    "while their pay rose by less than inflation. Union negotiator Marieke Van Dalen called the findings "
    "a fair account of why the workers walked out.",
    "What comes next\n\n"
    "The authority will publish shift rosters every quarter from July, and a joint committee of the union "
    "and the terminal operators will meet monthly. Chief executive Henrik Oosterbeek said the port expects "
    "container traffic to grow by three percent this year.",
]
BULLETIN = (
    "Ferry services across the Kattegat were cancelled on Thursday as gales reached 90 kilometres an hour. "
    "The operator said crossings between Frederikshavn and Gothenburg would resume on Friday morning once "
    "the wind had eased. Lorry drivers waited overnight at the terminal in Frederikshavn, where the harbour "
    "master opened a heated hall. Coastguards in Skagen reported no ships in distress, but asked small boats "
    "to stay in harbour until the weekend. The harbour office in Gothenburg expects the backlog of freight to "
    "clear by Sunday evening, when two extra sailings are planned."
)
MEMO = [
    "The city council of Gothenburg will rebuild the Masthugget quay in two stages, the harbour office said "
    "in a memo to councillors dated 14 May 2024.",
    "The first stage, from September, replaces the wooden piles under the ferry berth; the second, in 2025, "
    "the quay wall itself. Ferries to Frederikshavn will use the Stigberget berth while the work lasts.",
]
MEMO_COSTS = [("Stage", "Cost, million kronor"), ("Piles and berth", "64"), ("Quay wall", "112")]


def write_bulletin(path: Path) -> None:
    """Write a one-page weather bulletin in two columns, with its title and author in the metadata."""
    pdf = pdf_writer(header="Kattegat Shipping Bulletin")
    pdf.set_title("Gales cancel Kattegat ferries")
    pdf.set_author("Sofie Lindgren")
    pdf.set_creation_date(dt.datetime(2024, 11, 21, 7, 15, tzinfo=dt.UTC))
    pdf.add_page()
    with pdf.text_columns(ncols=2, gutter=8) as columns:
        columns.write(BULLETIN)
    pdf.output(str(path))

CLIPPING = [
    "Night ferry to Frederikshavn returns",
    "The night ferry between Gothenburg and Frederikshavn",
    "sails again from Monday, the operator said, after",
    "three weeks in dry dock at Landskrona for new engines.",
]


def main() -> None:
    folder = ROOT / "documents" / "2024"
    write_pdf(
        folder / "rotterdam-strike-review.pdf",
        REVIEW,
        title="Rotterdam port authority: review of the March stoppage",
        author="Port of Rotterdam Authority",
        created=dt.datetime(2024, 4, 16, 10, 0, tzinfo=dt.UTC),
        footer=True,
    )
    write_bulletin(folder / "kattegat-gales.pdf")
    write_docx(
        folder / "masthugget-quay.docx",
        paragraphs=MEMO,
        table=MEMO_COSTS,
        title="Masthugget quay to be rebuilt in two stages",
        author="Anders Holm",
        created=dt.datetime(2024, 5, 14, 9, 0),
        closing="Councillors vote on the second stage in December.",
    )
    scan = render_scan(CLIPPING, dpi=200)  # a clipping as a scanner gives it: read by OCR when indexed
    scan.save(folder / "ferry-clipping.png", dpi=(200, 200), optimize=True)


if __name__ == "__main__":
    main()
