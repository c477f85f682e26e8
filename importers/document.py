"""Writing a printed page as a Word document (.docx, python-docx): A4 with margins, the issuer's
name in the page header, headings, paragraphs, bullet lists and tables with a header row.

What the blocks say is decided by the caller (already in the reader's language); text from the
register is made printable first (a control character would make the XML invalid). The file is
written privately and replaces the target whole (`models.safefile.replacing`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from models import safefile
from models.safetext import printable


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 0: the document's title


@dataclass(frozen=True)
class Paragraph:
    lines: Sequence[str]  # one paragraph, a line break between the lines
    italic: bool = False


@dataclass(frozen=True)
class Bullets:
    items: Sequence[str]


@dataclass(frozen=True)
class Grid:
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]


Block = Heading | Paragraph | Bullets | Grid


def _text(value: object) -> str:
    return printable("" if value is None else str(value))


def _a4(document, header: str | None) -> None:
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(18)
    if header:
        paragraph = section.header.paragraphs[0]
        paragraph.text = _text(header)
        paragraph.style = document.styles["Header"]


def _grid(document, grid: Grid) -> None:
    table = document.add_table(rows=1, cols=len(grid.headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, grid.headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(_text(text)).bold = True
    for values in grid.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=False):
            cell.text = _text(value)


def write_document(target: str | os.PathLike[str], blocks: Sequence[Block], *, title: str,
                   header: str | None = None) -> Path:
    """Write `blocks` as an A4 .docx at `target` (replaced whole, private); OSError when it
    cannot be written (the target is then as it was)."""
    from docx import Document

    document = Document()
    document.core_properties.title = _text(title)
    _a4(document, header)
    for block in blocks:
        if isinstance(block, Heading):
            document.add_heading(_text(block.text), level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            for n, line in enumerate(block.lines):
                run = paragraph.add_run(_text(line))
                run.italic = block.italic
                if n < len(block.lines) - 1:
                    run.add_break()
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(_text(item), style="List Bullet")
        else:
            _grid(document, block)
    target = Path(target)
    with safefile.replacing(target) as tmp:
        document.save(str(tmp))
    return target
