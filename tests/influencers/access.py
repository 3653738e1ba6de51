from django.core.files.base import ContentFile

from influencers.enums import ImportStatus
from influencers.models import InfluencerImport
from tests.access import ANON, COORD, OTHER, OVER, VOL, Row
from tests.influencers.factories import InfluencerFactory, PlatformAccountFactory

# Lists: coordinators and oversight read, volunteers are refused. Objects: volunteers get 404 (existence not leaked).
READ_LIST = {ANON: "login", VOL: 403, OTHER: 403, COORD: 200, OVER: 200}
CHANGE_LIST = {ANON: "login", VOL: 403, OTHER: 403, COORD: 200, OVER: 403}
READ_OBJECT = {ANON: "login", VOL: 404, OTHER: 404, COORD: 200, OVER: 200}
CHANGE_OBJECT = {ANON: "login", VOL: 404, OTHER: 404, COORD: 200, OVER: 403}
POST_ONLY = {ANON: "login", VOL: 403, OTHER: 403, COORD: 405, OVER: 403}


def build_context(users):
    influencer = InfluencerFactory(name="Matrix Influencer")
    PlatformAccountFactory(influencer=influencer)
    influencer.photo.save("p.jpg", ContentFile(b"\xff\xd8\xff\xe0 test"), save=False)
    influencer.photo_thumbnail.save("t.jpg", ContentFile(b"\xff\xd8\xff\xe0 test"), save=False)
    influencer.save()
    archived = InfluencerFactory(name="Matrix Archived", active=False)
    influencer_import = InfluencerImport.objects.create(
        filename="directory.csv", data=b"", total_rows=400, status=ImportStatus.CHECKED, created_by=users[COORD]
    )
    return {"influencer": influencer, "archived_influencer": archived, "influencer_import": influencer_import}


def _pk(ctx):
    return {"pk": ctx["influencer"].pk}


ROWS = {
    "influencers:influencer_list": Row(READ_LIST),
    "influencers:influencer_create": Row(CHANGE_LIST),
    "influencers:influencer_import": Row(CHANGE_LIST),
    "influencers:influencer_import_confirm": Row(POST_ONLY),
    # A large import is reached only by the coordinator who uploaded it.
    "influencers:influencer_import_detail": Row(CHANGE_LIST, kwargs=lambda ctx: {"pk": ctx["influencer_import"].pk}),
    "influencers:influencer_import_progress": Row(CHANGE_LIST, kwargs=lambda ctx: {"pk": ctx["influencer_import"].pk}),
    "influencers:influencer_import_run": Row(POST_ONLY, kwargs=lambda ctx: {"pk": ctx["influencer_import"].pk}),
    # Every influencer's contact details: coordinators only.
    "influencers:influencer_export": Row(CHANGE_LIST),
    "influencers:influencer_detail": Row(READ_OBJECT, kwargs=_pk),
    "influencers:influencer_edit": Row(CHANGE_OBJECT, kwargs=_pk),
    "influencers:influencer_due_diligence": Row(CHANGE_OBJECT, kwargs=_pk),
    "influencers:influencer_snapshot": Row(CHANGE_OBJECT, kwargs=_pk),
    "influencers:influencer_archive": Row(CHANGE_OBJECT, kwargs=_pk),
    "influencers:influencer_restore": Row(CHANGE_OBJECT, kwargs=lambda ctx: {"pk": ctx["archived_influencer"].pk}),
    "influencers:influencer_delete": Row(CHANGE_OBJECT, kwargs=_pk),
    "influencers:influencer_photo": Row(READ_OBJECT, kwargs=_pk),
    "influencers:influencer_thumbnail": Row(READ_OBJECT, kwargs=_pk),
}
