"""How to read the bytes of a Daily NK page: UTF-8, or CP949 when that gives real Korean, with
the usual damage undone (a cut multi-byte tail, UTF-8 read twice); None when every reading
would be mojibake. Pure functions, used by crawler/middlewares/encoding.py."""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from w3lib.encoding import read_bom

from crawler.text import hangul

KOREAN_CODECS = {"cp949", "euc_kr", "johab", "iso2022_kr"}
KO_SHARE = 0.5  # share of non-ASCII letters that must be Hangul to accept a CP949 reading
MAX_BAD = 16  # undecodable bytes tolerated (a stray byte in a sidebar), as U+FFFD


class Decoding(NamedTuple):
    encoding: str | None  # None: no reading is sound; the page would be mojibake
    body: bytes  # the body to use (a cut multi-byte tail or a double encoding undone)
    note: str  # what was decided, for the stats ("" when the declaration was right)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_HANGUL = re.compile(f"[{hangul.ANY_HANGUL}]")


def korean_share(text: str) -> float:
    """Hangul share of the non-ASCII letters (markup and English do not dilute it)."""
    letters = [ch for ch in _NON_ASCII.findall(text) if ch.isalpha()]
    if not letters:
        return 0.0
    return len(_HANGUL.findall("".join(letters))) / len(letters)


# The commonest syllables of Korean prose: real text is full of them, while other CJK
# encodings read as CP949 give Hangul syllables at random (about 3 % of them from this set).
_COMMON = set(
    "이다의는에을를하고가지기사한로도있서대리자어나정인수시들해으적국게제전일조상아보것부"
    "주면거장라경동내원소만관했성요신우화과공여문마비연와세중북등물계위데방할되말업무안단개통후"
    "었습니까며던된러또그때람생간년월당민선실체결"
)


def looks_korean(text: str) -> bool:
    """Mostly Hangul among the non-ASCII letters, and, given enough of it, the syllables of
    real Korean rather than random ones (Big5 or GBK bytes read as CP949)."""
    if korean_share(text) < KO_SHARE:
        return False
    syllables = [ch for ch in _HANGUL.findall(text) if hangul.is_syllable(ch)]
    if len(syllables) < 30:
        return True
    return sum(ch in _COMMON for ch in syllables) / len(syllables) >= 0.15


def codec_name(name: str | None) -> str | None:
    """Python's name for an encoding label ("EUC-KR" -> "euc_kr"); None if unknown."""
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _cut_utf8_tail(body: bytes) -> bytes:
    """Drop a multi-byte sequence cut off by the end of the body (a truncated page)."""
    for n in (1, 2, 3):
        if len(body) < n or body[-n] < 0x80:
            return body
        if body[-n] >= 0xC0:  # the lead byte: is its sequence complete?
            need = 2 if body[-n] < 0xE0 else 3 if body[-n] < 0xF0 else 4
            return body[:-n] if need > n else body
    return body


_CP1252 = {ch: i for i in range(0x80, 0xA0) if (ch := bytes([i]).decode("cp1252", "ignore"))}
# A Hangul syllable's UTF-8 lead byte (EA-ED) read as CP1252, then two continuation bytes.
_DOUBLE_HINT = re.compile("[\u00ea-\u00ed][\u0080-\u00bf" + "".join(_CP1252) + "]{2}")


def _undo_double_utf8(text: str) -> bytes | None:
    """UTF-8 that was read as CP1252/Latin-1 and written out as UTF-8 again ("ì•ˆë…•"):
    the original bytes, if every character maps back and they are Korean UTF-8."""
    if len(_DOUBLE_HINT.findall(text)) < 4:
        return None
    out = bytearray()
    for ch in text:
        o = ord(ch)
        if o < 0x100:
            out.append(o)
        elif ch in _CP1252:
            out.append(_CP1252[ch])
        else:
            return None
    fixed = _strict(bytes(out), "utf-8")
    return bytes(out) if fixed is not None and looks_korean(fixed) else None


def _mostly_ascii(text: str, share: float) -> bool:
    return korean_share(text) == 0 and len(_NON_ASCII.findall(text)) <= share * len(text)


def _by_bom(body: bytes, enc: str) -> Decoding:
    """A BOM names the encoding, but the bytes after it must still read in it (a UTF-16
    body cut at an odd length, a BOM pasted onto other bytes)."""
    if _strict(body, enc) is not None:
        return Decoding(enc, body, "")
    lenient = body.decode(enc, errors="replace")
    bad = lenient.count("\ufffd")
    if bad <= MAX_BAD and bad <= 0.01 * len(lenient):
        return Decoding(enc, body, f"{enc}-bad-bytes")
    return Decoding(None, body, "undecodable")


def choose_encoding(body: bytes, declared: str | None) -> Decoding:
    """How to read an HTML body. Daily NK sends UTF-8, and its older Korean pages EUC-KR/CP949,
    declared or not and sometimes declared wrongly; nothing else. So: valid UTF-8 is UTF-8;
    else CP949 if its reading is real Korean; else a declared Western encoding for mostly-ASCII
    text; else UTF-8 or CP949 with a few bad bytes (shown as U+FFFD; the spider drops an
    article whose own text has one); else undeclared cp1252 for nearly-ASCII text; else None:
    every reading would be mojibake."""
    declared_codec = codec_name(declared)
    bom = read_bom(body)[0]
    if bom:  # a byte-order mark outranks every declaration (as in browsers and Scrapy)
        return _by_bom(body, codec_name(bom))
    if body.isascii():
        return Decoding(declared_codec or "utf-8", body, "")
    cut = _cut_utf8_tail(body)
    text = _strict(cut, "utf-8")
    if text is not None:
        note = "" if declared_codec in (None, "utf-8") else "utf-8-misdeclared"
        if cut != body:
            note = "utf-8-cut-tail"
        if korean_share(text) < KO_SHARE and (orig := _undo_double_utf8(text)) is not None:
            return Decoding("utf-8", orig, "double-encoded-utf-8")
        return Decoding("utf-8", cut, note)
    ko = _strict(body, "cp949")
    if ko is not None and looks_korean(ko):
        note = (
            ""
            if declared_codec in KOREAN_CODECS
            else f"cp949-{'mis' if declared else 'un'}declared"
        )
        return Decoding("cp949", body, note)
    # A Western page, declared so (or, undeclared, as cp1252): only mostly-ASCII text.
    other = declared_codec if declared_codec not in KOREAN_CODECS | {"utf-8", None} else None
    western = _strict(body, other) if other else None
    if western is not None and _mostly_ascii(western, 0.1):
        return Decoding(other, body, "")
    for enc, need_korean in (("utf-8", False), ("cp949", True)):
        lenient = body.decode(enc, errors="replace")
        bad = lenient.count("\ufffd")
        few = bad <= MAX_BAD and bad <= 0.01 * len(lenient)
        if few and (not need_korean or looks_korean(lenient)):
            return Decoding(enc, body, f"{enc}-bad-bytes")
    western = None if other else _strict(body, "cp1252")
    if western is not None and _mostly_ascii(western, 0.05):
        return Decoding("cp1252", body, "cp1252-undeclared")
    return Decoding(None, body, "undecodable")
