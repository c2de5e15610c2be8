"""The rule books salesctl ships as presets: templates/presets/<name>.yaml, one per seed.

The one place that knows where they are (the package's templates folder, a link to the
checkout's templates/ so an editable install and a wheel both find them).
"""
from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "templates" / "presets"


def names() -> list[str]:
    """The presets there are, sorted."""
    return sorted(p.stem for p in FOLDER.glob("*.yaml"))


def path(name: str) -> Path | None:
    """The file of a preset, or None when there is no preset of that name."""
    p = FOLDER / f"{name}.yaml"
    return p if name in names() else None


def shown_path(name: str) -> str:
    """How a preset's file is named in messages and `policy show`."""
    return f"templates/presets/{name}.yaml"
