import rules

from btb.accounts import rules as r


@rules.predicate
def is_appearance_participant(user, appearance):
    if appearance is None or not user.is_authenticated:
        return False
    return appearance.participants.filter(volunteer__user=user).exists()


# The question bank and question sets: oversight reads, coordinators write.
rules.add_perm("media_appearances.view_questionbank", r.is_staff_reader)
rules.add_perm("media_appearances.change_questionbank", r.is_coordinator | r.is_administrator)
rules.add_perm("media_appearances.view_own_appearances", r.is_volunteer)
