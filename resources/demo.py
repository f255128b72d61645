"""Eight fictional resources of the library (demo): guides, templates, reports, minutes,
recordings of past trainings, a picture; one members-only.

Their files are made here (a PDF with a page of text, an Excel budget template written with
openpyxl, a Word document, a PNG map): no binary file in the repository. Each goes through the
coordinators' form (ResourceForm), its file checked by content as an upload is, then through
`resource_save`. Called once, after the demo accounts, on an empty resources table.
"""

import zipfile
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from openpyxl.styles import Font
from PIL import Image, ImageDraw

from members.models import Territory, User
from toolbox.forms import relations_of

from .enums import ResourceAudience as A
from .enums import ResourceKind as K
from .forms import ResourceForm
from .models import Resource
from .services import resource_save

# ---------------------------------------------------------------------------------------------
# Files


def pdf_document(title: str, lines: list[str]) -> bytes:
    """A one-page PDF (A4, Helvetica) holding `title` and `lines`: what any reader opens."""

    def text(value: str) -> bytes:
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return escaped.encode("cp1252", errors="replace")

    content = b"BT /F1 16 Tf 56 780 Td (" + text(title) + b") Tj /F1 11 Tf"
    for line in lines:
        content += b" 0 -22 Td (" + text(line) + b") Tj"
    content += b" ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 5 0 R>>>>"
        b"/Contents 4 0 R>>",
        b"<</Length %d>>stream\n" % len(content) + content + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(output)


