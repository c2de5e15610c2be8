"""One document model for reports people read: a Document is a list of blocks.

    Heading(text, level)          # Payout statement …, ## 1. Sales credited to you …
    Paragraph(lines)              lines of running text, kept together
    Bullets(items)                - one item a line
    Table(header, rows, align)    a pipe table of text cells ("l" or "r" per column)
    Rendered(text)                a block already rendered by the output layer (a tabulate table)

Builders in salesctl/reports make Documents from engine results; a renderer prints them:
`salesctl.render.markdown(doc)` today, and an HTML renderer is one more function over the same
blocks. Blocks hold text, not rules: every figure in them was worked out by an engine.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[str, ...]

    @classmethod
    def of(cls, *lines: str) -> "Paragraph":
        return cls(tuple(lines))


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[str, ...] = ()      # "l" or "r" per column; default all left


@dataclass(frozen=True)
class Rendered:
    text: str


Block = Union[Heading, Paragraph, Bullets, Table, Rendered]


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> "Document":
        self.blocks.extend(blocks)
        return self
