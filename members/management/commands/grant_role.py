from django.core.management.base import CommandError

from members.services import RoleError, role_grant

from ._roles import RoleCommand


class Command(RoleCommand):
    help = (
        "Give a person a network role: `grant_role EMAIL coordinator --territory guadeloupe` "
        "or `grant_role EMAIL state`. They must then set up two-factor authentication."
    )

    def handle(self, *args, **options):
        user, role, territory = self.resolve(options)
        try:
            grant, created = role_grant(user=user, role=role, territory=territory)
        except RoleError as error:
            raise CommandError(str(error)) from None
        if created:
            self.stdout.write(self.style.SUCCESS(f"{user.email} is now: {grant}."))
        else:
            self.stdout.write(f"{user.email} already held this role: {grant}.")
