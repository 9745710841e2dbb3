"""Colours for factors: each new one as far as can be from those already in use.

"Far" is perceptual: the CIEDE2000 difference between the two colours in CIELAB, taken as
the smallest of four readings, normal colour vision and the three dichromacies (protanopia
and deuteranopia by Machado, Oliveira and Fernandes 2009; tritanopia by Brettel, Viénot and
Mollon 1997, as the Machado model is not meant for tritans). So a colour that is distinct
for most readers but the same yellow-brown to a deuteranope counts as close.

Candidates come first from a curated palette of highlight colours (mid lightness: legible
as a translucent fill over black text, visible as a band under the line); when none of them
is far enough from what is used, colours of the same lightness range around the hue circle
join in. A researcher can still give a factor any colour she likes.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from functools import lru_cache

Lab = tuple[float, float, float]

# Ordered greedily, each as far as the palette allowed from those before it (by `distance`):
# a new project's first factors take them in about this order.
PALETTE: tuple[str, ...] = (
    "#e69f00",  # amber
    "#3d8bd6",  # blue
    "#d1495b",  # red
    "#a0c4ff",  # light blue
    "#dab785",  # sand
    "#b07aa1",  # mauve
    "#2ec4b6",  # teal
    "#e07a5f",  # terracotta
    "#66a182",  # green
    "#cdb4db",  # lilac
    "#c17c74",  # rosewood
    "#81b29a",  # sage
    "#bc5090",  # magenta
    "#f2c14e",  # yellow
    "#5fa8d3",  # sky
    "#8e7dbe",  # violet
)

# Below this a palette colour is not distinct enough: colours off the palette are tried too.
ENOUGH = 12.0
# How much nearer than a palette colour an off-palette one may be and still lose to it.
PALETTE_PREFERENCE = 3.0
VISIONS = ("normal", "protanopia", "deuteranopia", "tritanopia")


def is_colour(value: str) -> bool:
    return (
        len(value) == 7
        and value.startswith("#")
        and all(c in "0123456789abcdefABCDEF" for c in value[1:])
    )


# --- the difference between two colours ---------------------------------------------------


def delta_e_2000(first: Lab, second: Lab) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1) between two CIELAB colours."""
    l1, a1, b1 = first
    l2, a2, b2 = second
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0

    dl = l2 - l1
    dc = c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    else:
        dh = h2p - h1p
        if dh > 180:
            dh -= 360
        elif dh < -180:
            dh += 360
    dh_big = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))

    l_mean = (l1 + l2) / 2
    cp_mean = (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    d_theta = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25.0**7))
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt(
        (dl / s_l) ** 2 + (dc / s_c) ** 2 + (dh_big / s_h) ** 2 + r_t * (dc / s_c) * (dh_big / s_h)
    )


@lru_cache(maxsize=4096)
def seen_as(colour: str) -> tuple[Lab, Lab, Lab, Lab]:
    """The CIELAB (D65) colour as seen with normal vision, protanopia, deuteranopia, tritanopia."""
    from coloraide import Color  # a pure-Python colour library; imported when first needed

    source = Color(colour)
    simulated = [
        source,
        source.filter("protan", method="machado"),
        source.filter("deutan", method="machado"),
        source.filter("tritan", method="brettel"),
    ]
    labs = []
    for seen in simulated:
        lab = seen.convert("srgb").clip().convert("lab-d65")
        labs.append((float(lab["lightness"]), float(lab["a"]), float(lab["b"])))
    return labs[0], labs[1], labs[2], labs[3]


def differences(first: str, second: str) -> dict[str, float]:
    """CIEDE2000 between two colours for each kind of vision."""
    pairs = zip(seen_as(first.lower()), seen_as(second.lower()), strict=True)
    return {vision: delta_e_2000(a, b) for vision, (a, b) in zip(VISIONS, pairs, strict=True)}


@lru_cache(maxsize=65536)
def _distance(first: str, second: str) -> float:
    return min(differences(first, second).values())


def distance(first: str, second: str) -> float:
    """How far apart two colours look to the reader who tells them apart least well."""
    a, b = sorted((first.lower(), second.lower()))
    return _distance(a, b)


# --- choosing ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def hue_circle() -> tuple[str, ...]:
    """Off-palette candidates: colours at the palette's lightness and colourfulness, every
    15 degrees of hue, that sRGB can show."""
    from coloraide import Color

    found: list[str] = []
    for lightness in (58.0, 68.0, 78.0):
        for chroma in (35.0, 55.0):
            for hue in range(0, 360, 15):
                colour = Color("lch", [lightness, chroma, float(hue)])
                if colour.in_gamut("srgb"):
                    found.append(colour.convert("srgb").to_string(hex=True).lower())
    return tuple(dict.fromkeys(found))


def nearest(colour: str, used: Iterable[str]) -> float:
    """The distance from a colour to the closest of `used` (infinite when none is used)."""
    return min((distance(colour, other) for other in used), default=math.inf)


def next_colour(used: Collection[str]) -> str:
    """The colour for a new factor: the palette colour farthest from every colour in use,
    or, when none of the palette is far enough, the farthest colour of the hue circle."""
    taken = list(dict.fromkeys(c.lower() for c in used if is_colour(c)))
    if not taken:
        return PALETTE[0]
    # Ties go to the earlier palette colour: max() keeps the first of equals.
    best = max(PALETTE, key=lambda c: nearest(c, taken))
    best_distance = nearest(best, taken)
    if best_distance >= ENOUGH:
        return best
    wider = max(hue_circle(), key=lambda c: nearest(c, taken))
    # Once every palette colour is in use, any colour farther off is better than a repeat.
    preference = PALETTE_PREFERENCE if best_distance >= 1.0 else 0.0
    if nearest(wider, taken) > best_distance + preference:
        return wider
    return best
