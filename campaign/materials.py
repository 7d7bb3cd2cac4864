"""Campaign materials: previews on upload, counted downloads, a ZIP per language, placards.

The verbs here are called from the admin, the views, `make_placards` and the demo.
"""

import hashlib
import tempfile
import zipfile
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import translation

from campaign.documents import LANGUAGE_NAMES, render_document, render_sign_sheets
from campaign.models import Material
from campaign.placards import render_pdf
from core import uploads
from core.i18n import convert
from core.storage import open_stream

ZIP_FOLDER = "materials/zip"


def material_prepare(material):
    """Fill size and content type, make the SVG safe and make the preview (before saving).

    Call it whenever the file changed: the admin does on each upload.
    """
    upload = material.file
    data = uploads.read_all(upload)
    extension = PurePosixPath(upload.name).suffix.lower()
    if extension == ".svg":
        data = uploads.sanitize_svg(data)
        material.file = ContentFile(data, name=PurePosixPath(upload.name).name)
    material.file_size = len(data)
    material.content_type = uploads.CONTENT_TYPES.get(extension, "application/octet-stream")
    _set_preview(material, data, extension)


def _set_preview(material, data, extension):
    if material.preview:
        material.preview.delete(save=False)
    stem = PurePosixPath(material.file.name).stem
    if extension == ".svg":
        size = uploads.svg_size(data) or (None, None)
        material.preview.save(f"{stem}-preview.svg", ContentFile(data), save=False)
        material.preview_width, material.preview_height = size
        return
    made = uploads.preview_png(data, extension)
    if made is None:
        material.preview = ""
        material.preview_width = material.preview_height = None
        return
    png, width, height = made
    material.preview.save(f"{stem}-preview.png", ContentFile(png), save=False)
    material.preview_width, material.preview_height = width, height


def material_count_download(*, pk):
    """Count one download in the database (no lost update under concurrency); False if none such."""
    return Material.objects.shown().filter(pk=pk).update(download_count=F("download_count") + 1) == 1


# --- Download all ----------------------------------------------------------------


def _zip_members(materials):
    """(name in the archive, material): readable, unique names grouped by kind."""
    seen = set()
    members = []
    for material in materials:
        folder = str(material.get_kind_display())
        name = f"{folder}/{material.download_filename()}"
        n = 1
        while name in seen:
            n += 1
            stem, dot, ext = material.download_filename().rpartition(".")
            name = f"{folder}/{stem}-{n}{dot}{ext}"
        seen.add(name)
        members.append((name, material))
    return members


def materials_zip(language):
    """The storage name of a ZIP of every shown material for `language`, built once.

    The name carries a fingerprint of the materials and of the reader's language (the
    file names inside are translated), so any change gives a new archive and an
    unchanged set is served from storage without rebuilding.
    """
    materials = list(Material.objects.shown().in_language(language).order_by("kind", "order", "id"))
    if not materials:
        return None
    members = _zip_members(materials)
    fingerprint = hashlib.sha256(
        repr(
            [translation.get_language()]
            + [(name, m.pk, m.file.name, m.updated_at.isoformat()) for name, m in members]
        ).encode()
    ).hexdigest()[:16]
    name = f"{ZIP_FOLDER}/materials-{language}-{fingerprint}.zip"
    if default_storage.exists(name):
        return name
    with tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024) as buffer:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for member, material in members:
                source = open_stream(material.file.storage, material.file.name)
                with source, archive.open(member, "w") as target:
                    while chunk := source.read(1024 * 1024):
                        target.write(chunk)
        buffer.seek(0)
        if not default_storage.exists(name):  # another request may have just built it
            saved = default_storage.save(name, buffer)
            if saved != name:  # lost a race: keep one copy
                default_storage.delete(saved)
    return name


# --- Placards ---------------------------------------------------------------------

PLACARD_DESCRIPTIONS = {
    "en": "Print-ready {size} placard in {script}, with its English lines. The slogan: {english}.",
    "zh-hant": "可直接列印的 {size} 標語牌（{script}），附英文標語：{english}。",
}
SCRIPT_NAMES = {
    "en": {"zh-hant": "Traditional Chinese", "zh-hans": "Simplified Chinese"},
    "zh-hant": {"zh-hant": "繁體中文", "zh-hans": "簡體中文"},
}
MTR_NOTE = {
    "en": " First carried at the protest outside the MTR's offices.",
    "zh-hant": "曾於港鐵辦事處外的抗議中使用。",
}


