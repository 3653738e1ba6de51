"""``get_FOO_display`` without rebuilding the field's choices as a dictionary on every call.

Django's version makes the dictionary each time, hashing every label on the way, and a label made with
``gettext_lazy`` is translated to be hashed: a status badge on each of a list's 25 rows translated every label of
the field 25 times (some 35 µs a call; bench/RESULTS.md, the appearance list). Here the dictionary is made once per
field, its labels left lazy, so each call still reads the language of the request. Fields whose choices are a
callable, and methods a model writes itself, are left as they are.
"""

from functools import partialmethod

from django.db.models import Model
from django.db.models.signals import class_prepared
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

from .model_labels import TRANSLATED_APPS


def display_method(field):
    """A ``get_<field>_display`` giving what Django's gives, from a dictionary made on the first call."""
    labels = None

    def get_display(self):
        nonlocal labels
        if labels is None:
            labels = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)

    get_display.__name__ = f"get_{field.name}_display"
    return get_display


def _replace_display_methods(sender, **kwargs):
    if sender._meta.app_label not in TRANSLATED_APPS:
        return
    for field in sender._meta.local_fields:
        if field.choices is None or isinstance(field.choices, CallableChoiceIterator):
            continue
        name = f"get_{field.name}_display"
        made_by_django = sender.__dict__.get(name)
        if isinstance(made_by_django, partialmethod) and made_by_django.func is Model._get_FIELD_display:
            setattr(sender, name, display_method(field))


def connect():
    """Called when btb's app config is imported: before any model of these apps exists."""
    class_prepared.connect(_replace_display_methods, dispatch_uid="btb.choice_labels")
