"""Check that closed months stay as they were closed: every record of a closed month that differs
from the month's close tag is an error (code "frozen", subject the month).

Pure: the closed months and each changed file's old and new bytes come in `Context.frozen`,
gathered beforehand from git (salesctl.closing.frozen_inputs, salesctl.gitops.frozen_inputs).
"""
from __future__ import annotations

import re

from salesctl.changes import compare_file
from salesctl.checks.context import Context
from salesctl.domain.calendar import month_of, parse_period
from salesctl.errors import error
from salesctl.i18n import N_, _

_VERB = {"added": N_("was added to"), "removed": N_("was removed from")}
_CHANGED = N_("was changed in")


def frozen(c: Context):
    for f in c.frozen.files:
        loaded = c.files.get(f.path)
        if loaded is not None and any(p.level == "error" for p in loaded.problems):
            continue   # the file's own errors say what is wrong; compared while it does not load, each entry looked moved
        for ch in compare_file(f.path, f.old, f.new):
            if _paid_later(c, f, ch) or _reported_later(c, f, ch):
                continue
            if f.path.startswith("staff/"):
                # a person's file belongs to a closed month only through that month's target
                if not any(name == f"targets.{f.month}" or name == "targets" for name, _unused, _unused in ch.fields):
                    continue
                what = _("the {month} target of staff {key}").format(month=f.month, key=ch.key)
            else:
                what = f"{ch.kind} {ch.key}"
            verb = _(_VERB.get(ch.status, _CHANGED))
            kind = parse_period(f.month).kind
            fix = _("correct it in an open month (an adjustment or refund deal), or reopen") if kind == "month" else _("reopen")
            yield error(f.path, _line(c, f, ch),
                        _("{what} {verb} closed {kind} {month} (tag {tag}); {fix}: salesctl close --{kind} {month} --reopen --why '…'").format(what=what, verb=verb, kind=kind, month=f.month, tag=f.tag, fix=fix),
                        "close", code="frozen", subject=f.month)


def _paid_later(c: Context, f, ch) -> bool:
    """A deal of the closed month signed with a deposit only whose payment is recorded after the month:
    it was credited nothing in the closed month and counts in the payment's (salesctl.domain.deals),
    so the closed month's figures stay as they were."""
    if ch.kind != "deal" or ch.status != "changed" or len(ch.fields) != 1:
        return False
    name, old, _new = ch.fields[0]
    if name != "payment" or old is not None:
        return False
    deal = c.records.deals.get(ch.key)
    return deal is not None and deal.payment is not None and month_of(deal.payment.date) > f.month


def _reported_later(c: Context, f, ch) -> bool:
    """An event of the closed month whose summary report (L7) is handed in after the month: only `report`
    and `reported` change, and `reported` falls after the month, so the closed month's figures stay as they
    were (a report due in that month and handed in later is still late)."""
    if ch.kind != "event" or ch.status != "changed" or not ch.fields:
        return False
    if any(name not in ("report", "reported") for name, _old, _new in ch.fields):
        return False
    ev = c.records.events.get(ch.key)
    return ev is not None and ev.reported is not None and month_of(ev.reported) > f.month


def _line(c: Context, f, ch) -> int:
    """The line of the record's first changed field in the file's new text (0 when it is gone)."""
    if f.new is None:
        return 0
    first = re.split(r"[.\[]", ch.fields[0][0])[0] if ch.fields else None
    return c.locations.line_of_key(f.path, ch.key, first)


def untagged(c: Context):
    """A period whose close was committed but never tagged (the tag could not be made: a stale ref
    lock, a crash) is neither closed nor open: its records are not frozen, and a read of it computes
    from the working tree while payroll may already hold the committed reports. An error (code
    "untagged", subject the period), since the paid figures are not protected; `close` of that
    period is the fix and is not refused by it (commands.close.refuse_on_errors)."""
    for label, sha in c.frozen.untagged.items():
        kind = parse_period(label).kind
        yield error(f"reports/{label}/summary.md", 0,
                    _("{label} is committed ({sha}) but not tagged close/{label}: it is neither closed nor open "
                      "(its records are not frozen); finish it: salesctl close --{kind} {label}").format(
                        kind=kind, label=label, sha=sha[:8]), "close", code="untagged", subject=label)