def placard_material_save(placard, *, script, size="A4", order=0):
    """Create or update the Material holding one generated placard; returns (material, changed)."""
    key = f"placard:{placard.key}:{script}:{size.lower()}"
    pdf = render_pdf(placard, script=script, size=size)
    material = Material.objects.filter(generated_key=key).first() or Material(generated_key=key)

    english = placard.english_title()
    chinese = placard.chinese_title(script)
    material.kind = Material.Kind.PLACARD
    material.language = script
    material.order = order
    material.title_en = f"{english} ({SCRIPT_NAMES['en'][script]}, {size})"
    title_zh = f"{chinese}（{SCRIPT_NAMES['zh-hant'][script]}，{size}）"
    material.title_zh_hant = convert(title_zh, source="zh-hans", target="zh-hant")
    material.title_zh_hans = convert(title_zh, source="zh-hant", target="zh-hans")
    note = {lang: MTR_NOTE[lang] if placard.context == "mtr" else "" for lang in MTR_NOTE}
    material.description_en = (
        PLACARD_DESCRIPTIONS["en"].format(size=size, script=SCRIPT_NAMES["en"][script], english=english)
        + note["en"]
    )
    description_zh = (
        PLACARD_DESCRIPTIONS["zh-hant"].format(
            size=size, script=SCRIPT_NAMES["zh-hant"][script], english=english
        )
        + note["zh-hant"]
    )
    material.description_zh_hant = description_zh
    material.description_zh_hans = convert(description_zh, source="zh-hant", target="zh-hans")
    material.preview_alt_en = f"Placard: {chinese} – {english}"
    material.preview_alt_zh_hant = convert(f"標語牌：{chinese}", source="zh-hans", target="zh-hant")
    material.preview_alt_zh_hans = convert(f"标语牌：{chinese}", source="zh-hant", target="zh-hans")

    unchanged = bool(material.pk and material.file and _same_bytes(material.file, pdf))
    if not unchanged:
        with transaction.atomic():
            old = material.file.name if material.file else None
            material.file = ContentFile(pdf, name=f"placard-{placard.key}-{script}-{size.lower()}.pdf")
            material_prepare(material)
            material.save()
            if old and old != material.file.name:
                default_storage.delete(old)
    else:
        material.save()
    return material, not unchanged


def _same_bytes(field_file, data):
    try:
        with field_file.open("rb") as handle:
            return hashlib.sha256(handle.read()).digest() == hashlib.sha256(data).digest()
    except (FileNotFoundError, OSError):
        return False


DOCUMENT_TITLES = {
    # The document's whole title, then its language and paper size as one sentence.
    "en": "{title} ({language}, {size})",
    "zh-hant": "{title}（{language}，{size}）",
}
DOCUMENT_DESCRIPTION_SIZE = {
    "en": " Print-ready PDF, {size} paper.",
    "zh-hant": "可直接列印的 PDF，{size} 紙張。",
}
SIGN_SHEET = {
    "title": {"en": "Paper sign sheet", "zh-hant": "紙本聯署表格"},
    "description": {
        "en": "Twelve signatures a page, with the consent wording in English, Traditional and Simplified "
        "Chinese and a QR code to sign online. Write on each sheet the number an organiser gives you, "
        "then hand the sheets in to be counted.",
        "zh-hant": "每頁可供十二人簽署，附英文、繁體及簡體中文的同意聲明，以及網上聯署的二維碼。"
        "請在每張表格上填寫組織者給你的編號，然後交回計算。",
    },
}


def _translated_text(material, field, en, zh_hant):
    setattr(material, f"{field}_en", en)
    setattr(material, f"{field}_zh_hant", zh_hant)
    setattr(material, f"{field}_zh_hans", convert(zh_hant, source="zh-hant", target="zh-hans"))


def _save_generated(material, pdf, file_name):
    unchanged = bool(material.pk and material.file and _same_bytes(material.file, pdf))
    if not unchanged:
        with transaction.atomic():
            old = material.file.name if material.file else None
            material.file = ContentFile(pdf, name=file_name)
            material_prepare(material)
            material.save()
            if old and old != material.file.name:
                default_storage.delete(old)
    else:
        material.save()
    return material, not unchanged


def document_material_save(document, *, language, size, site_url, order=0):
    """Create or update the Material holding one generated document in `language` on
    `size` paper; returns (material, changed)."""
    key = f"document:{document.key}:{language}:{size.lower()}"
    pdf = render_document(document, language=language, size=size, site_url=site_url)
    material = Material.objects.filter(generated_key=key).first() or Material(generated_key=key)
    material.kind = document.kind
    material.language = language
    material.order = order
    names = LANGUAGE_NAMES
    title_en = DOCUMENT_TITLES["en"].format(
        title=document.title["en"], language=names["en"][language], size=size
    )
    title_zh = DOCUMENT_TITLES["zh-hant"].format(
        title=document.title["zh-hant"], language=names["zh-hant"][language], size=size
    )
    _translated_text(material, "title", title_en, title_zh)
    _translated_text(
        material,
        "description",
        document.description["en"] + DOCUMENT_DESCRIPTION_SIZE["en"].format(size=size),
        document.description["zh-hant"] + DOCUMENT_DESCRIPTION_SIZE["zh-hant"].format(size=size),
    )
    _translated_text(
        material,
        "preview_alt",
        f"First page: {document.title['en']}",
        f"第一頁：{document.title['zh-hant']}",
    )
    return _save_generated(material, pdf, document.file_name(language, size))


def sign_sheet_material_save(*, site_url, order=0):
    """The paper sign sheet on the materials page (its number left blank); returns (material, changed)."""
    pdf = render_sign_sheets(first=None, count=1, site_url=site_url)
    key = "document:sign-sheet:multilingual:a4"
    material = Material.objects.filter(generated_key=key).first() or Material(generated_key=key)
    material.kind = Material.Kind.LEAFLET
    material.language = Material.Language.BILINGUAL
    material.order = order
    _translated_text(material, "title", SIGN_SHEET["title"]["en"], SIGN_SHEET["title"]["zh-hant"])
    _translated_text(
        material, "description", SIGN_SHEET["description"]["en"], SIGN_SHEET["description"]["zh-hant"]
    )
    _translated_text(material, "preview_alt", SIGN_SHEET["title"]["en"], SIGN_SHEET["title"]["zh-hant"])
    return _save_generated(material, pdf, "sign-sheet-multilingual-a4.pdf")
