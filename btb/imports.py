"""What every import shares about changing stored rows: a blank cell never overwrites a stored value, and a
preview can say, per row and per field, what will change.

A spreadsheet's empty cell usually means "not in this export" (a ticketing platform that leaves the name out of a
check-in report, a directory sheet with the e-mail column cleared), not "delete what you know". So on every import
path an empty cell leaves the stored value as it is; a value is cleared on the record's own page, never by a file.
``KeepStoredValuesResource`` gives django-import-export resources (the admin and the directory page) that rule and
the per-field changes for their previews.
"""

from dataclasses import dataclass

from import_export import widgets
from import_export.resources import Diff

from .languages import CELL_HINT, PersonLanguage, language_from_cell


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class FieldChange:
    """One field of a stored row that an import changes, as a person reads it."""

    field: str
    old: str
    new: str


def field_changes(labels: dict[str, str], old: dict, new: dict, shown: dict | None = None) -> list[FieldChange]:
    """The fields (named by ``labels``, in its order) whose value differs between ``old`` and ``new``; ``shown``
    maps a field's stored codes to what a person reads (a choice's label)."""
    shown = shown or {}

    def read(name, value):
        return _shown(shown.get(name, {}).get(value, value))

    return [
        FieldChange(label, read(name, old.get(name)), read(name, new.get(name)))
        for name, label in labels.items()
        if _shown(old.get(name)) != _shown(new.get(name))
    ]


def _shown(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    return str(value)


class _RecordedDiff(Diff):
    """django-import-export's diff (the admin's preview shows it), kept on the resource so that the row's
    outcome can list the fields that change."""

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        resource._row_diff = self

    def changes(self, resource) -> list[FieldChange]:
        fields = resource.get_import_fields()
        return [
            FieldChange(field.column_name, _shown(old), _shown(new))
            for field, old, new in zip(fields, self.left, self.right, strict=False)
            if _shown(old) != _shown(new) and field.column_name != "id"
        ]


ADMIN_IMPORT_TEMPLATE = "admin/btb_import.html"


class KeepStoredValuesResource:
    """Mixin for a ``ModelResource``: an empty cell is skipped (a stored row keeps its value, a new one gets the
    model's default), and each row's result carries ``changes`` (FieldChange list, for an update), ``kept`` (the
    columns left empty whose stored value stays) and ``spreadsheet_row``. The admin shows them with
    ``ADMIN_IMPORT_TEMPLATE``."""

    def get_diff_class(self):
        return _RecordedDiff

    def after_init_instance(self, instance, new, row, **kwargs):
        self._row_diff = None
        self._row_kept = []
        super().after_init_instance(instance, new, row, **kwargs)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute and not field.readonly and field.column_name in row and is_blank(row[field.column_name]):
            if instance.pk is not None and not is_blank(field.export(instance)):
                self._row_kept.append(field.column_name)
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        diff = getattr(self, "_row_diff", None)
        updating = row_result.import_type == row_result.IMPORT_TYPE_UPDATE
        row_result.changes = diff.changes(self) if diff is not None and updating else []
        row_result.kept = list(getattr(self, "_row_kept", [])) if updating else []
        # django-import-export counts data rows from 1; a spreadsheet counts the header as row 1.
        row_result.spreadsheet_row = kwargs.get("row_number", 0) + 1


class LanguageWidget(widgets.Widget):
    """A person's preferred language in a spreadsheet: en, cy, English, Welsh or Cymraeg, any case (an unknown
    word is the row's error); exported by its name."""

    def clean(self, value, row=None, **kwargs):
        try:
            return language_from_cell(value)
        except ValueError:
            raise ValueError(f"“{str(value)[:40]}” is not a language we write in: {CELL_HINT}.") from None

    def render(self, value, obj=None, **kwargs):
        return dict(PersonLanguage.choices).get(value, value or "")
