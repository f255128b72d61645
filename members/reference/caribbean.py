"""Countries and territories of the Greater Caribbean that the networks cooperate with, and their
standing in the regional organisations (OECS, CARICOM, ACS).

Keyed by ISO 3166-1 alpha-2 code. Guadeloupe (GP) and Martinique (MQ) are the home territories
of the networks, not partners, so they are not listed; their own memberships are in
HOME_TERRITORY_MEMBERSHIPS.

Each membership has a status (members.enums.MembershipStatus) and cites its source (SOURCES):
the organisation's official membership page, or, where a standing changed after that page or is
not on it (an accession, an application, a territory represented by France or the Netherlands),
the official text or statement that says so. Observers are not memberships and are not listed
(Aruba and Puerto Rico at CARICOM, for instance).

How the sources were read, and what was decided where they disagree (checked 3 December 2026,
on the stored copies of the pages):

- OECS: the member-states page names 7 Protocol Members and 4 associate members (Anguilla,
  British Virgin Islands, Martinique, Guadeloupe); it predates the accession of the Collectivité
  de Saint-Martin, formal since the ceremony of 19 March 2025 (the Director General's address):
  5th associate member.
- CARICOM: 15 members; 5 associate members on the membership page (Anguilla, Bermuda, British
  Virgin Islands, Cayman Islands, Turks and Caicos Islands). Curaçao signed its agreement in July
  2024 and CARICOM counts it as its 6th associate member (its February 2025 statement speaks of
  21 members and associate members), although the Kingdom's treaty register still read "enters
  into force at a date to be set": listed as an associate member, as the organisation counts
  it. Martinique signed its accession in February 2025; CARICOM's statement says it becomes an
  associate member once France ratifies the protocol on privileges and immunities: pending.
  Guadeloupe, French Guiana and Sint Maarten applied (CARICOM, 2015), so did the Dominican
  Republic (2024); none admitted as far as the sources go: applicants.
- ACS: 25 member states and 10 associate members ("35 contracting States, Countries and
  Territories"): Aruba, Curaçao, Sint Maarten, the Turks and Caicos Islands, the British Virgin
  Islands (2018), Guadeloupe and Martinique (in their own right), the Collectivité de
  Saint-Martin (in its own right, agreement with France signed in Havana on 4 June 2016), France
  on behalf of French Guiana and Saint-Barthélemy (protocol of 11 July 2016, which took
  Saint-Martin out of France's representation), and the Netherlands on behalf of Bonaire, Sint
  Eustatius and Saba (BQ).

Update this module when a standing changes (an accession ratified, an application granted), and
cite the text that says so; the database follows after the next migrate (members.signals).
"""

from datetime import date
from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from members.enums import PARTICIPATING, MembershipStatus, RegionalOrganisation

OECS, CARICOM, ACS = (
    RegionalOrganisation.OECS,
    RegionalOrganisation.CARICOM,
    RegionalOrganisation.ACS,
)
MEMBER, ASSOCIATE = MembershipStatus.MEMBER, MembershipStatus.ASSOCIATE
THROUGH_FRANCE = MembershipStatus.THROUGH_FRANCE
THROUGH_NETHERLANDS = MembershipStatus.THROUGH_NETHERLANDS
PENDING, APPLICANT = MembershipStatus.PENDING, MembershipStatus.APPLICANT

ORGANISATIONS: dict[str, Promise] = dict(RegionalOrganisation.choices)
# The acronyms people read: French and Spanish say OECO and AEC.
ACRONYMS: dict[str, Promise] = {OECS: _("OECS"), CARICOM: _("CARICOM"), ACS: _("ACS")}


class Source(NamedTuple):
    url: str
    checked: date
    says: str  # what the page says that the data rest on, for whoever checks it again


CHECKED = date(2026, 12, 3)

