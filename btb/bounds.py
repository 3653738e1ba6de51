"""The ranges of integer columns as PostgreSQL (production) stores them, for the forms and imports that write them.

A value past its column's range is refused by the database (or, on SQLite, by the driver past 64 bits) with an
error that becomes a 500. Model forms that run ``full_clean`` get the backend's range from Django; every other
path (plain forms, forms that skip ``_post_clean``, imports) bounds its integer fields here, with the same ranges
on SQLite as in production, so a value that would fail there is refused next to its field everywhere.
"""

import re
from datetime import date, datetime

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

INTEGER_MAX = 2_147_483_647
BIGINT_MAX = 2**63 - 1

COLUMN_RANGES = {
    "SmallIntegerField": (-32_768, 32_767),
    "PositiveSmallIntegerField": (0, 32_767),
    "IntegerField": (-INTEGER_MAX - 1, INTEGER_MAX),
    "PositiveIntegerField": (0, INTEGER_MAX),
    "BigIntegerField": (-BIGINT_MAX - 1, BIGINT_MAX),
    "PositiveBigIntegerField": (0, BIGINT_MAX),
    "AutoField": (1, INTEGER_MAX),
    "BigAutoField": (1, BIGINT_MAX),
}


def column_range(model, field_name: str) -> tuple[int, int]:
    """The range of the column ``model.field_name`` is stored in; a foreign key's is its target's key's."""
    field = model._meta.get_field(field_name)
    internal = field.target_field.get_internal_type() if field.is_relation else field.get_internal_type()
    return COLUMN_RANGES.get(internal, COLUMN_RANGES["IntegerField"])


def bound_integer_field(field: forms.IntegerField, low: int, high: int) -> None:
    """Narrow ``field`` to ``low``..``high`` (keeping any tighter bound it already has), with the validators and
    the min/max attributes the browser shows."""
    if field.min_value is None or field.min_value < low:
        field.min_value = low
        field.validators.append(MinValueValidator(low))
        field.widget.attrs["min"] = low
    if field.max_value is None or field.max_value > high:
        field.max_value = high
        field.validators.append(MaxValueValidator(high))
        field.widget.attrs["max"] = high


def bound_integer_fields(form: forms.BaseForm, model=None) -> None:
    """Bound each integer field of ``form`` by the column it is stored in: ``model``'s field of the same name
    (a model form's own model by default), or a PostgreSQL integer when the model has no such field."""
    model = model or getattr(getattr(form, "_meta", None), "model", None)
    for name, field in form.fields.items():
        if not isinstance(field, forms.IntegerField) or isinstance(field, forms.FloatField | forms.DecimalField):
            continue
        try:
            low, high = column_range(model, name) if model is not None else COLUMN_RANGES["IntegerField"]
        except FieldDoesNotExist:
            low, high = COLUMN_RANGES["IntegerField"]
        bound_integer_field(field, low, high)


def parse_key(text: str | None) -> int | None:
    """A primary key from a query string, or None: ASCII digits only (``str.isdigit`` accepts "²" and "١٢", which
    ``int`` then refuses or reads as another number) and within a big integer column."""
    text = (text or "").strip()
    if not text or len(text) > 19 or not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if 1 <= value <= BIGINT_MAX else None


# Dates the programme can mean. Near the ends of the calendar a date cannot be converted to UTC or given a day
# more (year 1 or 9999 overflow Python's datetime), which is an error far from the field that caused it.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2200, 12, 31)
DATE_RANGE_MESSAGE = _("Enter a date between 1900 and 2200.")


def _within_calendar(value) -> None:
    day = value.date() if isinstance(value, datetime) else value
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(DATE_RANGE_MESSAGE, code="date_range")


class _CalendarBoundDateTimeField:
    """Refuse a far date before it is converted from the local time zone (which is where year 1 overflows)."""

    def __init__(self, field):
        self.to_python = field.to_python

    def __call__(self, value):
        if isinstance(value, str):
            match = re.match(r"\s*(\d{1,6})-", value)
            if match and not FIRST_DAY.year <= int(match.group(1)) <= LAST_DAY.year:
                raise ValidationError(DATE_RANGE_MESSAGE, code="date_range")
        try:
            return self.to_python(value)
        except OverflowError:
            raise ValidationError(DATE_RANGE_MESSAGE, code="date_range") from None


def bound_date_fields(form: forms.BaseForm) -> None:
    """Bound each date and date-time field of ``form`` to FIRST_DAY..LAST_DAY, with a message at the field."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField | forms.DateTimeField):
            field.validators.append(_within_calendar)
        if isinstance(field, forms.DateTimeField):
            field.to_python = _CalendarBoundDateTimeField(field)


class _KeysCheckedClean:
    """A model choice field's ``clean`` that refuses a key no integer column can hold before it reaches the
    database: SQLite raises OverflowError past 64 bits, which Django's field does not catch."""

    def __init__(self, field):
        self.field = field
        self.clean = field.clean

    def __call__(self, value):
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if item in (None, "") or hasattr(item, "pk") or (isinstance(item, int) and not isinstance(item, bool)):
                continue
            if parse_key(str(item)) is None:
                raise ValidationError(
                    self.field.error_messages.get("invalid_choice", _("Select a valid choice.")),
                    code="invalid_choice",
                    params={"value": item},
                )
        return self.clean(value)


def bound_key_fields(form: forms.BaseForm) -> None:
    """Each model choice field whose choices are keyed by an integer primary key takes only keys such a column
    can hold, refused at the field like any choice that is not offered."""
    for field in form.fields.values():
        if not isinstance(field, forms.ModelChoiceField) or field.to_field_name:
            continue
        if field.queryset.model._meta.pk.get_internal_type() in COLUMN_RANGES:
            field.clean = _KeysCheckedClean(field)


def bound_form_fields(form: forms.BaseForm) -> None:
    """Every integer field bounded by its column, every date within FIRST_DAY..LAST_DAY, every key a column's."""
    bound_integer_fields(form)
    bound_date_fields(form)
    bound_key_fields(form)


class BoundedFieldsMixin:
    """For a form class: every integer field bounded by its column, every date within FIRST_DAY..LAST_DAY, every
    model choice keyed within its column."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_form_fields(self)
