"""The petition app's models, one module per noun; imported from here by the rest of the
site and by the migrations."""

from petition.models.featured import FeaturedSignatory, FeaturedSignatoryQuerySet
from petition.models.petitions import (
    CURRENT_PETITION_CACHE_KEY,
    RESERVED_SLUGS,
    Demand,
    Petition,
    PetitionQuerySet,
    validate_petition_slug,
)
from petition.models.records import AuditLog, ExportFile, WithdrawalNotice
from petition.models.signatures import (
    Signature,
    SignatureQuerySet,
    delete_logo_files,
    initials,
    logo_files,
    logo_upload_to,
)

__all__ = [
    "CURRENT_PETITION_CACHE_KEY",
    "RESERVED_SLUGS",
    "AuditLog",
    "Demand",
    "ExportFile",
    "FeaturedSignatory",
    "FeaturedSignatoryQuerySet",
    "Petition",
    "PetitionQuerySet",
    "Signature",
    "SignatureQuerySet",
    "WithdrawalNotice",
    "initials",
    "logo_upload_to",
    "logo_files",
    "delete_logo_files",
    "validate_petition_slug",
]
