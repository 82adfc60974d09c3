"""The one catalogue of user-facing text: gettext `.po` files per language, keyed by message id.

Message ids are names (`attract.touch_to_start`), not sentences, so Vietnamese and English
are equal translations of one key and a missing text is easy to spot. Placeholders are
named (`{seconds}`). The `.po` files are the source. An installed package carries the `.mo`
files compiled when its wheel was built (setup.py) and no `.po`; a checkout compiles each `.po`
(with Babel, a development dependency) into the cache folder, under a name made from the `.po`'s
content, so no build step can be forgotten there and two checkouts (a branch, a worktree) sharing
the cache never read each other's texts.
"""

from __future__ import annotations

import gettext
import hashlib
from pathlib import Path

import platformdirs

from kiosk import APP_NAME, log

LANGUAGES = ("vi", "en")
DOMAIN = "kiosk"
LOCALE_DIR = Path(__file__).parent / "locale"


def po_file(language: str) -> Path:
    """The source catalogue of a language."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def shipped_file(language: str) -> Path:
    """The `.mo` an installed package carries, compiled when its wheel was built."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def compiled_file(language: str, cache_dir: Path | None = None) -> Path:
    """The `.mo` for a language: the shipped one when there is no `.po` (an installed package), else the `.po`
    compiled into the cache first unless that very text is there already (a checkout)."""
    source = po_file(language)
    if not source.exists():
        return shipped_file(language)
    cache = cache_dir or platformdirs.user_cache_path(APP_NAME) / "locale"
    content = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = cache / language / content / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not target.exists():
        compile_catalogue(source, target)
    return target


def compile_catalogue(source: Path, target: Path) -> None:
    """Compile one `.po` to `.mo` (Babel is imported only when a compile is needed)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as handle:
        catalogue = read_po(handle)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".mo.partial")
    with partial.open("wb") as handle:
        write_mo(handle, catalogue)
    partial.replace(target)


class Translator:
    """Looks up keys in the current language, falling back to Vietnamese, then to the key."""

    def __init__(self, language: str = "vi", cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir
        self._catalogues: dict[str, gettext.NullTranslations] = {}
        self._missing: set[tuple[str, str]] = set()
        self.language = "vi"
        self.set_language(language)

    def set_language(self, language: str) -> None:
        """Switch language; an unknown one falls back to Vietnamese."""
        self.language = language if language in LANGUAGES else "vi"

    def _catalogue(self, language: str) -> gettext.NullTranslations:
        if language not in self._catalogues:
            path = compiled_file(language, self._cache_dir)
            with path.open("rb") as handle:
                self._catalogues[language] = gettext.GNUTranslations(handle)
        return self._catalogues[language]

    def text(self, key: str, language: str) -> str | None:
        """The raw text of `key` in `language`, or None if it has none."""
        found = self._catalogue(language).gettext(key)
        return None if found == key else found

    def __call__(self, key: str, **params: object) -> str:
        """The text of `key` with its named placeholders filled in."""
        text = self.text(key, self.language)
        if text is None:
            if (self.language, key) not in self._missing:
                self._missing.add((self.language, key))
                log.shell.warning("no %s text for %s", self.language, key)
            text = self.text(key, "vi") or key
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            log.shell.warning("placeholders of %s do not match %s", key, sorted(params))
            return text
