"""The journey file (kiosk/guide/journey.toml) read into frozen data, checked with precise messages.

Every problem names the step and the field (`steps[3] (login): text.en: 3 sentences, at most 2`), so whoever
edits the file — a developer or a commune adapting the texts — knows exactly what to fix. Nothing here is
Qt: the guide panel only displays a `Journey`.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

JOURNEY_FILE = Path(__file__).with_name("journey.toml")
LANGUAGES = ("vi", "en")
MAX_SENTENCES = 2
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_-]{1,40}$")  # video and chapter names
STEP_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")  # step ids are also statistics step names: no hyphens
SENTENCE_END = re.compile(r"[.!?…](\s|$)")


class FileProblems(ValueError):
    """A checked data file has problems; `problems` lists them all, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class JourneyError(FileProblems):
    """The journey file has problems."""


@dataclasses.dataclass(frozen=True)
class Text:
    """One text in both languages."""

    vi: str
    en: str

    def __call__(self, language: str) -> str:
        """The text in `language` (Vietnamese for any other)."""
        return self.en if language == "en" else self.vi


def page_address(url: str) -> str:
    """The address without its query and fragment (`https://host/path`)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.scheme else parts.path


@dataclasses.dataclass(frozen=True)
class Recogniser:
    """How a portal page shows that the citizen is at this step (any one of them matches)."""

    url: tuple[re.Pattern[str], ...] = ()
    title: tuple[str, ...] = ()
    text: tuple[str, ...] = ()

    def matches(self, url: str, title: str, text: str = "") -> bool:
        """Whether the page (address, title, visible text) is this step. Address patterns see the address
        without its query: a login page's `?next=…quan-ly-ho-so…` names the page after the login, not this one."""
        return (any(pattern.search(page_address(url)) for pattern in self.url)
                or any(part in title for part in self.title)
                or any(part in text for part in self.text))


@dataclasses.dataclass(frozen=True)
class IfNot:
    """What the kiosk says when the citizen answers no (the VNeID question): a checklist to take along."""

    title: Text
    text: Text
    checklist: tuple[Text, ...]


@dataclasses.dataclass(frozen=True)
class Step:
    """One step of the journey."""

    id: str
    title: Text
    text: Text
    needs: tuple[Text, ...]
    video: str
    chapter: str
    recognise: Recogniser
    manual: bool = False
    if_not: IfNot | None = None
    point: tuple[str, ...] = ()  # CSS selectors of what to tap next on the step's page, tried in order
    status: tuple[str, ...] = ()  # CSS selectors of the dossier's status on the step's page (shown large)


@dataclasses.dataclass(frozen=True)
class Journey:
    """The steps in order."""

    steps: tuple[Step, ...]

    def index(self, step_id: str) -> int:
        """Where a step is (ValueError for an unknown id)."""
        return next(number for number, step in enumerate(self.steps) if step.id == step_id)

    def recognise(self, url: str, title: str, text: str = "") -> str | None:
        """The step a portal page shows, if any (the last matching step wins: later pages are more specific)."""
        found = [step.id for step in self.steps if step.recognise.matches(url, title, text)]
        return found[-1] if found else None


