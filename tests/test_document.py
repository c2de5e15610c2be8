"""The document model (salesctl.document) and its markdown renderer (salesctl.render.markdown)."""
from salesctl.document import Bullets, Document, Heading, Paragraph, Rendered, Table
from salesctl.render import markdown


def test_blocks_are_one_blank_line_apart_and_the_text_ends_in_one_newline():
    doc = Document([Heading("结算单: 王芳 (S-1), 2026-10"), Paragraph.of("第一行", "second line"), Heading("1. Sales", 2)])
    assert markdown(doc) == "# 结算单: 王芳 (S-1), 2026-10\n\nfirst".replace("first", "第一行\nsecond line\n\n## 1. Sales\n")


def test_a_table_is_a_pipe_table_with_its_alignment():
    doc = Document([Table(("rule", "amount"), (("P4", "4266.32"), ("P1", "1000.00")), ("l", "r"))])
    assert markdown(doc) == "| rule | amount |\n|---|--:|\n| P4 | 4266.32 |\n| P1 | 1000.00 |\n"


def test_a_table_without_alignment_is_left_aligned_and_bullets_are_dashed():
    doc = Document().add(Table(("total", "value"), (("deals", "102"),)), Bullets(("a", "b")))
    assert markdown(doc) == "| total | value |\n|---|---|\n| deals | 102 |\n\n- a\n- b\n"


def test_a_rendered_block_is_printed_as_it_is():
    assert markdown(Document([Rendered("| x |\n|---|\n| 1 |\n"), Paragraph.of("end")])) == "| x |\n|---|\n| 1 |\n\n\nend\n"


def test_an_empty_document_is_one_newline():
    assert markdown(Document()) == "\n"
