"""Build hook: the wheel carries compiled gettext catalogues (`.mo`), not their `.po` sources.

Everything else about the package is declared in pyproject.toml. Babel is a build-system requirement
only, so an installed kiosk never compiles a catalogue and never imports Babel; a checkout (an editable
install, where nothing is copied) still compiles its `.po` files into the cache at run time (kiosk/i18n.py).
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithCatalogues(build_py):
    """`build_py` that turns every `.po` it copied into the `.mo` beside it and drops the `.po`."""

    def run(self) -> None:
        """Copy the package as usual, then compile its catalogues in the copy."""
        super().run()
        if self.editable_mode:  # the package stays in the checkout: kiosk/i18n.py compiles at run time
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for source in sorted(Path(self.build_lib).rglob("*.po")):
            with source.open("rb") as handle:
                catalogue = read_po(handle)
            with source.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalogue)
            source.unlink()
            self.announce(f"compiled {source.with_suffix('.mo')}", level=2)


setup(cmdclass={"build_py": BuildPyWithCatalogues})