class _Reader:
    """Collects every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def text(self, where: str, table: dict[str, Any], name: str, sentences: bool = False) -> Text:
        value = table.get(name)
        if not isinstance(value, dict):
            self.problems.append(f"{where}: missing '{name}' (a table with vi and en)")
            return Text("", "")
        texts = {}
        for language in LANGUAGES:
            item = value.get(language)
            if not isinstance(item, str) or not item.strip():
                self.problems.append(f"{where}: missing '{name}.{language}'")
                item = ""
            elif sentences and len(SENTENCE_END.findall(item.strip())) > MAX_SENTENCES:
                count = len(SENTENCE_END.findall(item.strip()))
                self.problems.append(f"{where}: {name}.{language}: {count} sentences, at most {MAX_SENTENCES}")
            texts[language] = item
        return Text(texts["vi"], texts["en"])

    def text_list(self, where: str, table: dict[str, Any], name: str) -> tuple[Text, ...]:
        value = table.get(name)
        if not isinstance(value, dict) or not all(isinstance(value.get(lang), list) for lang in LANGUAGES):
            self.problems.append(f"{where}: missing '{name}' (lists for vi and en)")
            return ()
        vi, en = value["vi"], value["en"]
        if len(vi) != len(en):
            self.problems.append(f"{where}: {name}: {len(vi)} items in vi but {len(en)} in en")
        return tuple(Text(str(a), str(b)) for a, b in zip(vi, en, strict=False))

    def recogniser(self, where: str, table: dict[str, Any]) -> Recogniser:
        patterns = []
        for number, pattern in enumerate(table.get("url", [])):
            try:
                patterns.append(re.compile(pattern))
            except re.error as error:
                self.problems.append(f"{where}: recognise.url[{number}] is not a valid pattern: {error}")
        unknown = set(table) - {"url", "title", "text"}
        if unknown:
            self.problems.append(f"{where}: recognise: unknown key(s) {', '.join(sorted(unknown))}")
        return Recogniser(tuple(patterns), tuple(table.get("title", [])), tuple(table.get("text", [])))

    def step(self, number: int, table: dict[str, Any]) -> Step:
        step_id = table.get("id")
        where = f"steps[{number}] ({step_id})" if step_id else f"steps[{number}]"
        if not isinstance(step_id, str) or not STEP_ID.match(step_id):
            self.problems.append(f"{where}: missing or bad 'id' (lower-case letters, digits and _)")
            step_id = f"step{number}"
        for name in ("video", "chapter"):
            if not isinstance(table.get(name), str) or not IDENTIFIER.match(table[name]):
                self.problems.append(f"{where}: missing or bad '{name}'")
        manual = bool(table.get("manual", False))
        recognise = self.recogniser(where, table.get("recognise", {}))
        if not manual and not (recognise.url or recognise.title or recognise.text):
            self.problems.append(f"{where}: the page cannot reveal this step: add 'recognise' or 'manual = true'")
        point, status = self.selectors(where, table, "point"), self.selectors(where, table, "status")
        if_not = None
        if "if_not" in table:
            block = table["if_not"]
            if_not = IfNot(self.text(f"{where} if_not", block, "title"), self.text(f"{where} if_not", block, "text",
                           sentences=True), self.text_list(f"{where} if_not", block, "checklist"))
        return Step(step_id, self.text(where, table, "title"), self.text(where, table, "text", sentences=True),
                    self.text_list(where, table, "needs"), str(table.get("video", "")), str(table.get("chapter", "")),
                    recognise, manual, if_not, point, status)

    def selectors(self, where: str, table: dict[str, Any], name: str) -> tuple[str, ...]:
        """A list of CSS selectors, tried in order (none when absent)."""
        found = table.get(name, [])
        if not isinstance(found, list) or not all(isinstance(item, str) and item.strip() for item in found):
            self.problems.append(f"{where}: {name}: a list of CSS selectors (text), tried in order")
            return ()
        return tuple(found)


def parse(document: dict[str, Any]) -> Journey:
    """A journey from the parsed TOML; raises `JourneyError` listing every problem."""
    reader = _Reader()
    if document.get("schema") != 1:
        reader.problems.append(f"schema: expected 1, got {document.get('schema')!r}")
    tables = document.get("steps")
    if not isinstance(tables, list) or not tables:
        raise JourneyError([*reader.problems, "steps: no [[steps]] in the file"])
    steps = tuple(reader.step(number, table) for number, table in enumerate(tables))
    seen: set[str] = set()
    for step in steps:
        if step.id in seen:
            reader.problems.append(f"steps: '{step.id}' appears twice")
        seen.add(step.id)
    if reader.problems:
        raise JourneyError(reader.problems)
    return Journey(steps)


def load(path: Path = JOURNEY_FILE) -> Journey:
    """Read and check a journey file."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise JourneyError([f"{path.name}: {error}"]) from error
    try:
        return parse(document)
    except JourneyError as error:
        raise JourneyError([f"{path.name}: {problem}" for problem in error.problems]) from None


if __name__ == "__main__":
    try:
        print(f"{len(load(Path(sys.argv[1]) if len(sys.argv) > 1 else JOURNEY_FILE).steps)} steps, no problems")
    except JourneyError as failure:
        print(failure, file=sys.stderr)
        sys.exit(2)