def budget_template() -> bytes:
    """The budget of a cooperation project as funders ask for it: expenses and resources."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Budget prévisionnel"
    rows = [
        ["Budget prévisionnel du projet de coopération", None],
        ["Dépenses", "Montant (€)"],
        ["Déplacements (billets, visas, assurances)", 0],
        ["Hébergement et restauration", 0],
        ["Frais de personnel affectés au projet", 0],
        ["Matériel et équipements", 0],
        ["Communication et restitution", 0],
        ["Total des dépenses", "=SUM(B3:B7)"],
        [None, None],
        ["Ressources", "Montant (€)"],
        ["Fonds de coopération régionale (FCR)", 0],
        ["Région ou Collectivité territoriale", 0],
        ["Fonds propres de la structure", 0],
        ["Partenaire caribéen (valorisation)", 0],
        ["Total des ressources", "=SUM(B11:B14)"],
    ]
    for row in rows:
        sheet.append(row)
    for cell in ("A1", "A2", "A8", "A10", "A15"):
        sheet[cell].font = Font(bold=True)
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 16
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


_WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"


def word_document(paragraphs: list[str]) -> bytes:
    """A Word document (.docx) of plain paragraphs, with the parts Word needs."""

    def escape(value: str) -> str:
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="{_RELATIONSHIPS}"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{_WORD}"><w:body>{body}</w:body></w:document>'
        ),
    }
    output = BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return output.getvalue()


def partners_map() -> bytes:
    """A schematic map: Martinique and the partner islands, linked."""
    image = Image.new("RGB", (640, 400), (225, 240, 248))
    draw = ImageDraw.Draw(image)
    islands = {"martinique": (320, 210), "lc": (340, 300), "dm": (300, 110), "tt": (430, 370)}
    for name, (x, y) in islands.items():
        colour = (0, 110, 80) if name == "martinique" else (210, 120, 40)
        draw.ellipse((x - 18, y - 12, x + 18, y + 12), fill=colour)
        if name != "martinique":
            draw.line((320, 210, x, y), fill=(30, 60, 120), width=3)
    output = BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


# ---------------------------------------------------------------------------------------------
# The resources

GP, MQ, BOTH = "guadeloupe", "martinique", None

# (title, kind, territory, audience, language, themes, file (name, content) or None, link,
#  description)
# fmt: off
RESOURCES = [
    ("Guide du montage d'un dossier FCR", K.GUIDE, GP, A.PUBLIC, "fr", ["local-governance"],
     ("guide-fcr.pdf", lambda: pdf_document("Guide du montage d'un dossier FCR", [
         "1. Vérifier l'éligibilité du porteur et du partenaire caribéen.",
         "2. Rédiger la fiche projet : objectifs, activités, calendrier.",
         "3. Établir le budget prévisionnel et le plan de financement.",
         "4. Déposer le dossier auprès de la préfecture avant la date limite."])),
     "",
     "Les étapes du dépôt d'une demande au Fonds de coopération régionale de la préfecture : éligibilité, pièces à fournir, budget, calendrier d'instruction et conseils de la coordination."),
    ("Modèle de budget prévisionnel d'un projet de coopération", K.TEMPLATE, BOTH, A.PUBLIC, "fr", ["economic-development"],
     ("budget.xlsx", budget_template), "",
     "Le tableau des dépenses et des ressources que demandent le FCR, la Région et Interreg Caraïbes, avec les totaux calculés. À compléter et à joindre au dossier."),
    ("Rapport d'activité 2025 du réseau de Martinique", K.REPORT, MQ, A.PUBLIC, "fr", [],
     ("rapport-2025.pdf", lambda: pdf_document("Rapport d'activité 2025", [
         "42 structures accompagnées, 12 formations, 3 missions en Sainte-Lucie.",
         "Bilan des projets cofinancés et perspectives 2026."])),
     "",
     "Le bilan de l'année : structures accompagnées, formations, missions dans la Caraïbe et projets cofinancés."),
    ("Replay — formation « Monter un projet Interreg Caraïbes »", K.VIDEO, GP, A.PUBLIC, "fr", ["economic-development", "environment-climate"],
     None, "https://videos.rrma-antilles.example/replays/interreg-caraibes-2026",
     "L'enregistrement de la formation du réseau de Guadeloupe : le programme, les partenariats éligibles, le montage financier et les questions des participants."),
    ("Compte rendu de l'assemblée générale 2026", K.MINUTES, GP, A.MEMBERS, "fr", [],
     ("ag-2026.pdf", lambda: pdf_document("Assemblée générale 2026 - compte rendu", [
         "Approbation des comptes et du rapport moral.",
         "Élection du comité de pilotage et feuille de route 2026-2027."])),
     "",
     "Réservé aux membres : les décisions de l'assemblée générale, les comptes approuvés et la feuille de route du réseau."),
    ("Modèle de convention de partenariat avec une structure caribéenne", K.TEMPLATE, BOTH, A.PUBLIC, "fr", ["local-governance"],
     ("convention.docx", lambda: word_document([
         "Convention de partenariat",
         "Entre : la structure porteuse, ci-après « le porteur »,",
         "Et : le partenaire caribéen, ci-après « le partenaire ».",
         "Article 1 - Objet de la convention.",
         "Article 2 - Engagements des parties.",
         "Article 3 - Durée et modalités financières."])),
     "",
     "Une convention type à adapter : objet, engagements réciproques, durée, modalités financières et règlement des différends."),
    ("Carte des partenariats de la Martinique dans la Caraïbe", K.OTHER, MQ, A.PUBLIC, "fr", [],
     ("carte.png", partners_map), "",
     "Les îles partenaires des structures martiniquaises : Sainte-Lucie, la Dominique, Trinité-et-Tobago."),
    ("Regional cooperation toolkit for Caribbean partners", K.GUIDE, BOTH, A.PUBLIC, "en", ["education-training"],
     None, "https://toolkit.rrma-antilles.example/en/",
     "The networks' toolkit in English, for partners in Saint Lucia, Dominica and Trinidad and Tobago: how French funding works, who to contact, what to prepare."),
]
# fmt: on


def _form(row) -> ResourceForm:
    title, kind, territory, audience, language, themes, file, url, description = row
    data = {
        "title": title,
        "description": description,
        "kind": kind,
        "language": language,
        "themes": themes,
        "url": url,
        "audience": audience,
        "status": Resource.Status.PUBLISHED,
        "territory": str(Territory.objects.get(slug=territory).pk) if territory else "",
        "working_group": "",
    }
    files = {}
    if file is not None:
        name, make = file
        files["file"] = SimpleUploadedFile(name, make())
    return ResourceForm(data, files, publishing=Territory.objects.all())


def load_demo_resources(*, by: dict[str, User]) -> list[Resource]:
    """Create the demo resources through the coordinators' form; `by` gives each territory's
    coordinator (the author of its resources; Guadeloupe's adds those of both networks)."""
    resources = []
    for row in RESOURCES:
        form = _form(row)
        if not form.is_valid():
            raise ValidationError(f"Demo resource {row[0]}: {form.errors.as_json()}")
        author = by[row[2] or GP]
        resources.append(
            resource_save(resource=form.save(commit=False), relations=relations_of(form), by=author)
        )
    return resources