SOURCES: dict[str, Source] = {
    "oecs-members": Source(
        "https://oecs.int/en/who-we-are/member-states",
        CHECKED,
        "Protocol Members: Antigua and Barbuda, Commonwealth of Dominica, Grenada, Montserrat, "
        "Saint Kitts and Nevis, Saint Lucia, Saint Vincent and the Grenadines. Associate "
        "Members: Anguilla, The British Virgin Islands, Martinique and Guadeloupe.",
    ),
    "oecs-saint-martin": Source(
        "https://pressroom.oecs.int/address-by-the-director-general-of-the-oecs-on-the-occasion-"
        "of-the-accession-of-saint-martin-to-the-organisation-of-eastern-caribbean-states",
        CHECKED,
        "Anse Marcel, 19 March 2025: the formal accession of Saint Martin into the OECS "
        "(its fifth associate member, after Martinique in 2015 and Guadeloupe in 2019).",
    ),
    "caricom-members": Source(
        "https://caricom.org/about-caricom/who-we-are/our-governance/members-and-associate-members/",
        CHECKED,
        "15 Member States (Antigua and Barbuda, The Bahamas, Barbados, Belize, Dominica, Grenada, "
        "Guyana, Haiti, Jamaica, Montserrat, Saint Lucia, St. Kitts and Nevis, St. Vincent and "
        "the Grenadines, Suriname, Trinidad and Tobago) and 5 Associate Members (Anguilla, "
        "Bermuda, British Virgin Islands, Cayman Islands, Turks and Caicos Islands). Read "
        "through copies that quote the page.",
    ),
    "caricom-curacao": Source(
        "https://wetten.overheid.nl/BWBV0007068",
        CHECKED,
        "Agreement between the Kingdom of the Netherlands, in respect of Curaçao, and CARICOM: "
        "Curaçao granted the status of an Associate Member by the decision of 4 June 2024; "
        "signed in July 2024, CARICOM's sixth associate member (its February 2025 statement "
        "counts 21 members and associate members). The register read 'enters into force at a "
        "date to be set'.",
    ),
    "caricom-martinique": Source(
        "https://caribbeantoday.com/sections/regional/martinique-signs-caricom-accession-agreement",
        CHECKED,
        "CARICOM's statement of 20 February 2025: accession agreement signed; the approval of "
        "the Protocol on Privileges and Immunities by the French National Assembly must still "
        "be completed before Martinique can officially become an Associate Member.",
    ),
    "caricom-applications": Source(
        "https://caricom.sibetasite.com/caricom-sg-guadeloupe-in-associate-membership-talks",
        CHECKED,
        "CARICOM Secretariat, 12 February 2015: Guadeloupe is one of five Caribbean territories "
        "which have applied for Associate Membership, with Curaçao, Martinique, French Guiana "
        "and St Maarten.",
    ),
    "caricom-dominican-republic": Source(
        "https://our.today/dominica-republic-and-martinique-request-to-join-caricom",
        CHECKED,
        "March 2024, the Chairman of CARICOM: the Dominican Republic and Martinique requested "
        "associate membership; the process has started.",
    ),
    "acs-members": Source(
        "https://acs-aec.org/index.php?q=about-the-acs",
        CHECKED,
        "35 Contracting States, Countries and Territories: 25 Member States and 10 associate "
        "members; the list as the Statesman's Yearbook gives it: Antigua and Barbuda, The "
        "Bahamas, Barbados, Belize, Colombia, Costa Rica, Cuba, Dominica, Dominican Republic, "
        "El Salvador, Grenada, Guatemala, Guyana, Haiti, Honduras, Jamaica, Mexico, Nicaragua, "
        "Panama, St Kitts and Nevis, St Lucia, St Vincent and the Grenadines, Suriname, Trinidad "
        "and Tobago, Venezuela; associate members Aruba, Curaçao, Guadeloupe, Martinique, Sint "
        "Maarten, the Turks and Caicos Islands, France and the Netherlands on behalf of their "
        "territories.",
    ),
    "acs-saint-martin": Source(
        "https://legal.tricoteuses.fr/articles/JORFARTI000035045921",
        CHECKED,
        "Journal officiel: agreement between France and the ACS on the participation of the "
        "Collectivité de Saint-Martin in the ACS as an associate member, signed in Havana on "
        "4 June 2016.",
    ),
    "acs-france": Source(
        "https://legal.tricoteuses.fr/articles/JORFARTI000035045922",
        CHECKED,
        "Journal officiel: protocol of 11 July 2016: France takes part in the ACS as an associate "
        "member in respect of French Guiana and Saint-Barthélemy.",
    ),
    "acs-netherlands": Source(
        "https://english.rijksdienstcn.com/latest/news/2025/june/05/bes-envoy-rijna-attends-"
        "summit-of-the-association-of-caribbean-states",
        CHECKED,
        "June 2025: the Kingdom of the Netherlands is an associate member of the ACS, as are "
        "Aruba, Curaçao and Sint Maarten; the Netherlands holds this membership on behalf of "
        "Bonaire, St. Eustatius and Saba. 25 member states and 10 associate members.",
    ),
    "acs-british-virgin-islands": Source(
        "https://bvi.org/bvi-supports-regional-cooperation-across-wider-c-bean",
        CHECKED,
        "Government of the Virgin Islands: the BVI joined the Association of Caribbean States in "
        "2018 as an Associate Member.",
    ),
}

