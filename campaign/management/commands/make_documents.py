"""Render the campaign's documents (leaflet, statement, model motion, letter to an MP,
student pack) and the paper sign sheets as print-ready PDFs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaign.documents import BY_KEY, DOCUMENTS, LANGUAGES, render_document, render_sign_sheets, sign_url
from campaign.materials import document_material_save, sign_sheet_material_save
from campaign.placards import FontMissing


class Command(BaseCommand):
    help = (
        "Render the leaflet (A5, A4), the statement (A4, A3), the model motion, the model letter to an "
        "MP and the student pack (A4) in English, Traditional and Simplified Chinese as PDFs with "
        "embedded fonts. With --materials, put them on the materials page. With --sheets N --first M, "
        "render N paper sign sheets numbered from M instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default="documents", help="Folder for the files (default: documents/)."
        )
        parser.add_argument("--document", choices=list(BY_KEY), action="append", help="Only this document.")
        parser.add_argument("--language", choices=LANGUAGES, action="append", help="Only this language.")
        parser.add_argument("--materials", action="store_true", help="Add/update them as materials instead.")
        parser.add_argument("--sheets", type=int, default=0, help="Render this many numbered sign sheets.")
        parser.add_argument("--first", type=int, default=1, help="The first sign sheet's number.")

    def handle(self, *args, **options):
        output = Path(options["output"])
        try:
            if options["sheets"]:
                self._sheets(output, options["first"], options["sheets"])
                return
            documents = [BY_KEY[key] for key in options["document"]] if options["document"] else DOCUMENTS
            languages = options["language"] or LANGUAGES
            for order, document in enumerate(documents):
                for language in languages:
                    for size in document.sizes:
                        self._one(document, language, size, output, options["materials"], order)
            if options["materials"]:
                sign_sheet_material_save(site_url=sign_url("en", "paper"), order=len(documents))
                self.stdout.write("sign sheet: on the materials page")
        except FontMissing as exc:
            raise CommandError(str(exc)) from exc

    def _one(self, document, language, size, output, materials, order):
        url = sign_url(language, document.key)
        if materials:
            material, changed = document_material_save(
                document, language=language, size=size, site_url=url, order=100 + order
            )
            self.stdout.write(f"{material.file.name}: {'updated' if changed else 'unchanged'}")
            return
        output.mkdir(parents=True, exist_ok=True)
        path = output / document.file_name(language, size)
        path.write_bytes(render_document(document, language=language, size=size, site_url=url))
        self.stdout.write(str(path))

    def _sheets(self, output, first, count):
        if first < 1 or not 1 <= count <= 1000:
            raise CommandError("--first must be 1 or more and --sheets between 1 and 1000.")
        output.mkdir(parents=True, exist_ok=True)
        path = output / f"sign-sheets-{first:05d}-{first + count - 1:05d}.pdf"
        path.write_bytes(render_sign_sheets(first=first, count=count, site_url=sign_url("en", "paper")))
        self.stdout.write(str(path))
