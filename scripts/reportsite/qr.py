"""QR codes of page addresses, made at build time as inline SVG: no script, no request.

The encoding (version, error correction, data masking per ISO/IEC 18004) is zxing-cpp's
(``zxingcpp.create_barcode``: C++, with zint as its writer); this module only draws the
modules it returns as one SVG path.

Why zxing-cpp and not segno (pure Python), measured on this machine for one URL of this
site: segno 7–8 ms a code, nearly all of it scoring the eight masks in Python; zxing-cpp
1.0 ms. A page per script at 100x is 6,574 codes: about 50 s of CPU with segno, on top of a
72 s build, against about 7 s. Either is better than an encoder of our own (Reed–Solomon,
version choice and mask scoring are where such code goes wrong).
"""

from __future__ import annotations

import numpy as np
import zxingcpp
from markupsafe import Markup, escape

# White border, in modules, that ISO/IEC 18004 requires around the symbol.
QUIET_ZONE = 4
# M restores 15% of the symbol: plenty for a screen, and a smaller code than Q or H.
EC_LEVEL = "M"


def qr_modules(text: str) -> np.ndarray:
    """The symbol's modules, True for dark, without the quiet zone."""
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=EC_LEVEL)
    pixels = np.asarray(code.to_image(scale=1, add_quiet_zones=False))
    return pixels < 128


def _path(dark: np.ndarray) -> str:
    """Each row's runs of dark modules as strokes one module wide: ``M`` to the first run of
    a row, then relative moves (half the size of a rectangle per run)."""
    padded = np.pad(dark, ((0, 0), (1, 1))).astype(np.int8)
    rows, cols = np.nonzero(np.diff(padded, axis=1))  # run edges, row by row, left to right
    parts: list[str] = []
    row, end = -1, 0
    for y, start, stop in zip(rows[::2].tolist(), cols[::2].tolist(), cols[1::2].tolist(),
                              strict=True):
        if y != row:
            parts.append(f"M{start + QUIET_ZONE} {y + QUIET_ZONE}.5h{stop - start}")
            row = y
        else:
            parts.append(f"m{start - end} 0h{stop - start}")
        end = stop
    return "".join(parts)


def qr_svg(text: str, css_class: str = "rs-qr__code") -> Markup:
    """Inline SVG of a QR code holding ``text``, scaled by CSS (viewBox in modules).

    Hidden from assistive technology: the address is printed as text beside it.
    """
    dark = qr_modules(text)
    size = dark.shape[0] + 2 * QUIET_ZONE
    return Markup(
        f'<svg class="{escape(css_class)}" viewBox="0 0 {size} {size}" aria-hidden="true" '
        f'focusable="false" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path stroke="#000" d="{_path(dark)}"/></svg>'
    )
