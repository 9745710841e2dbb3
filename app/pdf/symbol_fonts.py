"""Symbol and Wingdings glyphs, which PDFs give as private-use code points.

Word processors write characters of the Symbol and Wingdings fonts as U+F020..U+F0FF: the
font's own code plus 0xF000. Outside that font such a code point means nothing (a box in a
spreadsheet), so the common ones are turned into the characters they show: Symbol's Greek
letters and mathematical signs (α = 0.05, ≤, ±), and the bullets, ticks and arrows of
Wingdings lists. Any other private-use character is a glyph nobody can read, and the caller
marks it as such.
"""

from __future__ import annotations

# The Adobe Symbol encoding, code -> character, for the letters and signs found in papers.
_SYMBOL_LETTERS = dict(
    zip(
        range(0x41, 0x5B),
        "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ",
        strict=True,
    )
) | dict(zip(range(0x61, 0x7B), "αβχδεφγηιϕκλμνοπθρστυϖωξψζ", strict=True))
_SYMBOL_SIGNS = {
    0x20: " ",
    0x21: "!",
    0x22: "∀",
    0x23: "#",
    0x24: "∃",
    0x25: "%",
    0x26: "&",
    0x27: "∋",
    0x28: "(",
    0x29: ")",
    0x2A: "∗",
    0x2B: "+",
    0x2C: ",",
    0x2D: "−",
    0x2E: ".",
    0x2F: "/",
    **{code: str(code - 0x30) for code in range(0x30, 0x3A)},
    0x3A: ":",
    0x3B: ";",
    0x3C: "<",
    0x3D: "=",
    0x3E: ">",
    0x3F: "?",
    0x40: "≅",
    0x5B: "[",
    0x5C: "∴",
    0x5D: "]",
    0x5E: "⊥",
    0x5F: "_",
    0x7B: "{",
    0x7C: "|",
    0x7D: "}",
    0x7E: "∼",
    0xA1: "ϒ",
    0xA2: "′",
    0xA3: "≤",
    0xA4: "⁄",
    0xA5: "∞",
    0xA6: "ƒ",
    0xA7: "♣",
    0xA8: "♦",
    0xA9: "♥",
    0xAA: "♠",
    0xAB: "↔",
    0xAC: "←",
    0xAD: "↑",
    0xAE: "→",
    0xAF: "↓",
    0xB0: "°",
    0xB1: "±",
    0xB2: "″",
    0xB3: "≥",
    0xB4: "×",
    0xB5: "∝",
    0xB6: "∂",
    0xB7: "•",
    0xB8: "÷",
    0xB9: "≠",
    0xBA: "≡",
    0xBB: "≈",
    0xBC: "…",
    0xC0: "ℵ",
    0xC4: "⊗",
    0xC5: "⊕",
    0xC6: "∅",
    0xC7: "∩",
    0xC8: "∪",
    0xC9: "⊃",
    0xCA: "⊇",
    0xCB: "⊄",
    0xCC: "⊂",
    0xCD: "⊆",
    0xCE: "∈",
    0xCF: "∉",
    0xD0: "∠",
    0xD1: "∇",
    0xD5: "∏",
    0xD6: "√",
    0xD7: "⋅",
    0xD8: "¬",
    0xD9: "∧",
    0xDA: "∨",
    0xDB: "⇔",
    0xDC: "⇐",
    0xDD: "⇑",
    0xDE: "⇒",
    0xDF: "⇓",
    0xE0: "◊",
    0xE1: "〈",
    0xE5: "∑",
    0xF1: "〉",
    0xF2: "∫",
}
SYMBOL = _SYMBOL_LETTERS | _SYMBOL_SIGNS

# Wingdings: what its lists and check boxes are made of.
WINGDINGS = {
    0x9F: "•",
    0xA1: "○",
    0xA7: "▪",
    0xA8: "◻",
    0x6C: "●",
    0x6E: "■",
    0x6F: "□",
    0x71: "❑",
    0x75: "◆",
    0x76: "❖",
    0xD8: "➢",
    0xE0: "→",
    0xE8: "➔",
    0xF0: "⇨",
    0xFB: "✗",
    0xFC: "✓",
    0xFD: "☒",
    0xFE: "☑",
}

PRIVATE_USE = range(0xE000, 0xF900)


def from_private_use(ch: str, font_name: str) -> str | None:
    """The character a Symbol or Wingdings private-use code point shows, or None."""
    code = ord(ch)
    if not 0xF000 <= code <= 0xF0FF:
        return None
    name = font_name.casefold()
    if "symbol" in name:
        return SYMBOL.get(code - 0xF000)
    if "wingding" in name:
        return WINGDINGS.get(code - 0xF000)
    return None
