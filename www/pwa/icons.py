#!/usr/bin/env python3
"""The app icons for the web app manifest (www/img/icon-192.png, icon-512.png): the favicon's picture (two
inputs wired to three outputs on Okabe-Ito blue) drawn with the standard library only (zlib PNG), anti-aliased
by 4x4 supersampling. The picture sits inside the middle 80 %, so the icons also work as "maskable".
Run: python3 www/pwa/icons.py"""
import math
import os
import struct
import zlib

BLUE, ORANGE, WHITE = (0x00, 0x72, 0xB2), (0xE6, 0x9F, 0x00), (0xFF, 0xFF, 0xFF)
# The favicon's 64-unit picture, shrunk to 80 % around the centre.
INPUTS, OUTPUTS = [(16, 20), (16, 44)], [(48, 20), (48, 44), (48, 32)]
WIRES = [((16, 20), (48, 32)), ((16, 44), (48, 32)), ((16, 20), (48, 44)), ((16, 44), (48, 20))]


def seg_dist(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def colour_at(u, v):
    """The colour at (u, v) in favicon units (0..64)."""
    # Undo the 80 % shrink: picture units around the centre 32.
    x, y = 32 + (u - 32) / 0.8, 32 + (v - 32) / 0.8
    for (cx, cy) in INPUTS:
        if math.hypot(x - cx, y - cy) <= 6:
            return ORANGE
    for i, (cx, cy) in enumerate(OUTPUTS):
        if math.hypot(x - cx, y - cy) <= (5 if i == 2 else 6):
            return WHITE
    if any(seg_dist((x, y), a, b) <= 1.5 for a, b in WIRES):
        return WHITE
    return BLUE


def png(size):
    ss = 4
    rows = []
    for j in range(size):
        row = bytearray([0])
        for i in range(size):
            acc = [0, 0, 0]
            for sj in range(ss):
                for si in range(ss):
                    c = colour_at((i + (si + 0.5) / ss) * 64 / size, (j + (sj + 0.5) / ss) * 64 / size)
                    acc = [a + b for a, b in zip(acc, c)]
            row += bytes(round(a / ss / ss) for a in acc)
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "img")
    os.makedirs(out, exist_ok=True)
    for size in (192, 512):
        path = os.path.join(out, f"icon-{size}.png")
        with open(path, "wb") as f:
            f.write(png(size))
        print(f"{os.path.normpath(path)}: {os.path.getsize(path)} bytes")