# Where each organisation's members and associate members are listed.
MEMBERSHIP_PAGES = {OECS: "oecs-members", CARICOM: "caricom-members", ACS: "acs-members"}


class Membership(NamedTuple):
    """A country's or territory's standing in one organisation."""

    organisation: RegionalOrganisation
    status: MembershipStatus
    source: str = ""  # key of SOURCES; empty when read back from Country.memberships

    @property
    def token(self) -> str:
        """How Country.memberships stores it: "OECS:member" (no space)."""
        return f"{self.organisation}:{self.status}"

    @property
    def name(self) -> Promise:
        return ORGANISATIONS[self.organisation]

    @property
    def acronym(self) -> Promise:
        return ACRONYMS[self.organisation]

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def takes_part(self) -> bool:
        return self.status in PARTICIPATING


def _cited(organisation: RegionalOrganisation):
    def membership(status: MembershipStatus, source: str = "") -> Membership:
        return Membership(organisation, status, source or MEMBERSHIP_PAGES[organisation])

    return membership


_oecs, _caricom, _acs = _cited(OECS), _cited(CARICOM), _cited(ACS)


class Country(NamedTuple):
    code: str
    name: Promise
    memberships: tuple[Membership, ...]  # in ORGANISATIONS order, one per organisation at most


def _ordered(memberships) -> tuple[Membership, ...]:
    order = list(ORGANISATIONS)
    return tuple(sorted(memberships, key=lambda m: order.index(m.organisation)))


def _country(code: str, name: Promise, *memberships: Membership) -> tuple[str, Country]:
    return code, Country(code, name, _ordered(memberships))


