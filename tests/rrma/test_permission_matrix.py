"""Every URL of the portal x every role: the expected answer, from docs/permissions.md.

A URL pattern missing from MATRIX fails `test_every_url_pattern_is_in_the_matrix`, so a new
view cannot ship without its access rule. GET requests; privileged users have enrolled
two-factor authentication (the unenrolled case is in tests/members/test_two_factor_enrolment.py).
"""

from dataclasses import dataclass, field, replace
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.members import factories

ROLES = [
    "anon",
    "member",
    "editor",
    "admin",
    "coordinator",
    "other_coordinator",
    "state",
    "site_admin",
]
LOGIN = "login"  # 302 to the login page
# Admin pages are many (one set per model); these stand for them all.
ADMIN_SAMPLES = {"admin:index": {}, "admin:members_user_changelist": {}}


@dataclass(frozen=True)
class Row:
    """Expected status per role; `LOGIN` means a redirect to the login page.

    Editor and admin are the roles of the organisation concerned ("acme", an active
    organisation of Guadeloupe); coordinator is Guadeloupe's, other_coordinator Martinique's.
    `kwargs` may be a function of the fixtures' objects; `post` sends a POST with that data.
    `effect` reads, from the database, what a POST changes: it must change for the roles in
    `effect_for` (by default, those answered with a redirect) and for no other.
    """

    anon: object
    member: object
    editor: object
    admin: object
    coordinator: object
    other_coordinator: object
    state: object
    site_admin: object
    kwargs: object = field(default_factory=dict)
    post: object = None
    effect: object = None
    effect_for: object = None


def stored(model: str, lookup: dict, value: str):
    """An effect: `value` of the `model` row found by `lookup`, read afresh."""

    def read(objects):
        from django.apps import apps

        return apps.get_model(model)._default_manager.values_list(value, flat=True).get(**lookup)

    return read


def counted(model: str, lookup: dict):
    def read(objects):
        from django.apps import apps

        return apps.get_model(model)._default_manager.filter(**lookup).count()

    return read


def of_request(value: str, key: str = "support_request"):
    """An effect: `value` of the support request `objects[key]`, read afresh."""
    return lambda objects: stored("support.SupportRequest", {"pk": objects[key].pk}, value)(objects)


def everyone(status, **kwargs):
    return Row(*[status] * 8, kwargs)


def logged_in(status, anon=LOGIN, **kwargs):
    return Row(anon, *[status] * 7, kwargs)


def site_admin_only(**kwargs):
    return Row(LOGIN, 403, 403, 403, 403, 403, 403, 200, kwargs)


def like_member(anon, member, coordinator, other, state, site, **kwargs):
    """Organisation roles change nothing on this page."""
    return Row(anon, member, member, member, coordinator, other, state, site, kwargs)


ACME = {"slug": "acme"}
PENDING = {"slug": "pending-org"}
REFUSED = {"slug": "refused-org"}
# allauth answers a logged-in visitor of its "entrance" pages (log in, sign up) with a
# redirect to the account page.
ENTRANCE = Row(200, *[302] * 7)
# Organisation admins, its territory's coordinators and site admins manage its members.
MANAGE = {
    "member": 403,
    "editor": 403,
    "admin": 302,
    "coordinator": 302,
    "other_coordinator": 403,
    "state": 403,
}
# acme's one mission; recording and editing missions is for its people and site admins.
MISSION = {"pk": lambda o: o["acme"].missions.get().pk}
EDIT_MISSION = (LOGIN, 404, 302, 302, 403, 404, 403, 302)
# A support request of acme; following it is for its territory's coordinators and site admins.
SUPPORT = {"pk": lambda o: o["support_request"].pk}
FOLLOW = (LOGIN, 404, 403, 403, 302, 404, 403, 302)
# acme's territory's import of a spreadsheet, done: for its coordinators and site admins.
IMPORT = {"pk": lambda o: o["import"].pk}
IMPORTING = (LOGIN, 403, 403, 403, 200, 200, 403, 200)
MANAGE_IMPORT = (LOGIN, 404, 404, 404, 200, 404, 404, 200)
MANAGE_IMPORT_REDIRECTED = (LOGIN, 404, 404, 404, 302, 404, 404, 302)
# Moderation pages answer 404 to all but the territory's coordinators and site admins.
MODERATE = Row(LOGIN, 404, 404, 404, 200, 404, 404, 200)


def _confirmation_token(objects):
    from members.services import record_confirmation_token

    return record_confirmation_token(organisation=objects["acme"], user=objects["users"]["admin"])


def _prepared_export(objects) -> int:
    """A ready prepared export of State services, its file removed with the test's objects."""
    import weakref

    from django.core.files.base import ContentFile

    from rrma.exports import private_storage
    from rrma.models import PreparedExport

    state = objects["users"]["state"]
    storage = private_storage()
    name = storage.save("exports/matrix.csv", ContentFile(b"Nom\r\n"))
    weakref.finalize(state, storage.delete, name)
    export = PreparedExport.objects.create(
        user=state, file_format="csv", language="fr", status="ready", file_name=name, row_count=0
    )
    return export.pk


