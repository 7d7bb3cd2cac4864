"""The petition app's models, one module per noun; imported from here by the rest of the
site and by the migrations."""

from petition.models.featured import FeaturedSignatory, FeaturedSignatoryQuerySet
from petition.models.offers import HelpOffer, HelpOfferQuerySet
from petition.models.paper import PaperBatch, PaperSheet, PaperSignature, PaperSignatureQuerySet
from petition.models.partner_signers import PartnerSigner
from petition.models.partners import Partner, PartnerQuerySet
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
from petition.models.tally import PetitionTally, PetitionTallyQuerySet
from petition.models.timeline import TimelineEntry

__all__ = [
    "CURRENT_PETITION_CACHE_KEY",
    "RESERVED_SLUGS",
    "AuditLog",
    "Demand",
    "ExportFile",
    "FeaturedSignatory",
    "FeaturedSignatoryQuerySet",
    "HelpOffer",
    "HelpOfferQuerySet",
    "PaperBatch",
    "PaperSheet",
    "PaperSignature",
    "PaperSignatureQuerySet",
    "Partner",
    "PartnerQuerySet",
    "PartnerSigner",
    "Petition",
    "PetitionQuerySet",
    "PetitionTally",
    "PetitionTallyQuerySet",
    "Signature",
    "SignatureQuerySet",
    "TimelineEntry",
    "WithdrawalNotice",
    "initials",
    "logo_upload_to",
    "logo_files",
    "delete_logo_files",
    "validate_petition_slug",
]
