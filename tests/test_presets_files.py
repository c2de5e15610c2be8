"""The presets (templates/presets/<name>.yaml), one per rule book: every rule id of docs/domain.md
named once under `rules:`, in domain.md order, each on, off or a scope, each with a comment; the
settings load as a Policy; and every quote 「…」 in a preset is the seed's own words.

(When the `rules:` key lands in the loader this test loads the whole file instead.)
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml_rs

from salesctl.loader import load_policy_text
from salesctl.yamlio import dumps

ROOT = Path(__file__).resolve().parents[1]
PRESETS = ROOT / "templates" / "presets"
SEEDS = ROOT.parent / "shared" / "seeds"   # the rule books (docs/domain.md: `seeds/` beside it)

BOOKS = {   # preset -> seed
    "membership-group": "000",
    "club-outreach": "001",
    "membership-consultant": "002",
    "telesales": "003",
    "sales-team": "004",
}
SCOPE_KEYS = {"enabled", "channels", "roles", "teams", "departments", "within"}
CHANNELS = {"inside", "outside", "telesales", "outreach"}
ROLES = {"manager", "leader", "deputy", "member"}
WITHIN = {"company", "department", "team", "channel"}
QUOTE = re.compile(r"「([^」]+)」")
# seed 001 as stored carries pinyin after some characters (聯(lián)); quotes leave it out
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def domain_ids() -> list[str]:
    text = (ROOT / "docs" / "domain.md").read_text(encoding="utf-8")
    return re.findall(r"^- ([A-Z][0-9]+) ", text, re.M)


def text_of(name: str) -> str:
    return (PRESETS / f"{name}.yaml").read_text(encoding="utf-8")


def rules_block(text: str) -> list[str]:
    """The lines under `rules:` (up to the next top-level key or blank line)."""
    lines = text.splitlines()
    start = lines.index("rules:") + 1
    out = []
    for line in lines[start:]:
        if not line.strip() or not line.startswith(" "):
            break
        out.append(line)
    return out


def comment_of(line: str) -> str:
    """The comment of a YAML line (`#` after a space, outside flow brackets it never is here)."""
    m = re.search(r"\s#\s?(.*)$", line)
    return m.group(1).strip() if m else ""


@pytest.mark.parametrize("name", BOOKS)
def test_every_rule_id_once_in_domain_order_each_on_off_or_a_scope(name):
    data = yaml_rs.loads(text_of(name))
    assert data.get("preset") == name
    rules = data["rules"]
    assert list(rules) == domain_ids(), "rules: must list every id of docs/domain.md once, in its order"
    for rid, value in rules.items():
        if isinstance(value, str):
            assert value in ("on", "off"), f"{name} {rid}: {value!r} is not on, off or a mapping"
            continue
        assert isinstance(value, dict) and value, f"{name} {rid}: {value!r} is not on, off or a mapping"
        assert set(value) <= SCOPE_KEYS, f"{name} {rid}: unknown scope keys {set(value) - SCOPE_KEYS}"
        assert isinstance(value.get("enabled", True), bool)
        assert set(value.get("channels", ())) <= CHANNELS, f"{name} {rid}: unknown channel"
        assert set(value.get("roles", ())) <= ROLES, f"{name} {rid}: unknown role"
        assert value.get("within", "company") in WITHIN, f"{name} {rid}: unknown within"
        for key in ("teams", "departments"):
            assert all(isinstance(x, str) for x in value.get(key, ()))


@pytest.mark.parametrize("name", BOOKS)
def test_every_rule_line_has_a_comment_and_an_on_rule_quotes_its_book(name):
    lines = rules_block(text_of(name))
    assert len(lines) == len(domain_ids())
    for line in lines:
        rid, value = line.split(":", 1)
        why = comment_of(line)
        assert why, f"{name}: no comment on {line.strip()!r}"
        on = not value.split("#")[0].strip() == "off"
        if on and rid.strip() != "S5":   # S5 is salesctl's own invariant, stated by no seed (the comment says so)
            assert QUOTE.search(why), f"{name} {rid.strip()} is on: quote the seed's words 「…」"


@pytest.mark.parametrize("name", BOOKS)
def test_the_settings_load_as_a_policy(name):
    data = yaml_rs.loads(text_of(name))
    settings = {k: v for k, v in data.items() if k not in ("rules", "preset")}
    policy, problems = load_policy_text(dumps(settings))
    assert problems == [], problems
    assert policy is not None


@pytest.mark.parametrize("name", BOOKS)
def test_every_setting_carries_a_comment_with_its_rule_id(name):
    """A setting of a section (two spaces in) says on its line, or the comment line above, which rule it serves."""
    lines = text_of(name).splitlines()
    body = lines[lines.index("rules:") + 1 + len(rules_block(text_of(name))):]
    previous = ""
    for line in body:
        if re.match(r"^  [a-z_0-9]+:", line):
            why = comment_of(line) or (previous.strip()[1:].strip() if previous.strip().startswith("#") else "")
            assert re.search(r"\b[A-Z][0-9]+\b", why), f"{name}: {line.strip()!r} has no comment with a rule id"
        if line.strip():
            previous = line


def _seed(code: str) -> str:
    path = next(SEEDS.glob(f"{code}_*.txt"))
    return re.sub(r"\s+", "", PINYIN.sub("", path.read_text(encoding="utf-8")))


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seeds are not at {SEEDS}")
@pytest.mark.parametrize("name", BOOKS)
def test_every_quote_is_the_seeds_own_words(name):
    seed = _seed(BOOKS[name])
    quotes = QUOTE.findall(text_of(name))
    assert quotes
    missing = [q for q in quotes if not _found(q, seed)]   # 「A…B」: A, then B later in the seed
    assert missing == [], f"{name}: not in seed {BOOKS[name]}: {missing}"


def _found(quote: str, seed: str) -> bool:
    at = 0
    for part in re.sub(r"\s+", "", quote).split("…"):
        found = seed.find(part, at) if part else at
        if found < 0:
            return False
        at = found + len(part)
    return True


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seeds are not at {SEEDS}")
def test_every_quote_in_docs_presets_md_is_a_seeds_own_words():
    seeds = [_seed(code) for code in sorted(set(BOOKS.values()))]
    text = (ROOT / "docs" / "presets.md").read_text(encoding="utf-8")
    quotes = QUOTE.findall(text)
    assert len(quotes) > 50
    missing = [q for q in quotes if not any(_found(q, s) for s in seeds)]
    assert missing == [], f"not in any seed: {missing}"


def domain_seeds() -> dict[str, set[str]]:
    """Rule id -> the seeds docs/domain.md names for it: `(000, 003)`, `— 000, 003;` and `002's` in its line and sub-lines."""
    text = (ROOT / "docs" / "domain.md").read_text(encoding="utf-8")
    out, rid = {}, None
    for line in text.splitlines():
        m = re.match(r"^- ([A-Z][0-9]+) ", line)
        if m:
            rid = m.group(1)
            out[rid] = set()
        elif not line.startswith("  "):
            rid = None
        if rid:
            for group in re.findall(r"\((0\d\d(?:, 0\d\d)*)\)|— (0\d\d(?:, 0\d\d)*);|\b(0\d\d)'s\b", line):
                out[rid] |= {code for code in re.findall(r"0\d\d", " ".join(group))}
    return out


@pytest.mark.parametrize("name", BOOKS)
def test_a_rule_on_where_domain_md_names_another_seed_says_so(name):
    """The preset follows its seed; where domain.md does not name this seed for a rule that is on, the
    comment says `(domain.md names …)`, and docs/presets.md lists it for the lead to confirm."""
    seeds = domain_seeds()
    for line in rules_block(text_of(name)):
        rid, value = (x.strip() for x in line.split("#")[0].split(":", 1))
        if value != "off" and rid != "S5" and BOOKS[name] not in seeds[rid]:
            assert "(domain.md" in comment_of(line), f"{name} {rid}: domain.md names {sorted(seeds[rid])}, not {BOOKS[name]}: say so"
        if value == "off":
            assert BOOKS[name] not in seeds[rid], f"{name} {rid}: off, but domain.md names seed {BOOKS[name]} for it"
