"""``get_FOO_display`` (btb/choice_labels.py) gives what Django's own gives, for every choice of every field, in
English and in Welsh, and for a value that is not a choice; it is used for every such field of the project's apps."""

import pytest
from django.apps import apps
from django.db.models import Model
from django.utils import translation

from btb.choice_labels import display_method
from btb.model_labels import TRANSLATED_APPS
from feedback.models import InfluencerDebrief


def _choice_fields():
    for model in apps.get_models():
        if model._meta.app_label in TRANSLATED_APPS:
            for field in model._meta.local_fields:
                if field.choices is not None:
                    yield model, field


def test_every_choice_field_of_the_apps_uses_the_lookup():
    fields = list(_choice_fields())
    assert len(fields) > 30
    for model, field in fields:
        method = getattr(model, f"get_{field.name}_display")
        assert method.__name__ == f"get_{field.name}_display" and not hasattr(method, "func"), (model, field.name)


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_it_gives_what_django_gives(language):
    with translation.override(language):
        for model, field in _choice_fields():
            ours = display_method(field)
            for value in [value for value, _ in field.flatchoices] + ["not-a-choice", None]:
                instance = model()
                setattr(instance, field.attname, value)
                assert ours(instance) == Model._get_FIELD_display(instance, field), (model, field.name, value)


def test_the_label_follows_the_language_asked_for():
    debrief = InfluencerDebrief(overall_feeling="very_good")
    with translation.override("en-gb"):
        english = debrief.get_overall_feeling_display()
    with translation.override("cy"):
        welsh = debrief.get_overall_feeling_display()
    with translation.override("en-gb"):
        again = debrief.get_overall_feeling_display()  # the labels are kept lazy, not in the first language asked
    assert (english, welsh, again) == ("Very good", "Da iawn", "Very good") and type(welsh) is str
