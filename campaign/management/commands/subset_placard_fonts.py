"""Rebuild the small Noto Sans CJK subsets shipped in campaign/fonts/ for the placards."""

import logging

from django.core.management.base import BaseCommand, CommandError

from campaign.placards import BUNDLED_FONTS, INSTALL_HINT, placard_characters, system_font

# Besides the slogans: printable ASCII, general punctuation, CJK and full-width punctuation.
EXTRA_RANGES = [(0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x2027), (0x3000, 0x303F), (0xFF01, 0xFF5E)]


class Command(BaseCommand):
    help = (
        "Cut the placard fonts in campaign/fonts/ from the system's Noto Sans CJK Bold, keeping "
        "only the characters the placards print. Run it after changing the slogans in "
        "campaign/placards.py."
    )

    def handle(self, *args, **options):
        from fontTools import subset

        logging.getLogger("fontTools").setLevel(logging.WARNING)

        unicodes = {ord(ch) for ch in placard_characters()}
        for start, end in EXTRA_RANGES:
            unicodes.update(range(start, end + 1))
        for script, target in BUNDLED_FONTS.items():
            source = system_font(script)
            if source is None:
                raise CommandError(INSTALL_HINT)
            opts = subset.Options()
            opts.font_number = source.index
            opts.name_IDs = ["*"]
            opts.name_languages = ["*"]
            opts.notdef_outline = True
            opts.recalc_bounds = True
            font = subset.load_font(str(source.path), opts)
            subsetter = subset.Subsetter(opts)
            subsetter.populate(unicodes=unicodes)
            subsetter.subset(font)
            target.parent.mkdir(parents=True, exist_ok=True)
            subset.save_font(font, str(target), opts)
            self.stdout.write(f"{target.name}: {len(unicodes)} characters from {source.path.name}")
