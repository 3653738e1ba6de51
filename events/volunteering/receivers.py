"""Receivers of media appearances' signals (media_appearances cannot import events, so it announces instead).

The appearance is cancelled in the same transaction as its interview sign-ups: an error here is not swallowed, it
stops the cancellation."""

from django.dispatch import receiver

from media_appearances.signals import appearance_cancelled


@receiver(appearance_cancelled, dispatch_uid="volunteering.appearance_cancelled")
def cancel_interview_signups(sender, *, appearance, **kwargs):
    from ..services.volunteering import signups_cancel_for_appearance

    signups_cancel_for_appearance(appearance=appearance)
