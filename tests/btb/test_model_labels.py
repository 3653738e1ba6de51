"""Every label the staff interface shows for a model of ours is a lazy translation (issue 20): field labels, help
texts and the models' names, whether written in the model or derived by Django (btb/model_labels.py)."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation
from django.utils.functional import Promise

from btb.model_labels import DERIVED_LABELS, TRANSLATED_APPS


def _models():
    return [model for label in sorted(TRANSLATED_APPS) for model in apps.get_app_config(label).get_models()]


def _fields(model):
    return [*model._meta.concrete_fields, *model._meta.many_to_many]


def _derived_labels():
    """(where, msgid) for each label Django derives rather than the model spelling it out."""
    found = []
    for model in _models():
        opts = model._meta
        for attr in ("verbose_name", "verbose_name_plural"):
            if attr not in opts.original_attrs:
                found.append((f"{opts.label}.Meta.{attr}", str(getattr(opts, attr))))
        for field in _fields(model):
            if field._verbose_name is None or field.auto_created:
                found.append((f"{opts.label}.{field.name}", str(field.verbose_name)))
    return found


@pytest.mark.parametrize("model", _models(), ids=lambda model: model._meta.label)
def test_model_labels_are_lazy_translations(model):
    opts = model._meta
    unmarked = [
        attr for attr in ("verbose_name", "verbose_name_plural") if not isinstance(getattr(opts, attr), Promise)
    ]
    for field in _fields(model):
        if not isinstance(field.verbose_name, Promise):
            unmarked.append(f"{field.name}.verbose_name")
        if field.help_text and not isinstance(field.help_text, Promise):
            unmarked.append(f"{field.name}.help_text")
    assert unmarked == [], "wrap these in gettext_lazy in the model"


def test_derived_labels_are_unchanged_words():
    # Nothing a user sees in English changes: the lazy label is the very name Django derived. (In English: a Welsh
    # page requested earlier in this worker's thread leaves Welsh active, and some labels have Welsh words.)
    with translation.override("en-gb"):
        for model in _models():
            for field in _fields(model):
                if field._verbose_name is None:
                    assert str(field.verbose_name) == field.name.replace("_", " ")


def test_every_derived_label_is_in_the_catalogue_list():
    missing = [(where, msgid) for where, msgid in _derived_labels() if msgid not in DERIVED_LABELS]
    assert missing == [], (
        "makemessages would not find these: give a new field verbose_name=_(...) (or a model Meta.verbose_name), "
        "or add the label to btb.model_labels.DERIVED_LABELS"
    )


@pytest.mark.django_db
def test_derived_labels_need_no_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
