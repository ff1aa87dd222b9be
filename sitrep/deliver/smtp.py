"""Send a message over SMTP (STARTTLS, implicit TLS or none), with errors a person can act on."""

from __future__ import annotations

import smtplib
import ssl

from sitrep.config import Smtp
from sitrep.deliver.files import size
from sitrep.deliver.message import Envelope
from sitrep.errors import DeliveryError


def send(data: bytes, envelope: Envelope, cfg: Smtp, password: str | None,
         context: ssl.SSLContext) -> None:
    """Hand ``data`` to the server for every envelope recipient, or to none of them."""
    where = f"{cfg.host}:{cfg.effective_port}"
    try:
        with _connect(cfg, context) as server:
            _secure(server, cfg, where, password, context)
            _transmit(server, envelope, data, where)
    except (smtplib.SMTPException, OSError) as exc:
        # The cause is dropped (from None) so no traceback or log can carry the password.
        raise DeliveryError(_scrub(explain(exc, cfg, where, len(data)), password)) from None


def _connect(cfg: Smtp, context: ssl.SSLContext) -> smtplib.SMTP:
    port = cfg.effective_port
    if cfg.security == "tls":
        return smtplib.SMTP_SSL(cfg.host, port, timeout=cfg.timeout, context=context)
    return smtplib.SMTP(cfg.host, port, timeout=cfg.timeout)


def _secure(server: smtplib.SMTP, cfg: Smtp, where: str, password: str | None,
            context: ssl.SSLContext) -> None:
    server.ehlo()
    if cfg.security == "starttls":
        if not server.has_extn("starttls"):
            raise DeliveryError(f"the mail server {where} does not offer STARTTLS "
                                "(set email.smtp.security: tls, or none for a local relay)")
        server.starttls(context=context)
        server.ehlo()
    if cfg.username is not None:
        if not server.has_extn("auth"):
            raise DeliveryError(f"the mail server {where} does not offer a login "
                                "(remove email.smtp.username, or check the port)")
        server.login(cfg.username, password or "")


def _transmit(server: smtplib.SMTP, envelope: Envelope, data: bytes, where: str) -> None:
    """MAIL, RCPT for each recipient, and DATA only if every recipient was accepted."""
    limit = int(server.esmtp_features.get("size", "").strip() or 0)
    if limit and len(data) > limit:
        raise DeliveryError(f"the message is {size(len(data))}, more than the {size(limit)} "
                            f"the mail server {where} accepts; nothing was sent "
                            "(make the PDF smaller, or share it as a link)")
    options = [f"SIZE={len(data)}"] if server.has_extn("size") else []
    code, reply = server.mail(envelope.sender, options)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, reply, envelope.sender)
    refused = {}
    for rcpt in envelope.recipients:
        code, reply = server.rcpt(rcpt)
        if code not in (250, 251):
            refused[rcpt] = (code, reply)
    if refused:
        server.rset()
        raise smtplib.SMTPRecipientsRefused(refused)  # type: ignore[arg-type]
    server.data(data)


def explain(exc: Exception, cfg: Smtp, where: str, length: int) -> str:
    """One line that says what went wrong and what to check."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return (f"the mail server {where} refused the login of {cfg.username}: {_reply(exc)} "
                f"(check email.smtp.username and the password in ${cfg.password_env})")
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        who = "; ".join(f"{rcpt} ({_reply_text(*answer)})"
                        for rcpt, answer in exc.recipients.items())
        return (f"the mail server {where} refused {who}; nothing was sent "
                "(correct the address in config.yaml)")
    if isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code == 552:
        return (f"the mail server {where} refused the message ({size(length)}) as too large: "
                f"{_reply(exc)}")
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"the mail server {where} refused the message: {_reply(exc)}"
    if isinstance(exc, smtplib.SMTPServerDisconnected) \
            and isinstance(exc.__context__, TimeoutError):  # smtplib's word for a timeout
        return _network(exc.__context__, cfg, where)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return (f"the mail server {where} closed the connection "
                "(check email.smtp.port and email.smtp.security)")
    if isinstance(exc, smtplib.SMTPException):
        return f"the mail server {where} failed: {exc}"
    return _network(exc, cfg, where)


def _network(exc: Exception, cfg: Smtp, where: str) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (f"TLS with the mail server {where} failed: its certificate was not accepted "
                f"({exc.verify_message}; for a private certificate authority set "
                "email.smtp.ca_file)")
    if isinstance(exc, ssl.SSLError):
        reason = (exc.reason or "handshake failed").lower().replace("_", " ")
        return (f"TLS with the mail server {where} failed: {reason} "
                "(check email.smtp.port and email.smtp.security)")
    if isinstance(exc, TimeoutError):
        return (f"the mail server {where} did not answer within {cfg.timeout} seconds "
                "(check email.smtp.host and email.smtp.port)")
    if isinstance(exc, ConnectionRefusedError):
        return (f"cannot connect to the mail server {where}: connection refused "
                "(check email.smtp.host and email.smtp.port)")
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"cannot connect to the mail server {where}: {reason}"


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return _reply_text(exc.smtp_code, exc.smtp_error)


def _reply_text(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return " ".join(f"{code} {words}".split())


def _scrub(text: str, password: str | None) -> str:
    return text.replace(password, "***") if password else text
