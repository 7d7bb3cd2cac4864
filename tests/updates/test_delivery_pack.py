"""The delivery pack: the listed names in their own scripts in the PDF's text layer, and
the fingerprint printed on every page matching a recomputation."""

import hashlib
import re
import zipfile

import pypdfium2 as pdfium
import pytest
from django.core.files.storage import storages

from tests.factories import ConfirmedSignatureFactory
from updates import pack, services
from updates.models import DeliveryPack

pytestmark = pytest.mark.django_db


def page_texts(data):
    document = pdfium.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


@pytest.fixture
def signers(petition):
    ConfirmedSignatureFactory(petition=petition, name="陳大文", display="full")
    ConfirmedSignatureFactory(petition=petition, name="张小明", display="full")
    ConfirmedSignatureFactory(petition=petition, name="Chan Tai Man", display="initials")
    ConfirmedSignatureFactory(petition=petition, name="Hidden Person", display="unlisted")
    ConfirmedSignatureFactory(petition=petition, name="Trade Union", kind="organisation")


def test_the_pack_lists_names_as_chosen_in_both_scripts_with_the_fingerprint_on_every_page(
    petition, signers, settings, tmp_path, commit
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    record = DeliveryPack.objects.create(petition=petition)
    with commit():
        services.delivery_pack_queue(pack=record)
    record.refresh_from_db()
    assert record.state == DeliveryPack.State.READY and record.listed == 3
    expected = hashlib.sha256("陳大文\n张小明\nC. T. M.\n".encode()).hexdigest()
    assert record.fingerprint == expected == pack.list_fingerprint(petition)
    with storages["private"].open(record.file_name, "rb") as handle:
        texts = page_texts(handle.read())
    everything = "\n".join(texts)
    for name in ("陳大文", "张小明", "C. T. M.", "Trade Union"):
        assert name in everything
    assert "Chan Tai Man" not in everything and "Hidden Person" not in everything
    assert all(expected in re.sub(r"\s", "", text) for text in texts)


def test_a_long_list_is_written_in_volumes_with_bounded_pages(petition, settings, tmp_path, monkeypatch):
    monkeypatch.setattr(pack, "VOLUME_PAGES", 1)
    for number in range(400):
        ConfirmedSignatureFactory(petition=petition, name=f"Name {number}")
    destination = tmp_path / "pack.zip"
    fingerprint, count, kind = pack.build_pack(petition, destination)
    assert (count, kind) == (400, "zip")
    with zipfile.ZipFile(destination) as archive:
        volumes = archive.namelist()
        texts = [text for name in volumes for text in page_texts(archive.read(name))]
    assert len(volumes) >= 2
    assert sum(text.count("Name ") for text in texts) == 400
    assert all(fingerprint in re.sub(r"\s", "", text) for text in texts)
