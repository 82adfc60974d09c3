"""The flat list of settings derived from the schema dataclasses, and one value check per type."""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Callable
from typing import Any

from kiosk.config import checks, schema


@dataclasses.dataclass(frozen=True)
class SettingSpec:
    """One setting as the checks and the docs see it."""

    section: str
    key: str
    type_: Any
    default: Any
    description: str
    changed_by: schema.Role
    minimum: float | None
    maximum: float | None
    check: Callable[[Any], checks.Problem | None] | None

    @property
    def name(self) -> str:
        """Dotted name, as in `kiosk config docs` and in problem lines."""
        return f"{self.section}.{self.key}"

    @property
    def type_name(self) -> str:
        """Human name of the type for the docs and for wrong-type messages."""
        if typing.get_origin(self.type_) is typing.Literal:
            return " | ".join(f'"{choice}"' for choice in typing.get_args(self.type_))
        return {str: "text", int: "integer", float: "number", bool: "true/false"}.get(
            self.type_, "list of text"
        )

    def validate(self, value: Any) -> tuple[Any, checks.Problem | None]:
        """Return the value converted to the setting's type, or a problem code."""
        converted = _convert(self.type_, value)
        if converted is None:
            return None, self._type_problem()
        if self.minimum is not None and converted < self.minimum:
            return None, ("config.problem.minimum", {"minimum": self.minimum})
        if self.maximum is not None and converted > self.maximum:
            return None, ("config.problem.maximum", {"maximum": self.maximum})
        if self.check is not None:
            problem = self.check(converted)
            if problem is not None:
                return None, problem
        return converted, None


    def _type_problem(self) -> checks.Problem:
        if typing.get_origin(self.type_) is typing.Literal:
            return ("config.problem.type.choice", {"choices": self.type_name})
        kind = {str: "text", int: "integer", float: "number", bool: "bool"}.get(self.type_, "list")
        return (f"config.problem.type.{kind}", {})


def _convert(type_: Any, value: Any) -> Any:  # noqa: PLR0911 - one answer per kind of setting
    if typing.get_origin(type_) is typing.Literal:
        return value if isinstance(value, str) and value in typing.get_args(type_) else None
    if type_ is bool:
        return value if isinstance(value, bool) else None
    if type_ is int:
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if type_ is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return float(value) if ok else None
    if type_ is str:
        return value if isinstance(value, str) else None
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None


@functools.cache
def all_settings() -> tuple[SettingSpec, ...]:
    """Every setting of `schema.Config`, in declaration order."""
    specs = []
    for section in dataclasses.fields(schema.Config):
        section_type = typing.get_type_hints(schema.Config)[section.name]
        hints = typing.get_type_hints(section_type)
        for field in dataclasses.fields(section_type):
            meta = field.metadata
            specs.append(
                SettingSpec(
                    section=section.name,
                    key=field.name,
                    type_=hints[field.name],
                    default=field.default,
                    description=meta["description"],
                    changed_by=meta["changed_by"],
                    minimum=meta["minimum"],
                    maximum=meta["maximum"],
                    check=meta["check"],
                )
            )
    return tuple(specs)


def section_doc(section: str) -> str:
    """The docstring of a section's dataclass (first line), for the reference page."""
    section_type = typing.get_type_hints(schema.Config)[section]
    return (section_type.__doc__ or "").strip().splitlines()[0]


def build_config(values: dict[str, Any]) -> schema.Config:
    """A Config with the given dotted-name values over the defaults."""
    sections: dict[str, dict[str, Any]] = {}
    for name, value in values.items():
        section, key = name.split(".", 1)
        sections.setdefault(section, {})[key] = value
    hints = typing.get_type_hints(schema.Config)
    return schema.Config(**{name: hints[name](**fields) for name, fields in sections.items()})
