"""One signature per mailbox, whatever the spelling of the address."""

import pytest

from petition.addresses import canonical_email, email_domain, is_webmail, normalise_email


@pytest.mark.parametrize(
    "variant",
    [
        "chan@example.org",
        "  chan@example.org ",
        "Chan@Example.ORG",
        "CHAN@example.org.",
        "chan+petition@example.org",
        "chan+a+b@example.org",
    ],
)
def test_spellings_of_one_mailbox_share_a_canonical_form(variant):
    assert canonical_email(variant) == "chan@example.org"


@pytest.mark.parametrize(
    "variant", ["c.h.a.n@gmail.com", "Chan@GoogleMail.com", "ch.an+hk@googlemail.com", "chan@gmail.com"]
)
def test_gmail_dots_and_googlemail_fold_into_one_address(variant):
    assert canonical_email(variant) == "chan@gmail.com"


def test_dots_count_outside_gmail():
    assert canonical_email("c.han@example.org") != canonical_email("chan@example.org")


def test_an_international_domain_is_compared_in_ascii():
    assert canonical_email("chan@例子.中国") == canonical_email("chan@xn--fsqu00a.xn--fiqs8s")


def test_an_address_that_is_only_a_plus_tag_keeps_it():
    assert canonical_email("+hk@example.org") == "+hk@example.org"


def test_the_address_mailed_keeps_its_spelling_with_a_lowercase_domain():
    assert normalise_email(" Chan.Tai+hk@Example.ORG ") == "Chan.Tai+hk@example.org"


def test_webmail_domains_are_recognised_after_folding():
    assert is_webmail(email_domain("someone@GoogleMail.com"))
    assert is_webmail(email_domain("someone@qq.com"))
    assert not is_webmail(email_domain("someone@union.example.org"))
