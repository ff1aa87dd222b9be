"""Send a message over SMTP (STARTTLS, implicit TLS or none), with errors a person can act on."""

from __future__ import annotations

import base64
import smtplib
import ssl

from sitrep.config import Smtp
from sitrep.deliver.files import size
from sitrep.deliver.message import Envelope
from sitrep.errors import DeliveryError


def send(data: bytes, envelope: Envelope, cfg: Smtp, password: str | None,
         context: ssl.SSLContext) -> None:
    """Hand ``data`` to the server for every envelope recipient, or to none of them.

    Returns once the server has accepted the message (250 to DATA); a failure after that,
    while saying goodbye, does not undo a delivery and is not reported as one."""
    where = f"{cfg.host}:{cfg.effective_port}"
    delivered = False
    try:
        server = _connect(cfg, context)
        try:
            _secure(server, cfg, where, password, context)
            _transmit(server, envelope, data, where)
            delivered = True
            server.quit()
        finally:
            server.close()
    except (smtplib.SMTPException, OSError) as exc:
        if delivered:
            return
        # The cause is dropped (from None) so no traceback or log can carry the password.
        raise DeliveryError(scrub(explain(exc, cfg, where, len(data)), password,
                                  cfg.username)) from None
    except UnicodeEncodeError:
        raise DeliveryError(f"email.smtp.username or the password in ${cfg.password_env} has "
                            "characters other than ASCII, which the SMTP login cannot send; "
                            "nothing was sent (use ASCII letters, digits and punctuation)"
                            ) from None


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
    code, reply = server.data(data)  # smtplib returns the final reply, it does not raise it
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)


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


def scrub(text: str, password: str | None, username: str | None = None) -> str:
    """``text`` with the password taken out in every form a login sends it: as typed, and
    base64-encoded alone (AUTH LOGIN) or with the user name (AUTH PLAIN)."""
    if not password:
        return text
    forms = [password, *(base64.b64encode(raw.encode()).decode() for raw in (
        password, f"\0{username or ''}\0{password}", f"{username or ''}\0{password}"))]
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, "***").replace(form.rstrip("="), "***")
    return text
