"""Every template's words are marked for translation, the staff interface's as well as the public pages', so that
adding a language is a catalogue and a line in settings. The public pages are also rendered in Welsh and checked
word by word (test_translation.py); this reads every template's source (template_text.py says how)."""

import pytest
from django.conf import settings

from tests.btb.template_text import untranslated

# Templates whose text is not marked for translation yet. The list only shrinks: a template on it that has become
# clean fails below until it is taken off.
NOT_YET_MARKED = {
    "btb/accounts/templates/accounts/_panel_my_profile.html",
    "btb/accounts/templates/accounts/_panel_new_volunteers.html",
    "btb/accounts/templates/accounts/_panel_volunteer_pool.html",
    "btb/accounts/templates/accounts/email/account_exists.html",
    "btb/accounts/templates/accounts/email/account_exists.txt",
    "btb/accounts/templates/accounts/email/account_exists_subject.txt",
    "btb/accounts/templates/accounts/email/password_reset.html",
    "btb/accounts/templates/accounts/email/password_reset.txt",
    "btb/accounts/templates/accounts/email/password_reset_subject.txt",
    "btb/accounts/templates/accounts/email/verify.html",
    "btb/accounts/templates/accounts/email/verify.txt",
    "btb/accounts/templates/accounts/email/verify_subject.txt",
    "btb/accounts/templates/accounts/register.html",
    "btb/accounts/templates/accounts/register_done.html",
    "btb/accounts/templates/accounts/verify_email.html",
    "btb/accounts/templates/accounts/verify_email_invalid.html",
    "btb/accounts/templates/accounts/volunteerprofile_detail.html",
    "btb/accounts/templates/accounts/volunteerprofile_form.html",
    "btb/accounts/templates/accounts/volunteerprofile_list.html",
    "btb/outbox/templates/outbox/outgoingmail_list.html",
    "btb/outbox/templates/outbox/outgoingmail_retry.html",
    "events/templates/events/_breadcrumbs.html",
    "events/templates/events/_feed_address.html",
    "events/templates/events/_panel_overdue_tasks.html",
    "events/templates/events/_panel_risk_to_decide.html",
    "events/templates/events/_readiness.html",
    "events/templates/events/_summit_outcome.html",
    "events/templates/events/_ticketimport_progress.html",
    "events/templates/events/_tickets_section.html",
    "events/templates/events/calendar.html",
    "events/templates/events/calendar_subscribe.html",
    "events/templates/events/door.html",
    "events/templates/events/email/risk_assessment_notice.html",
    "events/templates/events/email/risk_assessment_notice.txt",
    "events/templates/events/email/risk_assessment_notice_subject.txt",
    "events/templates/events/email/signup_notice.html",
    "events/templates/events/email/signup_notice.txt",
    "events/templates/events/email/summit_cancelled.html",
    "events/templates/events/email/summit_cancelled.txt",
    "events/templates/events/email/summit_cancelled_subject.txt",
    "events/templates/events/feed_address_confirm.html",
    "events/templates/events/riskassessment_decide.html",
    "events/templates/events/riskassessment_submit.html",
    "events/templates/events/summit_child_delete.html",
    "events/templates/events/summit_child_form.html",
    "events/templates/events/summit_copy.html",
    "events/templates/events/summit_detail.html",
    "events/templates/events/summit_form.html",
    "events/templates/events/summit_list.html",
    "events/templates/events/summit_outcome.html",
    "events/templates/events/summit_transition.html",
    "events/templates/events/ticketholder_list.html",
    "events/templates/events/ticketholder_uncheck.html",
    "events/templates/events/ticketimport_detail.html",
    "events/templates/events/ticketimport_upload.html",
    "events/templates/events/venue_form.html",
    "events/templates/events/venue_list.html",
    "events/templates/events/volunteering/_appearance_section.html",
    "events/templates/events/volunteering/_panel_coming_up.html",
    "events/templates/events/volunteering/_role_facts.html",
    "events/templates/events/volunteering/_roster_panel.html",
    "events/templates/events/volunteering/_roster_role.html",
    "events/templates/events/volunteering/_roster_row.html",
    "events/templates/events/volunteering/_summit_section.html",
    "events/templates/events/volunteering/my_calendar.html",
    "events/templates/events/volunteering/my_schedule.html",
    "events/templates/events/volunteering/opportunity_list.html",
    "events/templates/events/volunteering/opportunity_signup.html",
    "events/templates/events/volunteering/role_book.html",
    "events/templates/events/volunteering/role_delete.html",
    "events/templates/events/volunteering/role_form.html",
    "events/templates/events/volunteering/roster.html",
    "events/templates/events/volunteering/signup_decline.html",
    "events/templates/events/volunteering/signup_offer.html",
    "events/templates/events/volunteering/signup_undo.html",
    "events/templates/events/volunteering/signup_withdraw.html",
    "templates/400.html",
    "templates/403.html",
    "templates/404.html",
    "templates/429.html",
    "templates/_filter_card.html",
    "templates/_pagination.html",
    "templates/admin/btb_import.html",
    "templates/home_public.html",
    "templates/home_signed_in.html",
    "templates/registration/locked_out.html",
    "templates/registration/login.html",
    "templates/registration/password_change_form.html",
    "templates/registration/password_reset_complete.html",
    "templates/registration/password_reset_confirm.html",
    "templates/registration/password_reset_done.html",
    "templates/registration/password_reset_form.html",
}


def _templates():
    roots = [
        settings.BASE_DIR / "templates",
        *sorted(settings.BASE_DIR.glob("*/templates")),
        *sorted(settings.BASE_DIR.glob("*/*/templates")),
    ]
    found = sorted({path for root in roots for path in root.rglob("*") if path.suffix in (".html", ".txt")})
    return [path for path in found if ".venv" not in path.parts and "tools" not in path.parts]


TEMPLATES = _templates()


def test_the_templates_are_found():
    names = {str(path.relative_to(settings.BASE_DIR)) for path in TEMPLATES}
    assert "templates/base.html" in names and "feedback/templates/feedback/survey_answer.html" in names
    assert NOT_YET_MARKED <= names, f"listed but not found: {sorted(NOT_YET_MARKED - names)}"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(settings.BASE_DIR)))
def test_every_word_of_the_template_is_marked_for_translation(path):
    name = str(path.relative_to(settings.BASE_DIR))
    found = untranslated(path)
    if name in NOT_YET_MARKED:
        assert found, f"{name} is now fully marked: take it off NOT_YET_MARKED"
    else:
        assert not found, f"{name}: text not marked for translation (wrap it in translate or blocktranslate): {found}"


def test_the_checker_finds_unmarked_text_and_passes_marked_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '{% load i18n %}<h1>{% translate "Summits" %}</h1><p title="Open the list">{{ count }} summits</p>'
        '{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}<button lang="cy">Cymraeg</button>'
        '<script>const label = "not read";</script><input type="submit" value="Save">',
        encoding="utf-8",
    )
    assert untranslated(page) == ["1: Open the list", "1: … summits", "1: Save"]
    body = tmp_path / "mail.txt"
    body.write_text('{% load i18n %}{% translate "Hello" %}\nSee {{ url }}\n', encoding="utf-8")
    assert untranslated(body) == ["2: See …"]
