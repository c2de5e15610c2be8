"""Creating a records repository: `salesctl init DIR [--preset NAME]` and `salesctl demo DIR`.

With a preset, the repository is ready for the admin of an organisation that runs that rule book:
the policy file names the preset, a README in Chinese and English says how to enter records and
close a month, a pre-commit hook runs `salesctl check`, and a few example records show the files.
The texts are in salesctl/initfiles/; `@NAME@` in a file's text or path is filled in here.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from salesctl.errors import Exit, UserError
from salesctl.policy import presets
from salesctl.kinds import KINDS
from salesctl.i18n import _

README = """# Sales records

Records of the sales organisation, kept by salesctl: `salesctl check` validates them,
`salesctl --help` lists the commands. Every change salesctl makes is a git commit.
"""

FILES = Path(__file__).resolve().parent / "initfiles"
EXAMPLES = FILES / "examples"
# the files a preset repository gets beside its records: (name in the repository, template in FILES)
PRESET_FILES = (("salesctl.yaml", "salesctl.yaml"), ("README.md", "README.md"),
                (".pre-commit-config.yaml", "pre-commit-config.yaml"), (".gitignore", "gitignore"))


# ----------------------------------------------------------------------------- presets
def preset_path(name: str) -> Path:
    """The file of the rule book `name`; a UserError (usage) naming the presets when there is none."""
    found = presets.path(name)
    if found is not None:
        return found
    names = ", ".join(presets.names()) or _("none installed")
    raise UserError(_("unknown preset {name!r} (the presets: {names})").format(name=name, names=names), Exit.USAGE)


def presets_note() -> str:
    """What `init` without --preset tells: the rule books there are, and how to start with one."""
    names = ", ".join(presets.names()) or _("none installed")
    return (_("presets (one per rule book): {names}").format(names=names) + "\n"
            + _("to start from one instead, in a new folder:  salesctl init DIR --preset NAME (see docs/presets.md)"))


# ----------------------------------------------------------------------------- creating
def create(root: Path, *, scale: str | None = None, seed: int = 1, git: bool = True,
           author: str | None = None, preset: str | None = None,
           now: dt.datetime | None = None) -> dict[str, int]:
    """Make a new records folder at root (which must not exist or be empty).

    Without a preset: the policy file with every setting and its default, the folders, and, with
    `scale`, generated demo records. With `preset`: the preset repository (preset_files), its
    example records dated in the month of `now`. Then `git init` and a first commit unless
    git=False. Returns counts of what was written. Nothing is created when preset is unknown.
    """
    from salesctl import gitops
    from salesctl.schemadoc import SCHEMA_FOLDER, policy_text, write_schemas

    root = Path(root)
    if preset is not None:
        preset_path(preset)
    if root.exists() and any(root.iterdir()):
        raise UserError(_("{root} exists and is not empty; choose a new folder").format(root=root), Exit.USAGE)
    root.mkdir(parents=True, exist_ok=True)
    if preset is None and not scale:
        (root / "salesctl.yaml").write_text(policy_text(), encoding="utf-8")
    for kind in KINDS.values():
        (root / kind.folder).mkdir(exist_ok=True)
    counts: dict[str, int] = {}
    if scale:
        from salesctl.demo import generate, policy_file

        (root / "salesctl.yaml").write_text(policy_file(scale), encoding="utf-8")
        counts = generate(root, scale, seed)
    if preset is not None:
        counts = write_files(root, preset_files(preset, now or dt.datetime.now(dt.timezone.utc)))
    for kind in KINDS.values():  # keep empty folders in git
        folder = root / kind.folder
        if not any(folder.iterdir()):
            (folder / ".gitkeep").write_text("")
    if preset is None:
        (root / "README.md").write_text(README, encoding="utf-8")
    write_schemas(root / SCHEMA_FOLDER)   # for editors: salesctl new KIND points its file at them
    if git:
        from salesctl.i18n import using

        from salesctl.loader import load_policy_text

        policy, _problems = load_policy_text((root / "salesctl.yaml").read_text(encoding="utf-8"))
        with using(policy.general.language if policy is not None else None):   # the language the salesctl.yaml just written says
            what = (_("rule book {preset}, with example records").format(preset=preset) if preset else
                    _("demo records ({scale}, seed {seed})").format(scale=scale, seed=seed) if scale else _("empty records"))
        gitops.init_repo(root, f"init: {what}", author)
    return counts


def write_files(root: Path, files: dict[str, str]) -> dict[str, int]:
    """Write files (path under root -> text); returns how many of each record kind (by folder) and all."""
    counts: dict[str, int] = {}
    folders = {k.folder: k.name for k in KINDS.values()}
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        kind = folders.get(rel.split("/")[0])
        if kind:
            counts[kind] = counts.get(kind, 0) + 1
    counts["files"] = len(files)
    return counts


def preset_files(preset: str, now: dt.datetime) -> dict[str, str]:
    """The files of a new repository for the rule book `preset` (path -> text): the policy file
    naming it, the admin's README, the pre-commit hook, .gitignore and the example records."""
    words = _words(preset, now)
    files = {rel: _fill(FILES / template, words) for rel, template in PRESET_FILES}
    files.update(example_files(words))
    return files


def example_files(words: dict[str, str]) -> dict[str, str]:
    """The example records (path -> text), dated by `words` (see _words)."""
    found = sorted(p for p in EXAMPLES.rglob("*.yaml"))
    return {_replace(p.relative_to(EXAMPLES).as_posix(), words): _fill(p, words) for p in found}


def _words(preset: str, now: dt.datetime) -> dict[str, str]:
    """What `@NAME@` stands for in the templates: the preset, the month of `now` in the default
    business time zone and days in it, the zone's offset, and the example records' paths."""
    from salesctl.domain.calendar import midnight, month_of, zone_of
    from salesctl.policy import DEFAULT

    z = zone_of(DEFAULT)
    first = now.astimezone(z).date().replace(day=1)
    words = {"PRESET": preset, "MONTH": month_of(first), "OFFSET": midnight(first, z).isoformat()[-6:],
             "FIRST": first.isoformat(), "SECOND": first.replace(day=2).isoformat(),
             "THIRD": first.replace(day=3).isoformat()}
    paths = sorted(_replace(p.relative_to(EXAMPLES).as_posix(), words) for p in EXAMPLES.rglob("*.yaml"))
    words["EXAMPLES"] = " ".join(paths)
    return words


def _fill(path: Path, words: dict[str, str]) -> str:
    return _replace(path.read_text(encoding="utf-8"), words)


def _replace(text: str, words: dict[str, str]) -> str:
    for name, value in words.items():
        text = text.replace(f"@{name}@", value)
    return text