MATRIX = {
    "home": everyone(200),
    "healthz": everyone(200),
    "set_language": everyone(302),
    "members:account": logged_in(200),
    "members:data_export": logged_in(200),
    # The organisation's only admin must hand over before deleting their account.
    "members:account_delete": logged_in(200),
    # Public pages composing several apps
    "network": [everyone(200, territory="guadeloupe"), everyone(404, territory="corse")],
    "network_edit": [
        Row(LOGIN, 403, 403, 403, 200, 403, 403, 200, {"territory": "guadeloupe"}),
        Row(LOGIN, 404, 404, 404, 404, 404, 404, 404, {"territory": "corse"}),
    ],
    "dashboard": logged_in(200),
    "statistics": Row(LOGIN, 403, 403, 403, 200, 200, 200, 200),
    "statistics_csv": Row(LOGIN, 403, 403, 403, 200, 200, 200, 200),
    "census": Row(LOGIN, 403, 403, 403, 200, 200, 200, 200),
    # A territory's activity report: its coordinators, State services and site admins; the
    # other territory's coordinators never reach it (404), as an unknown territory.
    **{
        name: [
            Row(LOGIN, 403, 403, 403, 200, 404, 200, 200, {"territory": "guadeloupe"}),
            Row(LOGIN, 403, 403, 403, 404, 200, 200, 200, {"territory": "martinique"}),
            Row(LOGIN, 403, 403, 403, 404, 404, 404, 404, {"territory": "corse"}),
        ]
        for name in ("activity_report", "activity_report_xlsx")
    },
    "census_export": [
        *(
            Row(LOGIN, 403, 403, 403, 200, 200, 200, 200, {"file_format": fmt})
            for fmt in ("csv", "xlsx", "json")
        ),
        # An unknown format is no file at all.
        Row(LOGIN, 403, 403, 403, 404, 404, 404, 404, {"file_format": "pdf"}),
    ],
    # Each person's own prepared exports; a prepared file is its person's only (here State
    # services'): anyone else who reads the census gets 404.
    "census_exports": Row(LOGIN, 403, 403, 403, 200, 200, 200, 200),
    "census_export_download": Row(
        LOGIN, 403, 403, 403, 404, 404, 200, 404, lambda objects: {"pk": _prepared_export(objects)}
    ),
    "opendata": everyone(200),
    "opendata_organisations_csv": everyone(200),
    "opendata_organisations_json": everyone(200),
    "opendata_organisations_geojson": everyone(200),
    "opendata_projects_csv": everyone(200),
    "opendata_projects_json": everyone(200),
    # The public API reads public records for everyone, the same for all (never a draft nor
    # a pending record), and nobody writes through it: 405 to any other method.
    **{
        name: [everyone(200, **kwargs), replace(everyone(405, **kwargs), post={})]
        for name, kwargs in {
            "api-v1:openapi-json": {},
            "api-v1:openapi-view": {},
            "api-v1:organisations": {},
            "api-v1:projects": {},
            "api-v1:trainings": {},
            "api-v1:events": {},
            "api-v1:calls": {},
            "api-v1:news": {},
        }.items()
    },
    "api-v1:api-root": everyone(404),
    **{
        name: [
            everyone(200, slug=public),
            everyone(404, slug=hidden),
            replace(everyone(405, slug=public), post={}),
        ]
        for name, public, hidden in [
            ("api-v1:organisation", "acme", "pending-org"),
            ("api-v1:project", "coop", "draft"),
            ("api-v1:training", "workshop", "draft-training"),
            ("api-v1:event", "assembly", "draft-assembly"),
            ("api-v1:call", "fcr", "draft-call"),
            ("api-v1:post", "gp-news", "gp-draft"),
        ]
    },
    "privacy": everyone(200),
    "legal": everyone(200),
    "accessibility": everyone(200),
    "site_map": everyone(200),
    # Organisations
    "members:directory": everyone(200),
    "members:directory_map": everyone(200),
    "organisation": [
        everyone(200, **ACME),
        Row(404, 404, 200, 200, 200, 404, 200, 200, PENDING),
    ],
    "members:organisation_register": Row(LOGIN, 200, 200, 200, 200, 200, 403, 200),
    "members:organisation_edit": Row(LOGIN, 403, 200, 200, 200, 403, 403, 200, ACME),
    # Its admins send a refused record back to moderation; no other record can be resubmitted.
    "members:organisation_resubmit": [
        Row(
            LOGIN,
            404,
            403,
            302,
            403,
            404,
            403,
            302,
            REFUSED,
            post={},
            effect=stored("members.Organisation", REFUSED, "status"),
        ),
        Row(
            LOGIN,
            *[403] * 7,
            ACME,
            post={},
            effect=stored("members.Organisation", ACME, "status"),
        ),
    ],
    "members:organisation_history": Row(LOGIN, 403, 403, 403, 200, 403, 403, 200, ACME),
    # Those who edit the record confirm it is accurate, from its page...
    "members:organisation_confirm": Row(
        LOGIN,
        403,
        302,
        302,
        302,
        403,
        403,
        302,
        ACME,
        post={},
        effect=stored("members.Organisation", ACME, "confirmed_at"),
    ),
    # ... or, for its admins, through the personal link emailed to them (no login needed).
    "members:organisation_confirm_link": [
        everyone(200, slug="acme", token=_confirmation_token),
        everyone(404, slug="acme", token="forged:token"),
    ],
    "members:organisation_join": Row(LOGIN, 200, 403, 403, 200, 200, 403, 200, ACME),
    "members:organisation_members": Row(LOGIN, 403, 403, 200, 200, 403, 403, 200, ACME),
    "members:organisation_invite": Row(
        LOGIN,
        **MANAGE,
        site_admin=302,
        kwargs=ACME,
        post={"email": "new@example.org", "role": "editor"},
        effect=counted("members.Invitation", {"organisation__slug": "acme"}),
    ),
    "members:membership_update": Row(
        LOGIN,
        **MANAGE,
        site_admin=302,
        kwargs=lambda objects: {"slug": "acme", "pk": objects["editor_membership"].pk},
        post={"action": "role", "role": "admin"},
        effect=lambda objects: stored(
            "members.Membership", {"pk": objects["editor_membership"].pk}, "role"
        )(objects),
    ),
    "members:join_request_answer": Row(
        LOGIN,
        **MANAGE,
        site_admin=302,
        kwargs=lambda objects: {"slug": "acme", "pk": objects["join_request"].pk},
        post={"decision": "refuse"},
        effect=lambda objects: stored(
            "members.JoinRequest", {"pk": objects["join_request"].pk}, "status"
        )(objects),
    ),
    "members:invitation": Row(
        LOGIN, 200, 200, 200, 200, 200, 403, 200, lambda objects: {"token": objects["token"]}
    ),
    "members:moderation_queue": replace(MODERATE, kwargs={"territory": "guadeloupe"}),
    "members:organisation_moderate": replace(MODERATE, kwargs=PENDING),
    "members:organisation_archive": Row(
        LOGIN,
        404,
        404,
        404,
        302,
        404,
        404,
        302,
        ACME,
        post={},
        effect=stored("members.Organisation", ACME, "status"),
    ),
    # Projects ("coop" is a published project of acme, "draft" an unpublished one)
    "projects:catalogue": everyone(200),
    "projects:by_country": everyone(200),
    "projects:partners": everyone(200),
    "projects:partner_edit": Row(
        LOGIN, 403, 403, 403, 200, 200, 403, 200, lambda objects: {"pk": objects["partner"].pk}
    ),
    "projects:project": [
        everyone(200, slug="coop"),
        Row(404, 404, 200, 200, 200, 404, 200, 200, {"slug": "draft"}),
    ],
    "projects:project_create": Row(LOGIN, 403, 200, 200, 403, 403, 403, 200),
    "projects:project_edit": Row(LOGIN, 403, 200, 200, 403, 403, 403, 200, {"slug": "coop"}),
    "projects:project_publish": Row(
        LOGIN,
        404,
        302,
        302,
        403,
        404,
        403,
        302,
        {"slug": "draft"},
        post={},
        effect=stored("projects.Project", {"slug": "draft"}, "published"),
    ),
    "projects:project_unpublish": Row(
        LOGIN,
        403,
        302,
        302,
        302,
        403,
        403,
        302,
        {"slug": "coop"},
        post={},
        effect=stored("projects.Project", {"slug": "coop"}, "published"),
    ),
    # Trainings ("workshop" is a published training of Guadeloupe with a coming session, where
    # the editor is registered; "draft-training" is not published)
    "trainings:catalogue": everyone(200),
    "trainings:archive": everyone(200),
    "trainings:feed": everyone(200),
    "trainings:territory_feed": everyone(200, territory="guadeloupe"),
    "trainings:mine": logged_in(200),
    "trainings:training_create": Row(LOGIN, 403, 403, 403, 200, 200, 403, 200),
    # Network events: trainings of another kind ("assembly" is published, "draft-assembly" not).
    "trainings:events": everyone(200),
    "trainings:events_archive": everyone(200),
    "trainings:events_feed": everyone(200),
    "trainings:event_create": Row(LOGIN, 403, 403, 403, 200, 200, 403, 200),
    "trainings:event": [
        everyone(200, slug="assembly"),
        Row(404, 404, 404, 404, 200, 404, 404, 200, {"slug": "draft-assembly"}),
    ],
    # Working groups ("sante" is Guadeloupe's).
    "working_groups": [everyone(200, territory="guadeloupe"), everyone(404, territory="corse")],
    "working_group": everyone(200, territory="guadeloupe", slug="sante"),
    "members:working_group_create": Row(
        LOGIN, 403, 403, 403, 200, 403, 403, 200, {"territory": "guadeloupe"}
    ),
    "members:working_group_edit": Row(
        LOGIN, 403, 403, 403, 200, 403, 403, 200, {"territory": "guadeloupe", "slug": "sante"}
    ),
    "trainings:training": [
        everyone(200, slug="workshop"),
        Row(404, 404, 404, 404, 200, 404, 404, 200, {"slug": "draft-training"}),
    ],
    "trainings:training_edit": Row(LOGIN, 403, 403, 403, 200, 403, 403, 200, {"slug": "workshop"}),
    "trainings:training_status": Row(
        LOGIN,
        403,
        403,
        403,
        302,
        403,
        403,
        302,
        {"slug": "workshop"},
        post={"status": "cancelled"},
        effect=stored("trainings.Training", {"slug": "workshop"}, "status"),
    ),
    # The editor is already registered: refused with a message, hence a redirect too.
    "trainings:register": Row(
        LOGIN,
        403,
        302,
        302,
        403,
        403,
        403,
        302,
        lambda objects: {"pk": objects["session"].pk},
        post=lambda objects: {"organisation": objects["acme"].pk},
        effect=lambda objects: counted("trainings.Registration", {"session": objects["session"]})(
            objects
        ),
        effect_for={"admin", "site_admin"},
    ),
    "trainings:session_ics": everyone(200, pk=lambda objects: objects["session"].pk),
    **{
        name: Row(
            LOGIN, 403, 403, 403, 200, 403, 403, 200, lambda objects: {"pk": objects["session"].pk}
        )
        for name in (
            "trainings:registrants",
            "trainings:attendance_csv",
            "trainings:attendance_sheet",
        )
    },
    "trainings:registration_cancel": Row(
        LOGIN,
        404,
        302,
        404,
        302,
        404,
        404,
        302,
        lambda objects: {"pk": objects["registration"].pk},
        post={},
        effect=lambda objects: stored(
            "trainings.Registration", {"pk": objects["registration"].pk}, "status"
        )(objects),
    ),
    # Funding calls ("fcr" is a published call of Guadeloupe with a document, "draft-call" a
    # draft of Guadeloupe with one; the editor's organisation has an alert, a visitor a search)
    "search": everyone(200),
    # News ("gp-news" is a published post of Guadeloupe, "gp-draft" a draft).
    "news:list": everyone(200),
    "news:feed": everyone(200),
    "news:rss": everyone(200),
    "news:territory_feed": [
        everyone(200, territory="guadeloupe"),
        everyone(404, territory="corse"),
    ],
    "news:territory_rss": [everyone(200, territory="guadeloupe"), everyone(404, territory="corse")],
    "news:post": [
        everyone(200, slug="gp-news"),
        Row(404, 404, 404, 404, 200, 404, 404, 200, {"slug": "gp-draft"}),
    ],
    "news:post_create": Row(LOGIN, 403, 403, 403, 200, 200, 403, 200),
    "news:post_edit": [
        Row(LOGIN, 403, 403, 403, 200, 403, 403, 200, {"slug": "gp-news"}),
        Row(LOGIN, 404, 404, 404, 200, 404, 404, 200, {"slug": "gp-draft"}),
    ],
    "news:post_status": Row(
        LOGIN,
        403,
        403,
        403,
        302,
        403,
        403,
        302,
        {"slug": "gp-news"},
        post={"status": "draft"},
        effect=stored("news.Post", {"slug": "gp-news"}, "status"),
    ),
    # Resources ("guide" is public, of Guadeloupe; "members-guide" for members only).
    "resources:list": everyone(200),
    "resources:resource": [
        everyone(200, slug="guide"),
        Row(404, 200, 200, 200, 200, 200, 200, 200, {"slug": "members-guide"}),
    ],
    "resources:download": [
        everyone(200, slug="guide"),
        Row(404, 200, 200, 200, 200, 200, 200, 200, {"slug": "members-guide"}),
    ],
    "resources:resource_create": Row(LOGIN, 403, 403, 403, 200, 200, 403, 200),
    "resources:resource_edit": [
        Row(LOGIN, 403, 403, 403, 200, 403, 403, 200, {"slug": slug})
        for slug in ("guide", "members-guide")
    ],
    "resources:resource_delete": Row(
        LOGIN,
        403,
        403,
        403,
        302,
        403,
        403,
        302,
        {"slug": "guide"},
        post={},
        effect=counted("resources.Resource", {"slug": "guide"}),
    ),
    "calls:calendar": everyone(200),
    "calls:archive": everyone(200),
    "calls:month": everyone(200),
    "calls:feed": everyone(200),
    "calls:territory_feed": [
        everyone(200, territory="guadeloupe"),
        everyone(404, territory="corse"),
    ],
    "call": [
        everyone(200, slug="fcr"),
        Row(404, 404, 404, 404, 200, 404, 404, 200, {"slug": "draft-call"}),
    ],
    "calls:document": [
        everyone(200, slug="fcr", pk=lambda objects: objects["document"].pk),
        Row(
            404,
            404,
            404,
            404,
            200,
            404,
            404,
            200,
            lambda objects: {"slug": "draft-call", "pk": objects["draft_document"].pk},
        ),
    ],
    "calls:call_create": Row(LOGIN, 403, 403, 403, 200, 200, 403, 200),
    "calls:call_edit": [
        Row(LOGIN, 403, 403, 403, 200, 403, 403, 200, {"slug": "fcr"}),
        Row(LOGIN, 404, 404, 404, 200, 404, 404, 200, {"slug": "draft-call"}),
    ],
    "calls:call_status": Row(
        LOGIN,
        403,
        403,
        403,
        302,
        403,
        403,
        302,
        {"slug": "fcr"},
        post={"status": "draft"},
        effect=stored("calls.Call", {"slug": "fcr"}, "status"),
    ),
    # No file sent: the edit page again with the message, nothing added.
    "calls:document_add": Row(
        LOGIN,
        403,
        403,
        403,
        200,
        403,
        403,
        200,
        {"slug": "fcr"},
        post={"title": "Règlement"},
        effect=counted("calls.CallDocument", {}),
    ),
    "calls:document_delete": Row(
        LOGIN,
        403,
        403,
        403,
        302,
        403,
        403,
        302,
        lambda objects: {"slug": "fcr", "pk": objects["document"].pk},
        post={},
        effect=lambda objects: counted("calls.CallDocument", {"pk": objects["document"].pk})(
            objects
        ),
    ),
    "calls:alerts": logged_in(200),
    "calls:search_save": everyone(200),
    "calls:search_confirm": everyone(200, token=lambda objects: objects["search"].token),
    "calls:unsubscribe": [
        everyone(200, token=lambda objects: objects["alert"].token),
        everyone(200, token="no-such-token"),  # "already unsubscribed"
    ],
    # Newsletter ("draft_issue" and "sent_issue" are Guadeloupe's; "subscriber" a confirmed one).
    "newsletter:subscribe": everyone(200),
    "newsletter:confirm": everyone(200, token="made-up"),
    "newsletter:unsubscribe": [
        everyone(200, token=lambda objects: objects["subscriber"].token),
        everyone(200, token="no-such-token"),
    ],
    "newsletter:issues": Row(LOGIN, 403, 403, 403, 200, 200, 403, 200),
    "newsletter:issue_create": Row(LOGIN, 403, 403, 403, 200, 200, 403, 200),
    "newsletter:issue": [
        Row(LOGIN, 404, 404, 404, 200, 404, 404, 200, {"pk": lambda o: o["draft_issue"].pk}),
        Row(LOGIN, 403, 403, 403, 200, 403, 403, 200, {"pk": lambda o: o["sent_issue"].pk}),
    ],
    "newsletter:issue_edit": [
        Row(LOGIN, 404, 404, 404, 200, 404, 404, 200, {"pk": lambda o: o["draft_issue"].pk}),
        Row(LOGIN, 403, 403, 403, 403, 403, 403, 403, {"pk": lambda o: o["sent_issue"].pk}),
    ],
    "newsletter:issue_test": [
        logged_in(405, pk=lambda o: o["draft_issue"].pk),
        Row(
            LOGIN,
            404,
            404,
            404,
            302,
            404,
            404,
            302,
            {"pk": lambda o: o["draft_issue"].pk},
            post={},
            effect=counted("background.OutgoingEmail", {}),
        ),
    ],
    "newsletter:issue_send": [
        logged_in(405, pk=lambda o: o["draft_issue"].pk),
        Row(
            LOGIN,
            404,
            404,
            404,
            302,
            404,
            404,
            302,
            {"pk": lambda o: o["draft_issue"].pk},
            post={},
            effect=lambda o: stored("newsletter.Issue", {"pk": o["draft_issue"].pk}, "status")(o),
        ),
        Row(
            LOGIN,
            403,
            403,
            403,
            302,
            403,
            403,
            302,
            {"pk": lambda o: o["sent_issue"].pk},
            post={},
            effect=lambda o: stored("newsletter.Issue", {"pk": o["sent_issue"].pk}, "status")(o),
            effect_for=set(),
        ),
    ],
    "newsletter:web": [
        everyone(200, territory="guadeloupe", number=lambda o: o["sent_issue"].number),
        everyone(404, territory="guadeloupe", number=99),
    ],
    "newsletter:archive": [everyone(200, territory="guadeloupe"), everyone(404, territory="corse")],
    # Missions and obstacles (acme has one mission, to Haiti, with an obstacle): private to the
    # organisation, its territory's coordinators and State services (reading) and site admins;
    # the obstacles report counts the missions each reads (an organisation's: its own).
    "missions:list": Row(LOGIN, 403, 200, 200, 200, 200, 200, 200),
    "missions:mission_create": [
        Row(LOGIN, 403, 200, 200, 403, 403, 403, 200),
        Row(
            LOGIN,
            403,
            302,
            302,
            403,
            403,
            403,
            302,
            post=lambda o: {
                "organisation": o["acme"].pk,
                "direction": "incoming",
                "country": "DM",
                "start_date": "2026-05-04",
                "end_date": "2026-05-08",
                "participants": "2",
                "purpose": "Accueil d'une délégation de Roseau.",
                "obstacles-TOTAL_FORMS": "1",
                "obstacles-INITIAL_FORMS": "0",
                "obstacles-0-kind": "",
                "obstacles-0-note": "",
            },
            effect=counted("missions.Mission", {"organisation__slug": "acme"}),
        ),
    ],
    "missions:mission": Row(LOGIN, 404, 200, 200, 200, 404, 200, 200, MISSION),
    "missions:mission_edit": [
        Row(LOGIN, 404, 200, 200, 403, 404, 403, 200, MISSION),
        Row(
            *EDIT_MISSION,
            MISSION,
            post={
                "direction": "outgoing",
                "country": "HT",
                "start_date": "2026-03-02",
                "end_date": "2026-03-02",
                "participants": "7",
                "purpose": "Rencontres avec les partenaires de Jacmel.",
                "obstacles-TOTAL_FORMS": "0",
                "obstacles-INITIAL_FORMS": "0",
            },
            effect=stored("missions.Mission", {"organisation__slug": "acme"}, "participants"),
        ),
    ],
    "missions:mission_delete": [
        Row(LOGIN, 404, 200, 200, 403, 404, 403, 200, MISSION),
        Row(
            *EDIT_MISSION,
            MISSION,
            post={},
            effect=counted("missions.Mission", {"organisation__slug": "acme"}),
        ),
    ],
    **{
        name: Row(LOGIN, 403, 200, 200, 200, 200, 200, 200)
        for name in ("missions:obstacles", "missions:obstacles_csv", "missions:obstacles_xlsx")
    },
    # Imports of spreadsheets: a territory's coordinators import into its census; the other
    # territory's import is out of their reach (404).
    "imports:list": Row(*IMPORTING),
    "imports:import_create": Row(*IMPORTING),
    "imports:template": Row(*IMPORTING),
    "imports:import": Row(*MANAGE_IMPORT, IMPORT),
    "imports:mapping": Row(*MANAGE_IMPORT_REDIRECTED, IMPORT),
    "imports:progress": Row(*MANAGE_IMPORT, IMPORT),
    "imports:rejected_xlsx": Row(*MANAGE_IMPORT, IMPORT),
    "imports:rejected_csv": Row(*MANAGE_IMPORT, IMPORT),
    "imports:undo": [
        Row(*MANAGE_IMPORT, IMPORT),
        Row(
            *MANAGE_IMPORT_REDIRECTED,
            IMPORT,
            post={},
            effect=lambda o: stored("imports.Import", {"pk": o["import"].pk}, "status")(o),
        ),
    ],
    # Advisory support: private to the organisation, its territory's coordinators (who
    # follow it), State services (reading) and site admins; out of reach, 404.
    "support:requests": Row(LOGIN, 403, 200, 200, 200, 200, 200, 200),
    "support:request_create": Row(LOGIN, 403, 200, 200, 403, 403, 403, 200),
    "support:request": Row(LOGIN, 404, 200, 200, 200, 404, 200, 200, SUPPORT),
    "support:message_post": Row(
        LOGIN,
        404,
        302,
        302,
        302,
        404,
        403,
        302,
        SUPPORT,
        post={"body": "Où en est le dossier ?"},
        effect=lambda o: counted("support.Message", {"request": o["support_request"]})(o),
    ),
    "support:request_take": Row(
        *FOLLOW,
        SUPPORT,
        post={},
        effect=of_request("assignee"),
    ),
    "support:request_follow_up": Row(
        *FOLLOW,
        SUPPORT,
        post={"status": "in-progress", "outcome": ""},
        effect=of_request("status"),
    ),
    "support:request_reopen": Row(
        *FOLLOW,
        {"pk": lambda o: o["closed_request"].pk},
        post={},
        effect=of_request("status", "closed_request"),
    ),
    "support:request_withdraw": [
        Row(LOGIN, 404, 200, 200, 403, 404, 403, 200, SUPPORT),
        Row(
            LOGIN,
            404,
            302,
            302,
            403,
            404,
            403,
            302,
            SUPPORT,
            post={},
            effect=of_request("status"),
        ),
    ],
    "support:appointment_create": Row(LOGIN, 404, 403, 403, 200, 404, 403, 200, SUPPORT),
    "support:appointment_ics": Row(
        LOGIN,
        404,
        200,
        200,
        200,
        404,
        200,
        200,
        {"pk": lambda o: o["support_request"].pk, "appointment": lambda o: o["appointment"].pk},
    ),
    # allauth
    "account_login": ENTRANCE,
    "account_signup": ENTRANCE,
    "account_logout": logged_in(200, anon=302),
    "account_inactive": everyone(200),
    "account_reauthenticate": logged_in(200),
    "account_email": logged_in(200),
    "account_email_verification_sent": everyone(200),
    "account_change_password": logged_in(200),
    "account_set_password": logged_in(302),  # everyone here has a password: back to change it
    "account_reset_password": everyone(200),
    "account_reset_password_done": everyone(200),
    "account_reset_password_from_key": everyone(200, uidb36="0", key="bad-key"),
    "account_reset_password_from_key_done": everyone(200),
    "account_confirm_login_code": everyone(302),  # no pending login
    "account_confirm_email": everyone(200, key="no-such-key"),  # "invalid link" page
    "mfa_index": logged_in(200),
    "mfa_authenticate": everyone(302),  # no pending login
    "mfa_reauthenticate": like_member(LOGIN, 302, 200, 200, 200, 200),  # members have no 2FA
    # Members are asked to re-authenticate before enrolling; the enrolled go to deactivation.
    "mfa_activate_totp": like_member(LOGIN, 302, 302, 302, 302, 302),
    "mfa_deactivate_totp": like_member(LOGIN, 404, 302, 302, 302, 302),
    "mfa_view_recovery_codes": like_member(LOGIN, 404, 302, 302, 302, 302),
    "mfa_generate_recovery_codes": like_member(LOGIN, 302, 302, 302, 302, 302),
    "mfa_download_recovery_codes": like_member(LOGIN, 404, 302, 302, 302, 302),
    "usersessions_list": logged_in(200),
    # Django admin: site admins only.
    **{name: site_admin_only(**kwargs) for name, kwargs in ADMIN_SAMPLES.items()},
}


