"""Bulk leads from a CSV file: every bad row reported by its line number, none imported by default."""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from salesctl.domain.calendar import zone_of
from salesctl.kinds import KINDS
from salesctl.errors import Exit, Problem, UserError, error
from salesctl.convert import convert
from salesctl.schema import Lead
from salesctl.i18n import _, using


CELL_LIMIT = 128 * 1024   # characters in one CSV cell: a longer one is a mistake (a whole file pasted in a cell)


@dataclass
class ImportReport:
    ids: list[tuple[int, str]] = field(default_factory=list)   # (csv line, new lead id)
    bad: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows: list[tuple[int, dict]] = field(default_factory=list)  # the rows that passed the row checks: (csv line, fields)
    name: str = ""                                              # the CSV file, as messages name it


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
    """Check each row of the CSV at path on its own (columns, values, phone, duplicates); a row with no
    `created` was created `now`. The rows that pass are report.rows, for add(); nothing is added here."""
    import csv
    import sys

    from salesctl import recordops as ro

    text = read_text(path)
    csv.field_size_limit(max(csv.field_size_limit(), sys.maxsize >> 1))   # cells are measured below, by their column
    reader = csv.reader(io.StringIO(text))
    report = ImportReport(name=str(path))
    name = report.name
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise UserError(_("{path}: empty file").format(path=path), Exit.USAGE) from None
    except csv.Error as e:
        raise UserError(f"{path}:1: " + _("not a CSV header row: {why}").format(why=e), Exit.USAGE) from None
    fields = set(Lead.__struct_encode_fields__)
    unknown = [h for h in header if h not in fields]
    if unknown:
        raise UserError(f"{path}:1: " + _("unknown column(s) {columns} (lead fields: {fields})").format(columns=", ".join(unknown), fields=", ".join(sorted(fields - {"log"}))), Exit.USAGE)
    if "log" in header:
        raise UserError(f"{path}:1: " + _("the ownership log cannot be imported"), Exit.USAGE)
    required = [f.encode_name for f in msgspec.structs.fields(Lead) if f.required and f.encode_name not in ("id", "created")]
    missing = [f for f in required if f not in header]
    if missing:
        raise UserError(f"{path}:1: " + _("missing column(s) {columns}: every lead has them (columns: {header})").format(
            columns=", ".join(missing), header=", ".join(header)), Exit.USAGE)
    policy = tx.records.policy
    tz = zone_of(policy)
    now = now.astimezone(tz).replace(microsecond=0)
    phone_ok = _phone_rule(policy.leads.phone_pattern)
    duplicate = report.warnings.append if policy.leads.import_duplicates == "warn" else report.bad.append
    held = {}   # phone (as compared) -> the existing lead that has it
    for lead in tx.records.leads.values() if isinstance(tx.records.leads, dict) else tx.records.leads:
        if lead.phone:
            held.setdefault(phone_key(lead.phone), lead)
    seen: dict[str, int] = {}   # phone (as compared) -> the line of the file that has it first
    end = 1
    while True:
        first = end + 1   # a quoted cell may span lines: a row is named by its first line
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            raise UserError(f"{path}:{first}: " + _("not CSV: {why}; nothing imported").format(why=e), Exit.USAGE) from None
        end = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            report.bad.append(error(name, first, _("{n_values} values for {n_header} columns").format(n_values=len(values), n_header=len(header))))
            continue
        long = next((h for h, v in zip(header, values) if len(v) > CELL_LIMIT), None)
        if long is not None:
            report.bad.append(error(name, first, _("column {column}: a cell of {n} characters, at most {limit}").format(
                column=long, n=len(values[header.index(long)]), limit=CELL_LIMIT)))
            continue
        try:
            data = ro.build_fields("lead", [(h, v.strip()) for h, v in zip(header, values) if v.strip()], tz)
        except UserError as e:
            report.bad.append(error(name, first, e.message))
            continue
        data.setdefault("created", now)
        if data.get("id"):
            from salesctl.writer import _file_part

            try:
                _file_part(data["id"], "id")   # names the lead's file: refused here with its line, not when it is written
            except UserError as e:
                report.bad.append(error(name, first, e.message))
                continue
        _unused, errs = convert({"id": "L-0", **data}, Lead)
        if errs:
            report.bad.extend(error(name, first, m) for _unused, m in errs)
            continue
        phone = data.get("phone")
        if phone:
            phone = str(phone)
            if not phone_ok(phone):
                report.bad.append(error(name, first, _("phone {phone!r} is not a phone number (leads.phone_pattern {pattern!r}; "
                                                       "spaces and dashes are allowed)").format(phone=phone, pattern=policy.leads.phone_pattern)))
                continue
            key = phone_key(phone)
            if key in seen:
                duplicate(Problem(name, first, "error" if duplicate == report.bad.append else "warning",
                                  _("phone {phone} is also on line {line} of this file: one customer, one lead (L5)").format(phone=phone, line=seen[key]), "L5"))
                if duplicate == report.bad.append:
                    continue
            seen.setdefault(key, first)
            if key in held:
                lead = held[key]
                duplicate(Problem(name, first, "error" if duplicate == report.bad.append else "warning",
                                  _("phone {phone} belongs to lead {lead} ({who}, owner {owner}): a customer has one owner (L5, 002 客户资源归属管理); "
                                    "follow up that lead, or set leads.import_duplicates: warn").format(
                                    phone=phone, lead=lead.id, who=lead.name, owner=lead.owner or _("none, in the pool")), "L5"))
                if duplicate == report.bad.append:
                    continue
        with using(policy.general.language):   # a reason written into the records
            why = _("owner given in {file}").format(file=path.name)
        ro.with_owner_log(data, "lead import", why)
        report.rows.append((first, data))
    report.bad.sort(key=lambda p: p.line)
    report.warnings.sort(key=lambda p: p.line)
    return report


