"""Pictures of region passages for the Passages sheet: the figure or scan she coded."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from openpyxl.drawing.image import Image
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
from openpyxl.drawing.xdr import XDRPositiveSize2D
from openpyxl.utils.units import pixels_to_EMU

from app.core.types import Passage

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from app.core.project import Project

MAX_WIDTH_PX = 420
MAX_HEIGHT_PX = 320
SCALE = 2.0  # pixels per point before fitting: sharp enough to read a table
PADDING_PX = 4


@dataclass(frozen=True)
class Picture:
    png: bytes
    width: int  # pixels as shown
    height: int

    @property
    def row_height(self) -> float:
        """Points: Excel row heights are in points, pictures in pixels at 96 dpi."""
        return (self.height + 2 * PADDING_PX) * 0.75


class RegionPictures:
    """Renders each region once; a page that cannot be drawn leaves the cell without one."""

    def __init__(self, project: Project):
        self.project = project
        self._pdfs: dict[int, tuple[bytes, str | None, str]] = {}
        self._made: dict[int, Picture | None] = {}
        self.failed = 0

    def picture(self, passage: Passage) -> Picture | None:
        # A region waiting to be placed by hand has no place on the new pages to picture.
        if passage.kind != "region" or passage.rect is None or not passage.placed:
            return None
        if passage.id not in self._made:
            self._made[passage.id] = self._render(passage)
        return self._made[passage.id]

    def _render(self, passage: Passage) -> Picture | None:
        from app.pdf.errors import PdfError
        from app.pdf.snapshot import render_rect, to_png

        assert passage.rect is not None
        x0, top, x1, bottom = passage.rect
        scale = min(SCALE, MAX_WIDTH_PX / max(1.0, x1 - x0), MAX_HEIGHT_PX / max(1.0, bottom - top))
        try:
            if passage.study_id not in self._pdfs:
                self._pdfs[passage.study_id] = self.project.studies.pdf(passage.study_id)
            data, password, sha256 = self._pdfs[passage.study_id]
            bitmap = render_rect(data, password, passage.start_page, passage.rect, scale, sha256)
        except (PdfError, OSError, ValueError):
            self.failed += 1
            return None
        return Picture(to_png(bitmap), bitmap.width, bitmap.height)

    def reserve(self, sheet: WriteOnlyWorksheet, passage: Passage, row: int) -> None:
        """Make the row tall enough; must run before the row is written."""
        picture = self.picture(passage)
        if picture is not None:
            sheet.row_dimensions[row].height = picture.row_height

    def place(self, sheet: WriteOnlyWorksheet, passage: Passage, row: int, column: int) -> None:
        """Anchor the picture in a cell (0-based column), below any text."""
        picture = self.picture(passage)
        if picture is None:
            return
        image = Image(io.BytesIO(picture.png))
        image.width, image.height = picture.width, picture.height
        marker = AnchorMarker(
            col=column,
            colOff=pixels_to_EMU(PADDING_PX),
            row=row - 1,
            rowOff=pixels_to_EMU(PADDING_PX),
        )
        size = XDRPositiveSize2D(pixels_to_EMU(picture.width), pixels_to_EMU(picture.height))
        image.anchor = OneCellAnchor(_from=marker, ext=size)
        sheet.add_image(image)
