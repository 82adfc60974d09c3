"""Vietnamese typed on an ordinary keyboard, as Unikey does it: Telex ("Nguyeenx" → "Nguyễn") or VNI ("Nguye6n4").

Qt-free. `spell(keys, method)` turns the keys typed for one word into the word: the kiosk keeps the keys of the
word being typed and, on each key, shows the new spelling in place of the old (ui/accent_keys.py). Typing a mark's
key twice gives the key itself ("ass" → "as", "aaa" → "aa"), as in Unikey. Tones go where Vietnamese school
spelling puts them: on the vowel with a hat or a horn (ế, ở, ươ → ườ); else, before a final consonant, on the last
vowel; else on the first of two vowels and the middle of three ("hòa", "thủy", "người"); "qu" and "gi" count as
consonants. That is the older spelling ("hòa", not "hoà"), the one most citizens learnt.
"""

from __future__ import annotations

import enum
import unicodedata


class Method(enum.StrEnum):
    """How marks are typed."""

    TELEX = "telex"
    VNI = "vni"
    OFF = "off"


VOWELS = "aăâeêioôơuưy"
TONES = {"\u0301": "sắc", "\u0300": "huyền", "\u0309": "hỏi", "\u0303": "ngã", "\u0323": "nặng"}
TELEX_TONES = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
VNI_TONES = {"1": "\u0301", "2": "\u0300", "3": "\u0309", "4": "\u0303", "5": "\u0323"}
HAT = {"a": "â", "e": "ê", "o": "ô"}
HORN = {"u": "ư", "o": "ơ"}
BREVE = {"a": "ă"}
THREE = 3  # vowels in a row: the tone goes on the middle one
PLAIN = {"â": "a", "ê": "e", "ô": "o", "ư": "u", "ơ": "o", "ă": "a", "đ": "d"}


class _Word:
    """A word being spelt: its letters (lower case kept apart) and its tone."""

    def __init__(self) -> None:
        self.letters: list[str] = []
        self.upper: list[bool] = []
        self.tone = ""
        self.frozen = False  # a mark was undone ("ass"): the rest of the word is typed as it comes

    def add(self, char: str) -> None:
        self.letters.append(char.lower())
        self.upper.append(char.isupper())

    def vowel_positions(self) -> list[int]:
        positions = [i for i, letter in enumerate(self.letters) if letter in VOWELS]
        if len(positions) > 1 and positions[0] == 1 and "".join(self.letters[:2]) in ("qu", "gi"):
            positions = positions[1:]  # the u of "qu", the i of "gi" belong to the consonant
        return positions

    def reshape(self, table: dict[str, str], undo_key: str) -> bool:
        """Put a hat, horn or breve on the last vowel that takes it; the same mark again takes it off."""
        for index in reversed(self.vowel_positions()):
            letter = self.letters[index]
            if letter in PLAIN and table.get(PLAIN[letter]) == letter:
                self.letters[index] = PLAIN[letter]
                self.add(undo_key)
                self.frozen = True
                return True
            if letter in table:
                self.letters[index] = table[letter]
                self._pair_horns(index)
                return True
        return False

    def _pair_horns(self, index: int) -> None:
        """"uo" takes its horns together: "ươ"."""
        if self.letters[index] == "ư" and self.letters[index + 1:index + 2] == ["o"]:
            self.letters[index + 1] = "ơ"
        elif self.letters[index] == "ơ" and index > 0 and self.letters[index - 1] == "u":
            self.letters[index - 1] = "ư"

    def set_tone(self, mark: str, key: str) -> bool:
        if not self.vowel_positions():
            return False
        if self.tone == mark:  # the same tone again: off, and the key itself
            self.tone = ""
            self.add(key)
            self.frozen = True
        else:
            self.tone = mark
        return True

    def spelt(self) -> str:
        letters = list(self.letters)
        if self.tone:
            index = self._tone_position()
            letters[index] = unicodedata.normalize("NFC", letters[index] + self.tone)
        return "".join(letter.upper() if upper else letter for letter, upper in zip(letters, self.upper, strict=True))

    def _tone_position(self) -> int:
        positions = self.vowel_positions()
        marked = [i for i in positions if self.letters[i] in "ăâêôơư"]
        if marked:
            return marked[-1]  # "ươ": on the ơ
        cluster = _last_run(positions)
        if cluster[-1] + 1 < len(self.letters) or len(cluster) == 1:
            return cluster[-1]  # a final consonant follows, or one vowel
        return cluster[1] if len(cluster) == THREE else cluster[0]