# Ordered by English name.
COUNTRIES: dict[str, Country] = dict(
    [
        _country("AI", _("Anguilla"), _oecs(ASSOCIATE), _caricom(ASSOCIATE)),
        _country("AG", _("Antigua and Barbuda"), _oecs(MEMBER), _caricom(MEMBER), _acs(MEMBER)),
        _country("AW", _("Aruba"), _acs(ASSOCIATE, "acs-netherlands")),
        _country("BS", _("Bahamas"), _caricom(MEMBER), _acs(MEMBER)),
        _country("BB", _("Barbados"), _caricom(MEMBER), _acs(MEMBER)),
        _country("BZ", _("Belize"), _caricom(MEMBER), _acs(MEMBER)),
        _country("BM", _("Bermuda"), _caricom(ASSOCIATE)),
        _country(
            "BQ",
            _("Bonaire, Sint Eustatius and Saba"),
            _acs(THROUGH_NETHERLANDS, "acs-netherlands"),
        ),
        _country(
            "VG",
            _("British Virgin Islands"),
            _oecs(ASSOCIATE),
            _caricom(ASSOCIATE),
            _acs(ASSOCIATE, "acs-british-virgin-islands"),
        ),
        _country("KY", _("Cayman Islands"), _caricom(ASSOCIATE)),
        _country("CO", _("Colombia"), _acs(MEMBER)),
        _country("CR", _("Costa Rica"), _acs(MEMBER)),
        _country("CU", _("Cuba"), _acs(MEMBER)),
        _country(
            "CW",
            _("Curaçao"),
            _caricom(ASSOCIATE, "caricom-curacao"),
            _acs(ASSOCIATE, "acs-netherlands"),
        ),
        _country("DM", _("Dominica"), _oecs(MEMBER), _caricom(MEMBER), _acs(MEMBER)),
        _country(
            "DO",
            _("Dominican Republic"),
            _caricom(APPLICANT, "caricom-dominican-republic"),
            _acs(MEMBER),
        ),
        _country("SV", _("El Salvador"), _acs(MEMBER)),
        _country(
            "GF",
            _("French Guiana"),
            _caricom(APPLICANT, "caricom-applications"),
            _acs(THROUGH_FRANCE, "acs-france"),
        ),
        _country("GD", _("Grenada"), _oecs(MEMBER), _caricom(MEMBER), _acs(MEMBER)),
        _country("GT", _("Guatemala"), _acs(MEMBER)),
        _country("GY", _("Guyana"), _caricom(MEMBER), _acs(MEMBER)),
        _country("HT", _("Haiti"), _caricom(MEMBER), _acs(MEMBER)),
        _country("HN", _("Honduras"), _acs(MEMBER)),
        _country("JM", _("Jamaica"), _caricom(MEMBER), _acs(MEMBER)),
        _country("MX", _("Mexico"), _acs(MEMBER)),
        _country("MS", _("Montserrat"), _oecs(MEMBER), _caricom(MEMBER)),
        _country("NI", _("Nicaragua"), _acs(MEMBER)),
        _country("PA", _("Panama"), _acs(MEMBER)),
        _country("PR", _("Puerto Rico")),
        _country("BL", _("Saint Barthélemy"), _acs(THROUGH_FRANCE, "acs-france")),
        _country("KN", _("Saint Kitts and Nevis"), _oecs(MEMBER), _caricom(MEMBER), _acs(MEMBER)),
        _country("LC", _("Saint Lucia"), _oecs(MEMBER), _caricom(MEMBER), _acs(MEMBER)),
        _country(
            "MF",
            _("Saint Martin"),
            _oecs(ASSOCIATE, "oecs-saint-martin"),
            _acs(ASSOCIATE, "acs-saint-martin"),
        ),
        _country(
            "VC",
            _("Saint Vincent and the Grenadines"),
            _oecs(MEMBER),
            _caricom(MEMBER),
            _acs(MEMBER),
        ),
        _country(
            "SX",
            _("Sint Maarten"),
            _caricom(APPLICANT, "caricom-applications"),
            _acs(ASSOCIATE, "acs-netherlands"),
        ),
        _country("SR", _("Suriname"), _caricom(MEMBER), _acs(MEMBER)),
        _country("TT", _("Trinidad and Tobago"), _caricom(MEMBER), _acs(MEMBER)),
        _country("TC", _("Turks and Caicos Islands"), _caricom(ASSOCIATE), _acs(ASSOCIATE)),
        _country("VI", _("United States Virgin Islands")),
        _country("VE", _("Venezuela"), _acs(MEMBER)),
    ]
)

# The networks' home territories (Territory.slug) and their own memberships.
HOME_TERRITORY_MEMBERSHIPS: dict[str, tuple[Membership, ...]] = {
    "guadeloupe": _ordered(
        [_oecs(ASSOCIATE), _caricom(APPLICANT, "caricom-applications"), _acs(ASSOCIATE)]
    ),
    "martinique": _ordered(
        [_oecs(ASSOCIATE), _caricom(PENDING, "caricom-martinique"), _acs(ASSOCIATE)]
    ),
}


def tokens(memberships) -> str:
    """What Country.memberships stores: "OECS:member CARICOM:member ACS:member"."""
    return " ".join(m.token for m in _ordered(memberships))


def parse(stored: str) -> list[Membership]:
    """The memberships of a stored Country.memberships, in ORGANISATIONS order; a token that is
    no longer known (a status since renamed) is left out rather than shown wrong."""
    memberships = []
    for token in stored.split():
        organisation, _sep, status = token.partition(":")
        if organisation in ORGANISATIONS and status in MembershipStatus.values:
            memberships.append(
                Membership(RegionalOrganisation(organisation), MembershipStatus(status))
            )
    return list(_ordered(memberships))


def members_of(organisation: str, statuses=PARTICIPATING) -> list[Country]:
    """Partner countries whose standing in the organisation is one of `statuses`: by default,
    those that take part in it (members, associate members, represented territories)."""
    return [
        country
        for country in COUNTRIES.values()
        if any(m.organisation == organisation and m.status in statuses for m in country.memberships)
    ]


def member_codes(organisation: str) -> list[str]:
    """The codes of the countries that take part in the organisation: what the filters and the
    statistics look up with `country__in` (Country.memberships is for showing)."""
    return [country.code for country in members_of(organisation)]
