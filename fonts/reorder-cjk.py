#!/usr/bin/env python3
"""Reorders the glyphs of Noto Serif SC so that those of the characters of
GB 2312 come first: ASCII, then GB 2312's symbols, its level 1 and its
level 2 hanzi, each in code point order; every other glyph follows in the
font's own order. The same glyphs under new ids: outlines (byte for byte),
advances, the character map and the layout rules are those of the
original, which this script checks after writing.

Why: a document's Chinese text is almost all level-1 hanzi (the 3,755 most
used), whose outlines the original order scatters over the 14 MB of
`glyf` by code point among 17,000 rarer ones. In front they take 1.5 MB,
so cutting a subset reads a few dozen pages of the font instead of most
of them (an 8-page Chinese report: about 110 fewer page faults, 0.15 ms
less; README, "Benchmark").

    python3 fonts/reorder-cjk.py ORIGINAL.ttf REORDERED.ttf

Needs fontTools (4.68.0 made the files in fonts/chinese/). Its compiler
warns "GSUB/GPOS Coverage is not sorted by glyph ids" for the coverage
tables whose glyphs the new order puts out of order: it writes them as
ranges sorted by glyph id that keep each glyph's coverage index, so every
lookup applies to the same glyphs as before.
"""
import struct
import sys

from fontTools.ttLib import TTFont


def gb2312(rows):
    """The characters of the GB 2312 rows `rows`, in code point order."""
    out = []
    for row in rows:
        for cell in range(0xA1, 0xFF):
            try:
                out.append(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return sorted(out)


def new_order(font):
    """The font's glyph names in their new order."""
    order = font.getGlyphOrder()
    cmap = font.getBestCmap()
    groups = [
        [chr(c) for c in range(0x20, 0x7F)],
        gb2312(range(0xA1, 0xB0)),
        gb2312(range(0xB0, 0xD8)),
        gb2312(range(0xD8, 0xF8)),
    ]
    first, seen = [], {order[0]}
    for group in groups:
        for ch in group:
            g = cmap.get(ord(ch))
            if g is not None and g not in seen:
                seen.add(g)
                first.append(g)
    new = [order[0]] + first + [g for g in order[1:] if g not in seen]
    assert sorted(new) == sorted(order)
    return new


def outlines(path):
    """The outline bytes of glyph `i` of the font at `path`, padding aside."""
    data = open(path, "rb").read()
    tables = {}
    for i in range(struct.unpack(">H", data[4:6])[0]):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        tables[tag] = offset
    loca, glyf = tables[b"loca"], tables[b"glyf"]
    long = struct.unpack(">h", data[tables[b"head"] + 50 : tables[b"head"] + 52])[0] == 1

    def glyph(i):
        if long:
            a, b = struct.unpack(">II", data[loca + 4 * i : loca + 4 * i + 8])
        else:
            a, b = (2 * x for x in struct.unpack(">HH", data[loca + 2 * i : loca + 2 * i + 4]))
        return data[glyf + a : glyf + b].rstrip(b"\0")

    return glyph


def check(src, dst):
    """Fails unless `dst` is `src` with its glyphs in the new order."""
    a, b = TTFont(src), TTFont(dst)
    old, names = a.getGlyphOrder(), b.getGlyphOrder()
    at = {g: i for i, g in enumerate(new_order(TTFont(src)))}
    assert len(old) == len(names)
    outline_a, outline_b = outlines(src), outlines(dst)
    for i, g in enumerate(old):
        assert outline_a(i) == outline_b(at[g]), f"outline of {g}"
        for table in ("hmtx", "vmtx"):
            assert a[table][g] == b[table][names[at[g]]], f"{table} of {g}"
    cmap_a, cmap_b = a.getBestCmap(), b.getBestCmap()
    assert set(cmap_a) == set(cmap_b)
    for c, g in cmap_a.items():
        assert b.getGlyphID(cmap_b[c]) == at[g], f"cmap of U+{c:04X}"


def main(src, dst):
    font = TTFont(src, recalcBBoxes=False, recalcTimestamp=False)
    new = new_order(font)
    # Every table read under the old ids before they change.
    font.ensureDecompiled()
    font.setGlyphOrder(new)
    font["glyf"].glyphOrder = new
    font.save(dst)
    check(src, dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
