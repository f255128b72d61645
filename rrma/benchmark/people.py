"""People: accounts of members (who cannot log in), memberships, contact persons, join
requests."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from members.models import ContactPerson, JoinRequest, Membership, Organisation, User

from . import vocabulary as words
from .bulk import bulk, history
from .context import Context

S = Organisation.Status


def people(ctx: Context) -> None:
    """Accounts (admins and editors, who cannot log in), memberships, contact persons."""
    rng, users, memberships, contacts = ctx.rng, [], [], []
    for org in ctx.organisations:
        roles = ([Membership.Role.ADMIN] if rng.random() < 0.9 else []) + (
            [Membership.Role.EDITOR] if rng.random() < 0.3 else []
        )
        for role in roles:
            first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
            email = f"{slugify(first)}.{slugify(last)}.{len(users)}@membres.example"
            joined = org.created_at + timedelta(days=0 if role == Membership.Role.ADMIN else 30)
            users.append(
                User(
                    email=email,
                    first_name=first,
                    last_name=last,
                    password=make_password(None),
                    date_joined=min(joined, ctx.now),
                )
            )
            memberships.append(
                Membership(organisation=org, role=role, created_at=users[-1].date_joined)
            )
        for n in range(rng.choice([1, 1, 2])):
            first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
            contacts.append(
                ContactPerson(
                    organisation=org,
                    name=f"{first} {last}",
                    role=rng.choice(words.ROLES),
                    email=f"{slugify(first)}.{slugify(last)}@{org.slug[:40].strip('-')}.example",
                    phone=org.phone,
                    public_consent_at=org.created_at if n == 0 and rng.random() < 0.33 else None,
                )
            )
    bulk(User, users)
    bulk(
        EmailAddress,
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users],
    )
    for user, membership in zip(users, memberships, strict=True):
        membership.user = user
    _demo_member(ctx, memberships)
    bulk(Membership, memberships)
    bulk(ContactPerson, contacts)
    history(ContactPerson, contacts, when=lambda c: c.organisation.created_at)
    active = {o.pk: o for o in ctx.organisations if o.status == S.ACTIVE}
    for m in memberships:
        if m.organisation_id in active:
            ctx.members.setdefault(active[m.organisation_id].territory_id, []).append(
                (m.user_id, m.organisation_id)
            )
        if m.role == Membership.Role.ADMIN:
            ctx.admins.setdefault(m.organisation_id, m.user_id)
    _join_requests(ctx, users)


def _demo_member(ctx: Context, memberships: list[Membership]) -> None:
    """`admin.asso@rrma.example` administers the two first active organisations (those that lead
    the most projects, see `activity`) and edits the third, as in the demo."""
    member = ctx.accounts["admin.asso@rrma.example"]
    active = [o for o in ctx.organisations if o.status == S.ACTIVE][:3]
    for org, role in zip(
        active, [Membership.Role.ADMIN, Membership.Role.ADMIN, Membership.Role.EDITOR], strict=False
    ):
        memberships.append(
            Membership(user=member, organisation=org, role=role, created_at=org.created_at)
        )


def _join_requests(ctx: Context, users: list[User]) -> None:
    rng, requests, seen = ctx.rng, [], set()
    active = [o for o in ctx.organisations if o.status == S.ACTIVE]
    for _n in range(ctx.scale * 2 // 100):
        user, org = rng.choice(users), rng.choice(active)
        if (user.pk, org.pk) not in seen:
            seen.add((user.pk, org.pk))
            requests.append(
                JoinRequest(
                    user=user,
                    organisation=org,
                    created_at=ctx.days_ago(rng.uniform(0, 30)),
                    message="Bonjour, je souhaite rejoindre votre organisation.",
                )
            )
    bulk(JoinRequest, requests)
