"""Personal-data rights: a person's export of everything the portal keeps about them, and the
deletion of their account.

Both walk the models rather than list them, so that a model added later with a link to people
is covered without touching this module: by a foreign key to the user, or, for what is kept for
an address without an account (a newsletter subscription, a saved search), by declaring
`PERSONAL_DATA_EMAIL_FIELD = "<the email field>"`: its rows under the account's address
(whatever the case) are exported under the model's label and deleted with the account.
"""

import json

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict

from .enums import MembershipRole
from .models import ContactPerson, Invitation, Membership, Organisation, User

# Secrets are never exported: they identify nobody and would weaken the account.
SECRET_FIELDS = {"password", "data", "token", "key", "session_data"}


def person_models():
    """(model, field name) for every foreign key to the user model, history tables included."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.many_to_one and field.related_model is user_model and field.concrete:
                yield model, field.name


def email_models():
    """(model, field name) for every model declaring PERSONAL_DATA_EMAIL_FIELD."""
    for model in apps.get_models():
        field = getattr(model, "PERSONAL_DATA_EMAIL_FIELD", None)
        if field:
            yield model, field


def _under_address(model, field: str, address: str):
    return model._default_manager.filter(**{f"{field}__iexact": address})


def _plain(value):
    """JSON-friendly: related rows by their key, lists of them as keys, files by their name."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, FieldFile):
        return value.name
    return value


def _rows(queryset):
    return [
        {k: _plain(v) for k, v in model_to_dict(row).items() if k not in SECRET_FIELDS}
        | {"id": row.pk}
        for row in queryset
    ]


def personal_data_export(*, user: User) -> str:
    """All the personal data held about `user`, as JSON."""
    data = {
        "account": {
            k: v
            for k, v in model_to_dict(user).items()
            if k not in SECRET_FIELDS and k not in {"groups", "user_permissions"}
        },
        "contact_person_entries": _rows(ContactPerson.objects.filter(email__iexact=user.email)),
        "invitations_received": _rows(Invitation.objects.filter(email__iexact=user.email)),
    }
    for model, field in person_models():
        if model is User:
            continue
        label = f"{model._meta.label}.{field}"
        data[label] = _rows(model._default_manager.filter(**{field: user}))
    for model, field in email_models():
        data[model._meta.label] = _rows(_under_address(model, field, user.email))
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def organisations_needing_handover(user: User):
    """Organisations of which the person is the only admin: they must name another first."""
    administered = Membership.objects.filter(user=user, role=MembershipRole.ADMIN)
    admins = models.Count("memberships", filter=models.Q(memberships__role=MembershipRole.ADMIN))
    return list(
        Organisation.objects.filter(pk__in=administered.values("organisation"))
        .annotate(admins=admins)
        .filter(admins=1)
    )


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the account; organisations go on.

    Business rules: the last admin of an organisation hands over first; contact-person entries,
    invitations and the rows of models declaring PERSONAL_DATA_EMAIL_FIELD under the person's
    address go; history entries they authored are kept but pseudonymised (no author), and past
    versions of their contact entries are erased.
    """
    if organisations_needing_handover(user):
        raise ValueError("The last admin of an organisation must hand over first.")
    address = user.email
    for model, field in person_models():
        if model._meta.label.split(".")[-1].startswith("Historical") and field == "history_user":
            model._default_manager.filter(history_user=user).update(history_user=None)
    # Deleting a contact entry records one last version of it: erase the versions after.
    ContactPerson.objects.filter(email__iexact=address).delete()
    ContactPerson.history.model.objects.filter(email__iexact=address).delete()
    Invitation.objects.filter(email__iexact=address).delete()
    for model, field in email_models():
        _under_address(model, field, address).delete()
    user.delete()
