"""What grant_role and revoke_role share: arguments and look-ups with clear errors."""

from django.core.management.base import BaseCommand, CommandError

from members.models import RoleGrant, Territory, User


class RoleCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("email", help="the person's email address (their login)")
        parser.add_argument("role", choices=RoleGrant.Role.values, help="coordinator or state")
        parser.add_argument(
            "--territory",
            help="guadeloupe or martinique (coordinators only)",
        )

    def resolve(self, options) -> tuple[User, str, Territory | None]:
        try:
            user = User.objects.get_by_email(options["email"])
        except User.DoesNotExist:
            raise CommandError(
                f"No account uses the email address {options['email']!r}. "
                "The person must sign up first."
            ) from None
        territory = None
        if options["territory"]:
            try:
                territory = Territory.objects.get(slug=options["territory"].lower())
            except Territory.DoesNotExist:
                known = ", ".join(Territory.objects.values_list("slug", flat=True))
                raise CommandError(
                    f"Unknown territory {options['territory']!r}: use one of {known}."
                ) from None
        return user, options["role"], territory
