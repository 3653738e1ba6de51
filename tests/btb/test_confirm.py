from django.forms import CharField, Form
from django.template.loader import render_to_string
from django.test import RequestFactory


class ReasonForm(Form):
    reason = CharField()


def _render(**context):
    return render_to_string("_confirm.html", context, request=RequestFactory().get("/"))


def test_confirm_partial_posts_with_a_way_back():
    html = _render(label="Archive", back="/influencers/1/")
    assert '<form method="post" novalidate>' in html and 'name="csrfmiddlewaretoken"' in html
    assert 'class="btn btn-primary">Archive</button>' in html
    assert '<a class="btn btn-outline-secondary" href="/influencers/1/">Cancel</a>' in html


def test_confirm_partial_for_an_action_that_cannot_be_undone():
    html = _render(label="Delete", back="/x/", back_label="Keep it", danger=True)
    assert 'class="btn btn-danger">Delete</button>' in html and ">Keep it</a>" in html


def test_confirm_partial_shows_only_the_form_it_is_given():
    assert 'name="reason"' in _render(label="Cancel it", back="/x/", action_form=ReasonForm())
    assert 'name="reason"' not in _render(label="Remove", back="/x/", form=ReasonForm())
