"""The procedure catalogue (data/procedures.json) and search that ignores Vietnamese diacritics."""

from __future__ import annotations

import dataclasses
import json
import unicodedata
from pathlib import Path

DATA = Path(__file__).parent / "data" / "procedures.json"


@dataclasses.dataclass(frozen=True)
class Document:
    """One required document (thành phần hồ sơ): an upload slot on the form."""

    id: str
    name: str
    required: bool


@dataclasses.dataclass(frozen=True)
class FormField:
    """One e-form field; `type` selects its validation rule."""

    id: str
    label: str
    type: str
    choices: tuple[str, ...] = ()
    required: bool = True


@dataclasses.dataclass(frozen=True)
class Procedure:
    """An administrative procedure (thủ tục hành chính)."""

    code: str
    name: str
    field: str
    level: str
    agency: str
    fee: int
    fee_text: str
    time: str
    documents: tuple[Document, ...]
    form: tuple[FormField, ...]


def fold(text: str) -> str:
    """Lower-case text without diacritics, so "khai sinh" matches "Đăng ký khai sinh"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


@dataclasses.dataclass(frozen=True)
class Catalogue:
    """All procedures, their fields (lĩnh vực) and the receiving agencies."""

    procedures: tuple[Procedure, ...]
    fields: dict[str, str]
    agencies: dict[str, tuple[str, ...]]

    def get(self, code: str) -> Procedure | None:
        """The procedure with this code, if any."""
        return next((procedure for procedure in self.procedures if procedure.code == code), None)

    def search(self, keyword: str = "", field: str = "") -> list[Procedure]:
        """Procedures whose name or code contains every word of `keyword`, optionally in one field."""
        words = fold(keyword).split()
        found = []
        for procedure in self.procedures:
            haystack = fold(f"{procedure.name} {procedure.code}")
            if field and procedure.field != field:
                continue
            if all(word in haystack for word in words):
                found.append(procedure)
        return found


def load_catalogue(path: Path = DATA) -> Catalogue:
    """Read the catalogue file."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    procedures = tuple(
        Procedure(
            code=item["code"], name=item["name"], field=item["field"], level=item["level"],
            agency=item["agency"], fee=int(item["fee"]), fee_text=item["fee_text"], time=item["time"],
            documents=tuple(Document(**document) for document in item["documents"]),
            form=tuple(
                FormField(field["id"], field["label"], field["type"], tuple(field.get("choices", ())))
                for field in item["form"]
            ),
        )
        for item in raw["procedures"]
    )
    agencies = {province: tuple(communes) for province, communes in raw["agencies"].items()}
    return Catalogue(procedures, dict(raw["fields"]), agencies)
