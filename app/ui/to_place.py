"""How a list shows a passage that waits to be placed by hand.

A new version of a study's PDF (or a new reading of it) that does not have a passage's words
leaves the passage without a place: its page number would be an earlier text's, so lists
show it as "to place", never with a page, and opening it opens the place-by-hand window.
"""

from __future__ import annotations

TO_PLACE = "⚠ to place"
TO_PLACE_TIP = (
    "Not found in the new version of the PDF, so it cites no page: the page it was on may "
    "no longer hold its words.\n"
    "Double-click it (or press Enter) to place it by hand: select its words on the page "
    "(or draw its rectangle, for a region), then press Place at the selection."
)
