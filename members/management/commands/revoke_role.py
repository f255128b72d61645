from django.core.management.base import CommandError

from members.services import RoleError, role_revoke

from ._roles import RoleCommand


class Command(RoleCommand):
    help = (
        "Withdraw a network role: `revoke_role EMAIL coordinator --territory martinique` or "
        "`revoke_role EMAIL state`. It takes effect on the person's next request."
    )

    def handle(self, *args, **options):
        user, role, territory = self.resolve(options)
        try:
            removed = role_revoke(user=user, role=role, territory=territory)
        except RoleError as error:
            raise CommandError(str(error)) from None
        if not removed:
            raise CommandError(f"{user.email} did not hold this role.")
        self.stdout.write(self.style.SUCCESS(f"Role withdrawn from {user.email}."))
