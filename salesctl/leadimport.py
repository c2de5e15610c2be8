"""Bulk leads from a CSV file: every bad row reported by its line number, none imported by default."""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from salesctl.domain.calendar import zone_of
from salesctl.kinds import KINDS
from salesctl.errors import Exit, Problem, UserError, error
from salesctl.convert import convert
from salesctl.schema import Lead
from salesctl.i18n import _, using


@dataclass
class ImportReport:
    ids: list[tuple[int, str]] = field(default_factory=list)   # (csv line, new lead id)
    bad: list[Problem] = field(default_factory=list)


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UserError(_("cannot read {path}: {strerror}").format(path=path, strerror=e.strerror), Exit.USAGE) from None
    for enc in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UserError(_("{path}: neither UTF-8 nor GBK text").format(path=path), Exit.USAGE)


def run(tx, path: Path, now: dt.datetime) -> ImportReport:
    """Add a lead file to the transaction for each good row of the CSV at path; a row with no
    `created` was created `now`."""
    from salesctl import recordops as ro

    text = read_text(path)
    reader = csv.reader(io.StringIO(text))
    report = ImportReport()
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise UserError(_("{path}: empty file").format(path=path), Exit.USAGE) from None
    fields = set(Lead.__struct_encode_fields__)
    unknown = [h for h in header if h not in fields]
    if unknown:
        raise UserError(f"{path}:1: " + _("unknown column(s) {columns} (lead fields: {fields})").format(columns=", ".join(unknown), fields=", ".join(sorted(fields - {"log"}))), Exit.USAGE)
    if "log" in header:
        raise UserError(f"{path}:1: " + _("the ownership log cannot be imported"), Exit.USAGE)
    tz = zone_of(tx.records.policy)
    now = now.astimezone(tz).replace(microsecond=0)
    name = str(path)
    rows: list[tuple[int, dict]] = []
    line = 1
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            report.bad.append(error(name, line, _("{n_values} values for {n_header} columns").format(n_values=len(values), n_header=len(header))))
            continue
        try:
            data = ro.build_fields("lead", [(h, v.strip()) for h, v in zip(header, values) if v.strip()], tz)
        except UserError as e:
            report.bad.append(error(name, line, e.message))
            continue
        data.setdefault("created", now)
        _unused, errs = convert({"id": "L-0", **data}, Lead)
        if errs:
            report.bad.extend(error(name, line, m) for _unused, m in errs)
            continue
        rows.append((line, data))
    # Reference checks (team, designated, source …) are the checks' own: validate the new files
    # together and map any error back to its row.
    for line, data in rows:
        with using(tx.records.policy.general.language):   # a reason written into the records
            why = _("owner given in {file}").format(file=path.name)
        ro.with_owner_log(data, "lead import", why)
    # Reference checks (team, designated, source …) are the checks' own: validate the new files
    # together, map any error back to its row, then add the good rows again so ids have no gaps.
    by_path: dict[str, int] = {}
    for line, data in rows:
        lid = tx.add("lead", data)
        from salesctl.writer import path_for

        by_path[path_for(KINDS["lead"], lid, {"created": data["created"]})] = line
    bad_lines = set()
    for problem in tx.validate(tx.pending()):
        if problem.path in by_path:
            line = by_path[problem.path]
            bad_lines.add(line)
            report.bad.append(error(name, line, problem.message))
    tx.discard_all()
    for line, data in rows:
        if line not in bad_lines:
            report.ids.append((line, tx.add("lead", data)))
    report.bad.sort(key=lambda p: p.line)
    return report
