"""The official benchmark: the published PAS borough figures (London Datastore), uploaded as CSV.

The layout read is the Datastore's long table, one row per borough, measure and period: columns ``Date``,
``Borough``, ``Measure`` and ``Proportion`` (others, such as ``Survey`` or ``MPS``, are ignored; ``Quarter`` or
``Period`` may stand for ``Date``). ``Date`` is the end of the twelve months the figure covers, as 2023-12-31 or
31/12/2023; ``Proportion`` is a share from 0 to 1 (or a percentage written with %). This is the layout as we
understand it from the published file and is documented in tests/fixtures/pas/README.md; a different release
would need this reader to follow.

Rows are checked one by one; if any is wrong, nothing is imported and every wrong row is listed with its row
number. Rows of measures outside the question bank, or of areas not in the borough list, are skipped and counted:
the published file has more measures than we ask.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext

from btb.accounts.models import Borough
from btb.audit import audit_record
from btb.errors import ApplicationError

from ..models import OfficialFigure, OfficialFigureUpload, StandardMeasure

MAX_ROWS = 100_000
DATE_COLUMNS = ("date", "quarter", "period")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


@dataclass
class OfficialFiguresOutcome:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    skipped_measures: list[str] = field(default_factory=list)
    skipped_areas: list[str] = field(default_factory=list)
    upload: OfficialFigureUpload | None = None


class OfficialFiguresRejected(ApplicationError):
    """Rows that could not be read, each as (row number, reason); nothing was imported."""

    def __init__(self, rejects: list[tuple[int, str]]):
        super().__init__(
            f"Nothing was imported: {len(rejects)} row{'s' if len(rejects) != 1 else ''} could not be read.",
            field="file",
        )
        self.rejects = rejects


def _parse_date(value: str) -> date | None:
    value = value.strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value[:10], pattern).date()
        except ValueError:
            continue
    return None


def _parse_proportion(value: str) -> Decimal | None:
    value = value.strip()
    try:
        number = Decimal(value.rstrip("%").strip()) / (100 if value.endswith("%") else 1)
    except InvalidOperation:
        return None
    if not number.is_finite() or not 0 <= number <= 1:
        return None
    return number.quantize(Decimal("0.0001"))


def _rows(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApplicationError(
            gettext("The file is not UTF-8 text: save it as CSV (UTF-8) and upload it again."), field="file"
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    date_column = next((headers[name] for name in DATE_COLUMNS if name in headers), None)
    missing = [name for name in ("borough", "measure", "proportion") if name not in headers]
    if date_column is None:
        missing.insert(0, "date")
    if missing:
        raise ApplicationError(
            "This is not the PAS borough layout: the header row needs Date, Borough, Measure and Proportion "
            f"(missing: {', '.join(name.capitalize() for name in missing)}).",
            field="file",
        )
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            raise ApplicationError(
                gettext("The file has more than %(max_rows)s rows: upload one release at a time.")
                % {"max_rows": f"{MAX_ROWS:,}"},
                field="file",
            )
        yield (
            number,
            {
                "date": row.get(date_column) or "",
                "borough": row.get(headers["borough"]) or "",
                "measure": row.get(headers["measure"]) or "",
                "proportion": row.get(headers["proportion"]) or "",
            },
        )


@transaction.atomic
def official_figures_import(*, content: bytes, file_name: str, actor) -> OfficialFiguresOutcome:
    measures = {m.benchmark_name.strip().lower(): m for m in StandardMeasure.objects.exclude(benchmark_name="")}
    boroughs = {b.name.strip().lower(): b for b in Borough.objects.all()}
    outcome = OfficialFiguresOutcome()
    rejects, seen, wanted = [], {}, {}
    skipped_measures, skipped_areas = set(), set()
    try:
        rows = list(_rows(content))
    except csv.Error:
        raise ApplicationError(gettext("The file could not be read as CSV."), field="file") from None
    for number, row in rows:
        if not any(value.strip() for value in row.values()):
            continue  # a blank line at the end
        problems = []
        period_end = _parse_date(row["date"])
        if period_end is None:
            problems.append(
                gettext("the date “%(date)s” is not a date such as 2023-12-31 or 31/12/2023")
                % {"date": row["date"][:20]}
            )
        if not row["borough"].strip():
            problems.append(gettext("the borough is empty"))
        if not row["measure"].strip():
            problems.append(gettext("the measure is empty"))
        proportion = _parse_proportion(row["proportion"])
        if proportion is None:
            problems.append(
                gettext("the proportion “%(proportion)s” is not a share from 0 to 1")
                % {"proportion": row["proportion"][:20]}
            )
        if problems:
            reason = "; ".join(problems)
            rejects.append((number, reason[0].upper() + reason[1:] + "."))
            continue
        measure = measures.get(row["measure"].strip().lower())
        borough = boroughs.get(row["borough"].strip().lower())
        if measure is None or borough is None:
            outcome.skipped += 1
            if measure is None:
                skipped_measures.add(row["measure"].strip()[:80])
            else:
                skipped_areas.add(row["borough"].strip()[:80])
            continue
        key = (measure.pk, borough.pk, period_end)
        if key in seen:
            rejects.append(
                (number, gettext("It repeats row %(row)s (same borough, measure and date).") % {"row": seen[key]})
            )
            continue
        seen[key] = number
        wanted[key] = proportion
    if rejects:
        raise OfficialFiguresRejected(rejects)
    if not wanted:
        raise ApplicationError(
            gettext("The file has no rows for the question bank's measures in our boroughs, so nothing was imported."),
            field="file",
        )
    upload = OfficialFigureUpload.objects.create(file_name=file_name[:200], uploaded_by=actor)
    existing = {
        (figure.measure_id, figure.borough_id, figure.period_end): figure
        for figure in OfficialFigure.objects.filter(
            measure_id__in={key[0] for key in wanted}, borough_id__in={key[1] for key in wanted}
        )
    }
    new, changed = [], []
    for key, proportion in wanted.items():
        figure = existing.get(key)
        if figure is None:
            new.append(
                OfficialFigure(
                    measure_id=key[0], borough_id=key[1], period_end=key[2], proportion=proportion, upload=upload
                )
            )
        else:
            figure.proportion, figure.upload = proportion, upload
            changed.append(figure)
    OfficialFigure.objects.bulk_create(new, batch_size=2000)
    OfficialFigure.objects.bulk_update(changed, ["proportion", "upload"], batch_size=2000)
    upload.created, upload.updated, upload.skipped = len(new), len(changed), outcome.skipped
    upload.save(update_fields=["created", "updated", "skipped"])
    audit_record(
        actor=actor,
        action="official_figures.uploaded",
        obj=upload,
        created=len(new),
        updated=len(changed),
        skipped=outcome.skipped,
    )
    outcome.created, outcome.updated, outcome.upload = len(new), len(changed), upload
    outcome.skipped_measures, outcome.skipped_areas = sorted(skipped_measures), sorted(skipped_areas)
    return outcome
