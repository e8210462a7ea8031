"""Addresses in the Thai, Vietnamese, Georgian, Armenian, Azerbaijani, Indic-script, Malaysian and Bangladeshi
forms are found; prose in the same scripts with numbers, and the anchor words without an address, are not."""

from __future__ import annotations

import pytest

from ._pii_helpers import redacted

ADDRESSES = [
    "123 ถนนสุขุมวิท แขวงคลองเตย เขตคลองเตย กรุงเทพฯ 10110",
    "45/6 ซ.อารีย์ ถ.พหลโยธิน พญาไท กรุงเทพฯ 10400",
    "Số 12 Nguyễn Huệ, phường Bến Nghé, quận 1, TP. Hồ Chí Minh",
    "25 Lý Thường Kiệt Phường Tràng Tiền Quận Hoàn Kiếm Hà Nội",
    "რუსთაველის გამზ. 12, თბილისი",
    "ք. Երևան, Աբովյան 5, բն. 12",
    "Nizami küç., b. 41, m. 7",
    "12 रमेश शर्मा\nलखनऊ-226001",
    "14 முருகன் தெரு\nசென்னை 600017",
    "No. 12, Jalan Ampang, Kampung Baru, 50450 Kuala Lumpur",
    "House No. 15, Road 7, Dhanmondi, Dhaka, 1205",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_addresses_are_found(address: str) -> None:
    text = f"Please send it to:\n{address}\nThanks."
    hits = [value for rule, value in redacted(text) if rule == "pii.address"]
    assert hits and any(address[:8] in h or h in address for h in hits), hits


@pytest.mark.parametrize("text", [
    "ราคา 150 บาท ส่งฟรีทั่วประเทศ ภายใน 3 วัน",  # Thai prose with numbers
    "Năm 2023 có 12 phường mới được thành lập.",  # "wards" in a sentence, no address
    "საქართველოში 2023 წელს 3.7 მილიონი ადამიანი ცხოვრობდა",  # Georgian prose with numbers
    "Հայաստանում 2023 թվականին 3 միլիոն մարդ էր ապրում",  # Armenian prose with numbers
    "Layihə 2023-cü ildə 15 rayonda başa çatdı.",  # Azerbaijani prose
    "2023 में 12 लाख लोगों ने भाग लिया",  # Hindi prose with numbers
    "House No. 15 is a TV series first aired in 2012.",
    "Run 12 Jalan tests; see section 3.",
])
def test_prose_in_the_same_scripts_is_not_an_address(text: str) -> None:
    assert [rule for rule, _ in redacted(text) if rule == "pii.address"] == []
