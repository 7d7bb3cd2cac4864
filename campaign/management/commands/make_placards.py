"""Render the campaign's placards as print-ready PDFs (A4, A3) with PNG previews."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaign.materials import placard_material_save
from campaign.placards import BY_KEY, PLACARDS, SIZES, FontMissing, Placard, file_stem, render_pdf, render_png

SCRIPTS = ("zh-hant", "zh-hans")


class Command(BaseCommand):
    help = (
        "Render the campaign's placards (Traditional and Simplified Chinese with their English lines) "
        "as print-ready PDFs with embedded fonts, and a PNG preview of each. With --materials, also "
        "put the A4 placards on the materials page (updating those already there)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default="placards", help="Folder for the files (default: placards/).")
        parser.add_argument("--size", choices=list(SIZES), action="append", help="A4, A3 (default: both).")
        parser.add_argument(
            "--script", choices=SCRIPTS, action="append", help="zh-hant, zh-hans (default: both)."
        )
        parser.add_argument(
            "--placard", choices=list(BY_KEY), action="append", help="Only this placard (default: all)."
        )
        parser.add_argument(
            "--slogan",
            help="Render your own slogan instead: Chinese lines separated by '/', in Traditional Chinese.",
        )
        parser.add_argument("--english", default="", help="With --slogan: English lines separated by '/'.")
        parser.add_argument("--no-preview", action="store_true", help="Do not write the PNG previews.")
        parser.add_argument(
            "--materials", action="store_true", help="Also add/update the A4 placards as materials."
        )
        parser.add_argument("--list", action="store_true", help="List the placards and stop.")

    def handle(self, *args, **options):
        if options["list"]:
            for placard in PLACARDS:
                self.stdout.write(
                    f"{placard.key}: {' / '.join(placard.chinese)} — {' / '.join(placard.english)}"
                )
            return
        if options["slogan"]:
            placards = [
                Placard(
                    "custom",
                    tuple(line.strip() for line in options["slogan"].split("/") if line.strip()),
                    tuple(line.strip() for line in options["english"].split("/") if line.strip()),
                )
            ]
        else:
            placards = [BY_KEY[key] for key in options["placard"]] if options["placard"] else PLACARDS
        sizes = options["size"] or list(SIZES)
        scripts = options["script"] or list(SCRIPTS)
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)

        written = 0
        try:
            for placard in placards:
                for script in scripts:
                    for size in sizes:
                        pdf = render_pdf(placard, script=script, size=size)
                        stem = output / file_stem(placard, script, size)
                        stem.with_suffix(".pdf").write_bytes(pdf)
                        written += 1
                        line = f"{stem.with_suffix('.pdf')} ({len(pdf) // 1024} KB)"
                        if not options["no_preview"]:
                            png, _width, _height = render_png(pdf)
                            stem.with_suffix(".png").write_bytes(png)
                            line += f", preview {stem.with_suffix('.png').name}"
                        self.stdout.write(line)
        except FontMissing as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"{written} placards written to {output}/."))

        if options["materials"] and not options["slogan"]:
            changed = 0
            for index, placard in enumerate(placards):
                for offset, script in enumerate(scripts):
                    _material, was_changed = placard_material_save(
                        placard, script=script, size="A4", order=index * 2 + offset
                    )
                    changed += was_changed
            self.stdout.write(self.style.SUCCESS(f"Materials page: {changed} placards added or updated."))