def rows(name):
    entry = MATRIX[name]
    return entry if isinstance(entry, list) else [entry]


def url_names(patterns=None, namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or None
            full = ":".join(filter(None, [namespace, ns]))
            yield from url_names(pattern.url_patterns, full or None)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_pattern_is_in_the_matrix():
    names = set(url_names())
    assert None not in names, "every URL pattern needs a name"
    missing = {n for n in names if not n.startswith("admin:")} - MATRIX.keys()
    assert not missing, f"add these URLs to the permission matrix: {sorted(missing)}"
    assert not MATRIX.keys() - names, "the matrix names URLs that no longer exist"


@pytest.fixture
def objects(territories, settings, tmp_path):
    # The calls' documents are written to private storage: the test's own folder.
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    from members.models import Invitation, JoinRequest, Membership
    from tests.members.factories import OrganisationFactory

    editor, admin = factories.UserFactory(), factories.UserFactory()
    acme = OrganisationFactory(slug="acme", territory=territories["guadeloupe"])
    pending = OrganisationFactory(
        slug="pending-org", territory=territories["guadeloupe"], status="pending"
    )
    refused = OrganisationFactory(
        slug="refused-org",
        territory=territories["guadeloupe"],
        status="refused",
        refusal_reason="Pas d'action de coopération.",
    )
    memberships = {}
    for organisation in (acme, pending, refused):
        memberships[organisation.slug] = Membership.objects.create(
            user=editor, organisation=organisation, role="editor"
        )
        Membership.objects.create(user=admin, organisation=organisation, role="admin")
    from tests.projects.factories import PartnerFactory, ProjectFactory
    from tests.trainings.factories import RegistrationFactory, SessionFactory, TrainingFactory

    partner = PartnerFactory()
    ProjectFactory(slug="coop", lead=acme)
    ProjectFactory(slug="draft", lead=acme, published=False)
    session = SessionFactory(training=TrainingFactory(slug="workshop"))
    TrainingFactory(slug="draft-training", status="draft")
    SessionFactory(training=TrainingFactory(slug="assembly", kind="general-assembly"))
    TrainingFactory(slug="draft-assembly", kind="general-assembly", status="draft")
    from members.models import WorkingGroup

    WorkingGroup.objects.create(territory=territories["guadeloupe"], name="Santé", slug="sante")
    registration = RegistrationFactory(session=session, user=editor, organisation=acme)
    from tests.calls.factories import (
        CallDocumentFactory,
        CallFactory,
        OrganisationAlertFactory,
        SavedSearchFactory,
    )

    document = CallDocumentFactory(call=CallFactory(slug="fcr"))
    from tests.news.factories import PostFactory
    from tests.resources.factories import ResourceFactory, members_only

    PostFactory(slug="gp-news", territory=territories["guadeloupe"])
    PostFactory(slug="gp-draft", territory=territories["guadeloupe"], draft=True)
    ResourceFactory(slug="guide", territory=territories["guadeloupe"])
    members_only(slug="members-guide", territory=territories["guadeloupe"])
    from tests.newsletter.factories import IssueFactory, SubscriberFactory, sent_issue

    draft_document = CallDocumentFactory(call=CallFactory(slug="draft-call", status="draft"))
    from support.enums import Mode, Outcome, Status
    from tests.support.factories import MessageFactory, SupportRequestFactory

    support_request = SupportRequestFactory(organisation=acme)
    MessageFactory(request=support_request, internal=True, from_coordinators=True)
    closed_request = SupportRequestFactory(
        organisation=acme,
        status=Status.CLOSED,
        outcome=Outcome.ADVICE_GIVEN,
        ended_at=timezone.now(),
        awaiting_since=None,
    )
    from support.models import Appointment

    appointment = Appointment.objects.create(
        request=support_request,
        starts_at=timezone.now() + timedelta(days=3),
        mode=Mode.REMOTE,
        link="https://visio.example/acme",
    )
    from tests.missions.factories import mission_with

    mission_with("visa-refused", organisation=acme)
    from imports.enums import ImportStatus, RowResult
    from imports.models import Import, ImportRow

    done_import = Import.objects.create(
        territory=territories["guadeloupe"],
        file_name="acteurs.xlsx",
        headers=["Nom", "Commune"],
        mapping=["name", "commune"],
        status=ImportStatus.DONE,
        finished_at=timezone.now(),
    )
    ImportRow.objects.create(
        source=done_import,
        line=2,
        cells=["=HYPERLINK(1)", "Paris"],
        result=RowResult.REJECTED,
        errors={"commune": ["Aucune commune de Guadeloupe ne s'appelle « Paris »."]},
    )
    return {
        "import": done_import,
        "support_request": support_request,
        "closed_request": closed_request,
        "appointment": appointment,
        "draft_issue": IssueFactory(),
        "sent_issue": sent_issue(),
        "subscriber": SubscriberFactory(),
        "document": document,
        "draft_document": draft_document,
        "alert": OrganisationAlertFactory(user=editor, organisation=acme),
        "search": SavedSearchFactory(confirmed_at=None),
        "acme": acme,
        "session": session,
        "registration": registration,
        "partner": partner,
        "users": {
            "anon": None,
            "member": factories.UserFactory(),
            "editor": editor,
            "admin": admin,
            "coordinator": factories.coordinator(territories["guadeloupe"]),
            "other_coordinator": factories.coordinator(territories["martinique"]),
            "state": factories.state_services(),
            "site_admin": factories.site_admin(),
        },
        "editor_membership": memberships["acme"],
        "join_request": JoinRequest.objects.create(user=factories.UserFactory(), organisation=acme),
        "token": Invitation.objects.create(organisation=acme, email="invited@example.org").token,
    }


CASES = [(name, index) for name in MATRIX for index, _row in enumerate(rows(name))]


@pytest.mark.parametrize(("name", "index"), CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_each_role_gets_the_expected_answer(client, objects, name, index):
    """One URL, every role in turn (one set-up per URL keeps the matrix fast)."""
    row = rows(name)[index]
    kwargs = row.kwargs(objects) if callable(row.kwargs) else row.kwargs
    kwargs = {k: v(objects) if callable(v) else v for k, v in kwargs.items()}
    post = row.post(objects) if callable(row.post) else row.post
    url = reverse(name, kwargs=kwargs)
    wrong = []
    for role in ROLES:
        client.logout()
        user = objects["users"][role]
        if user is not None:
            client.force_login(user)
        with transaction.atomic():
            before = row.effect(objects) if row.effect else None
            response = client.get(url) if post is None else client.post(url, post)
            if response.streaming:
                # Read to its end, a download closes its file (the test client's wrapper;
                # response.close() would also close the test's database connection).
                b"".join(response.streaming_content)
            after = row.effect(objects) if row.effect else None
            transaction.set_rollback(True)  # a POST by one role must not change the next's case
        expected = getattr(row, role)
        if expected == LOGIN:
            ok = response.status_code == 302 and response["Location"].startswith(
                reverse("account_login")
            )
        else:
            ok = response.status_code == expected
        if not ok:
            wrong.append(f"{role}: expected {expected}, got {response.status_code}")
        if row.effect:
            changes = (
                {r for r in ROLES if getattr(row, r) == 302}
                if row.effect_for is None
                else row.effect_for
            )
            if (after != before) != (role in changes):
                what = "did not change" if role in changes else "changed"
                wrong.append(f"{role}: the POST {what} {before!r}")
    assert not wrong, f"{url}: " + "; ".join(wrong)
