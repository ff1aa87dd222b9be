"""The email for a report, built as a pure function of its parts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from sitrep.config import Email, split_address


@dataclass(frozen=True)
class Parts:
    """What the message says and carries."""

    subject: str
    text: str
    html: str
    attachment_name: str
    attachment: bytes


@dataclass(frozen=True)
class Envelope:
    """Who the server hands the message to: every recipient, Bcc included."""

    sender: str
    recipients: tuple[str, ...]


def build(cfg: Email, parts: Parts, when: datetime, message_id: str, draft: bool = False
          ) -> tuple[EmailMessage, Envelope]:
    """The message (Bcc only in the envelope) and its envelope; ``draft`` marks it unsent."""
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = one_line(parts.subject)
    msg["From"] = address(cfg.sender)
    for header, values in (("To", cfg.to), ("Cc", cfg.cc), ("Reply-To", cfg.reply_to)):
        if values:
            msg[header] = [address(value) for value in values]
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id
    if draft:
        msg["X-Unsent"] = "1"  # Outlook and others open such a file as a draft to send
    msg.set_content(parts.text, cte="quoted-printable")
    msg.add_alternative(parts.html, subtype="html", cte="quoted-printable")
    msg.add_attachment(parts.attachment, maintype="application", subtype="pdf",
                       filename=parts.attachment_name)
    recipients = _unique(addr_spec(a) for a in (*cfg.to, *cfg.cc, *cfg.bcc))
    return msg, Envelope(addr_spec(cfg.sender), recipients)


def address(text: str) -> Address:
    """A header address from a config value (checked when config.yaml was read)."""
    name, spec = _split(text)
    user, domain = spec.rsplit("@", 1)
    return Address(display_name=one_line(name), username=user, domain=domain)


def addr_spec(text: str) -> str:
    """The bare address: ``im@example.org`` from ``IM Unit <im@example.org>``."""
    return _split(text)[1]


def one_line(text: str) -> str:
    """Text safe for a header: every run of white space, line breaks included, one space."""
    return " ".join(text.split())


def _split(text: str) -> tuple[str, str]:
    parts = split_address(text)
    if parts is None:  # config validation refuses these; never build a header from one
        raise ValueError(f"not an email address: {text!r}")
    return parts


def _unique(addresses: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in addresses:
        seen.setdefault(item.lower(), item)
    return tuple(seen.values())
