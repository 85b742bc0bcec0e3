"""Colour differences as readers with colour-vision deficiencies see them (for the controllers' palette test).

Simulation: the Machado, Oliveira and Fernandes (2009) matrices at full severity, applied in linear sRGB.
Difference: CIE76 ΔE in CIELAB (D65).
"""

from __future__ import annotations

import math

MACHADO_2009 = {
    "normal": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def over_white(hex_colour: str, opacity: float) -> tuple[float, float, float]:
    """The colour as drawn with `opacity` on a white page (sRGB)."""
    return tuple(opacity * c + (1 - opacity) for c in rgb(hex_colour))  # type: ignore[return-value]


def lab(srgb: tuple[float, float, float], vision: str) -> tuple[float, float, float]:
    lin = [_linear(c) for c in srgb]
    sim = [max(0.0, min(1.0, sum(m * c for m, c in zip(row, lin, strict=True)))) for row in MACHADO_2009[vision]]
    r, g, b = sim
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(one: tuple[float, float, float], other: tuple[float, float, float], vision: str) -> float:
    return math.dist(lab(one, vision), lab(other, vision))
