"""Draw kmbot's Teams icons with the standard library only (a dev-time tool; the PNGs are
committed): ``color.png`` 192x192, a white coffee cup on NHS blue; ``outline.png`` 32x32,
the cup in white on a transparent background.   Run: python manifest/teams/make_icons.py
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

HERE = Path(__file__).parent
NHS_BLUE = (0, 94, 184, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)


def png(width: int, height: int, pixel) -> bytes:
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width))
                    for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)   # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def cup(u: float, v: float, stroke: float) -> bool:
    """Is the point (u, v) in 0..1 on the cup? ``stroke`` > 0 draws an outline only."""
    body = 0.22 <= u <= 0.68 and 0.38 <= v <= 0.80
    inner = 0.22 + stroke <= u <= 0.68 - stroke and 0.38 + stroke <= v <= 0.80 - stroke
    ring = ((u - 0.70) ** 2 + (v - 0.55) ** 2) ** 0.5
    handle = 0.09 <= ring <= 0.15 and u > 0.68
    saucer = 0.14 <= u <= 0.86 and 0.84 <= v <= 0.84 + max(stroke, 0.05)
    steam = any(abs(u - x - 0.03 * __import__("math").sin(v * 25)) < 0.025 and 0.16 <= v <= 0.32
                for x in (0.36, 0.50))
    if stroke:
        return (body and not inner) or handle or saucer or steam
    return body or handle or saucer or steam


def colour(x: int, y: int):
    return WHITE if cup((x + 0.5) / 192, (y + 0.5) / 192, 0) else NHS_BLUE


def outline(x: int, y: int):
    return WHITE if cup((x + 0.5) / 32, (y + 0.5) / 32, 0.09) else CLEAR


if __name__ == "__main__":
    (HERE / "color.png").write_bytes(png(192, 192, colour))
    (HERE / "outline.png").write_bytes(png(32, 32, outline))
    print("wrote color.png and outline.png")