def add(tx, report: ImportReport) -> dict[str, int]:
    """Add a lead file to the transaction for each of report.rows, with ids in a row after the highest
    in use (one look at the ids, not one per row); returns {path of the new file: csv line}."""
    from salesctl.writer import path_for

    given = {str(d["id"]) for _line, d in report.rows if d.get("id")}
    first = tx.next_id("lead")
    m = re.fullmatch(r"(.*?)(\d+)", first)
    prefix, number, width = m.group(1), int(m.group(2)), len(m.group(2))
    by_path: dict[str, int] = {}
    report.ids = []
    for line, data in report.rows:
        if not data.get("id"):
            while f"{prefix}{number:0{width}d}" in given:
                number += 1
            data = {**data, "id": f"{prefix}{number:0{width}d}"}
            number += 1
        lid = tx.add("lead", data)
        by_path[path_for(KINDS["lead"], lid, {"created": data["created"]})] = line
        report.ids.append((line, lid))
    return by_path


def rows_refused(report: ImportReport, problems: list[Problem], by_path: dict[str, int]) -> list[Problem] | None:
    """The problems a validation of the new files found, as problems of the CSV rows they came from;
    None when one is about another file (not a row's doing: the caller reports it as it is)."""
    out = []
    for p in problems:
        if p.path not in by_path:
            return None
        out.append(Problem(report.name, by_path[p.path], p.level, p.message, p.rule))
    return sorted(out, key=lambda p: p.line)


def phone_key(phone: str) -> str:
    """A phone as compared: digits and a leading +, without spaces, dashes, dots, brackets, nor China's +86/86 or a 0 before a mobile number."""
    digits = re.sub(r"[\s\-().]", "", str(phone))
    return re.sub(r"^(\+86|0086|86|0)(?=1[0-9]{10}$)", "", digits)


def _phone_rule(pattern: str):
    if not pattern:
        return lambda phone: True
    try:
        rx = re.compile(pattern)
    except re.error as e:
        raise UserError(_("leads.phone_pattern {pattern!r} is not a regular expression: {why}").format(pattern=pattern, why=e), Exit.RECORDS) from None
    return lambda phone: rx.fullmatch(re.sub(r"[\s\-]", "", phone)) is not None
