"""Creating a records repository: `salesctl init DIR` and `salesctl demo DIR`."""
from __future__ import annotations

from pathlib import Path

from salesctl.errors import Exit, UserError
from salesctl.kinds import KINDS

README = """# Sales records

Records of the sales organisation, kept by salesctl: `salesctl check` validates them,
`salesctl --help` lists the commands. Every change salesctl makes is a git commit.
"""


def create(root: Path, *, scale: str | None = None, seed: int = 1, git: bool = True,
           author: str | None = None) -> dict[str, int]:
    """Make a new records folder at root (which must not exist or be empty).

    Writes the policy file with every setting and its default, the folders, and, with
    `scale`, generated demo records; then `git init` and a first commit unless git=False.
    Returns counts of what was written.
    """
    from salesctl import gitops
    from salesctl.schemadoc import policy_text

    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise UserError(f"{root} exists and is not empty; choose a new folder", Exit.USAGE)
    root.mkdir(parents=True, exist_ok=True)
    (root / "salesctl.yaml").write_text(policy_text(), encoding="utf-8")
    for kind in KINDS.values():
        folder = root / kind.folder
        folder.mkdir(exist_ok=True)
    counts: dict[str, int] = {}
    if scale:
        from salesctl.demo import generate

        counts = generate(root, scale, seed)
    for kind in KINDS.values():  # keep empty folders in git
        folder = root / kind.folder
        if not any(folder.iterdir()):
            (folder / ".gitkeep").write_text("")
    (root / "README.md").write_text(README, encoding="utf-8")
    if git:
        what = f"demo records ({scale}, seed {seed})" if scale else "empty records"
        gitops.init_repo(root, f"init: {what}", author)
    return counts
