"""Role mailboxes and freephone, shared-cost and premium-rate lines are an organisation's service contacts, not a
person's: reported as info and left in place, while a person's address or number beside them is redacted."""

from __future__ import annotations

import phonenumbers
import pytest

from aiwarden.core.findings import Severity
from aiwarden.guard import pii_phones
from aiwarden.guard.pii_public_contacts import role_mailbox_reason, service_number_reason
from tests.guard._pii_helpers import found, redacted


@pytest.mark.parametrize("address", [
    "support@lantern-tools.io", "security@vertexa.dev", "abuse@hostcraft.net", "no-reply@mail.quillpay.com",
    "noreply@quillpay.com", "do_not_reply@quillpay.com", "privacy@orbitly.app", "postmaster@kettle.coop",
    "support2@lantern-tools.io", "sales-01@lantern-tools.io", "contact-us@kettle.coop", "security-team@vertexa.dev",
    "Careers@Orbitly.app",
    "customer.support@lantern-tools.io",
])
def test_a_role_mailbox_is_shown_as_info_and_left_in_place(address: str) -> None:
    text = f"Questions go to {address} during office hours."
    assert found(text) == [("pii.email", address, Severity.INFO)]
    assert role_mailbox_reason(address) is not None


@pytest.mark.parametrize("address", [
    "jonas.petrova@lantern-tools.io", "support.jonas@lantern-tools.io", "admin.kenji@vertexa.dev",
    "helena@orbitly.app", "infoanna@orbitly.app", "sales.manager.li@quillpay.com", "de@quillpay.com",
    "info.al@quillpay.com",
])
def test_a_person_s_address_that_shares_a_role_word_is_redacted(address: str) -> None:
    assert redacted(f"Write to {address} directly.") == [("pii.email", address)]


def test_a_person_s_address_beside_a_role_mailbox_is_still_redacted() -> None:
    text = "Copy security@vertexa.dev and Mira Okafor (mira.okafor@vertexa.dev) on the report."
    assert redacted(text) == [("pii.email", "mira.okafor@vertexa.dev")]


@pytest.mark.parametrize(("number", "region", "kind"), [
    ("1-877-394-2210", "US", phonenumbers.PhoneNumberType.TOLL_FREE),
    ("(866) 402-7319", "US", phonenumbers.PhoneNumberType.TOLL_FREE),
    ("0808 196 4421", "GB", phonenumbers.PhoneNumberType.TOLL_FREE),
    ("+49 800 3301000", None, phonenumbers.PhoneNumberType.TOLL_FREE),
    ("+44 800 028 4713", None, phonenumbers.PhoneNumberType.TOLL_FREE),
    ("0900 123 4567", "NL", phonenumbers.PhoneNumberType.PREMIUM_RATE),
])
def test_a_service_number_is_shown_as_info_and_left_in_place(number: str, region: str | None,
                                                              kind: int) -> None:
    assert phonenumbers.number_type(phonenumbers.parse(number, region)) == kind
    text = f"Call our helpline on {number}, open around the clock."
    assert found(text) == [("pii.phone", number, Severity.INFO)]


@pytest.mark.parametrize("number", ["(312) 846-2291", "+44 20 3847 1192", "06 12 34 56 78", "+1 415 830 2291"])
def test_an_ordinary_number_beside_the_same_words_is_redacted(number: str) -> None:
    assert redacted(f"Call our helpline on {number}, open around the clock.") == [("pii.phone", number)]


def test_a_person_s_mobile_beside_a_freephone_line_is_still_redacted() -> None:
    text = "Call 1-877-394-2210 for the desk, or Dana directly on (312) 846-2291."
    assert redacted(text) == [("pii.phone", "(312) 846-2291")]


def test_the_service_type_is_read_where_the_number_is_valid() -> None:
    regions = pii_phones.DEFAULT_REGIONS
    assert service_number_reason("0800 123 4567", regions) == "a toll-free service number"
    assert service_number_reason("020 7123 4567", regions) is None
    assert service_number_reason("+1 877 394 2210", ("DE",)) == "a toll-free service number"


def test_a_prefix_that_is_freephone_in_one_country_is_read_for_the_country_the_text_names() -> None:
    number = "080-8812-3456"  # 0808 is UK freephone; 080 starts a Japanese mobile
    assert phonenumbers.number_type(phonenumbers.parse(number, "GB")) == phonenumbers.PhoneNumberType.TOLL_FREE
    assert phonenumbers.number_type(phonenumbers.parse(number, "JP")) == phonenumbers.PhoneNumberType.MOBILE
    assert redacted(f"Our office in Japan: {number}.") == [("pii.phone", number)]
    assert found("Call 0808 812 3456, free from any UK line.") == [("pii.phone", "0808 812 3456", Severity.INFO)]


def test_a_number_grouped_as_another_country_writes_it_is_read_there() -> None:
    # valid UK freephone digits, but grouped 3-4-4 as Japan writes its mobiles, not 4-3-4 as the UK writes 0808
    assert redacted("Call 080-8812-3456 tonight.") == [("pii.phone", "080-8812-3456")]
    assert found("Call 0808 812 3456 tonight.") == [("pii.phone", "0808 812 3456", Severity.INFO)]