def _last_run(positions: list[int]) -> list[int]:
    run = [positions[-1]]
    for index in reversed(positions[:-1]):
        if index != run[0] - 1:
            break
        run.insert(0, index)
    return run


def spell(keys: str, method: Method) -> str:
    """The word the keys `keys` (one word, as typed) spell with `method`."""
    if method is Method.OFF:
        return keys
    word = _Word()
    for key in keys:
        low = key.lower()
        if word.frozen or not _apply(word, key, low, method):
            word.add(key)
    return word.spelt()


TELEX_SHAPES = {"\u0302": None, "\u0306": "w", "\u031b": "w"}  # the hat is typed as its letter again: "aa" → "â"
VNI_SHAPE_KEYS = {"\u0302": "6", "\u031b": "7", "\u0306": "8"}


def keys_for(word: str, method: Method) -> str | None:
    """The keys that spell `word` (letters as the kiosk or the citizen left them in a field), so typing can go on
    where it stopped: after a Backspace, or in a word the citizen tapped at its end. None when no keys spell it
    back exactly (a word made with a mark undone, "ass" → "as", or one the rules would mark elsewhere)."""
    if method is Method.OFF or not word.isalpha():
        return None
    keys, tone = [], ""
    tones = TELEX_TONES if method is Method.TELEX else VNI_TONES
    tone_keys = {mark: key for key, mark in tones.items()}
    for char in word:
        if char in "đĐ":
            keys += ["D" if char == "Đ" else "d", "d" if method is Method.TELEX else "9"]
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        keys.append(base)
        for mark in marks:
            if mark in tone_keys:
                tone = tone_keys[mark]
            elif method is Method.TELEX:
                keys.append(TELEX_SHAPES.get(mark) or base)
            else:
                keys.append(VNI_SHAPE_KEYS.get(mark, ""))
    typed = "".join(keys) + tone
    return typed if spell(typed, method) == word else None


def _apply(word: _Word, key: str, low: str, method: Method) -> bool:
    """Apply `key` as a mark; False when it is a letter to add."""
    return _telex(word, key, low) if method is Method.TELEX else _vni(word, key)


def _telex(word: _Word, key: str, low: str) -> bool:
    if low in TELEX_TONES:
        return word.set_tone(TELEX_TONES[low], key)
    if low == "z" and word.tone:
        word.tone = ""
        return True
    vowels = word.vowel_positions()
    if low in HAT and vowels and word.letters[vowels[-1]] in (low, HAT[low]):
        return word.reshape({low: HAT[low]}, key)
    if low == "w":
        if not word.reshape({**HORN, **BREVE}, key):
            word.add("ư" if key.islower() else "Ư")  # "w" alone is "ư"
        return True
    return low == "d" and _stroke(word, key)


VNI_SHAPES = {"6": HAT, "7": HORN, "8": BREVE}


def _vni(word: _Word, key: str) -> bool:
    if key in VNI_TONES:
        return word.set_tone(VNI_TONES[key], key)
    if key == "0" and word.tone:
        word.tone = ""
        return True
    if key in VNI_SHAPES:
        return word.reshape(VNI_SHAPES[key], key)
    return key == "9" and _stroke(word, key)


def _stroke(word: _Word, key: str) -> bool:
    """d + d (or d + 9 in VNI) → đ; once more, back to the keys."""
    if not word.letters or word.letters[0] not in ("d", "đ") or (key.lower() == "d" and len(word.letters) != 1):
        return False
    if word.letters[0] == "đ":
        word.letters[0] = "d"
        word.add(key)
        word.frozen = True
    else:
        word.letters[0] = "đ"
    return True
