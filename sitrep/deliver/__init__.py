"""Stage 6, deliver: the email for a built report, written as .eml, sent, or described."""

from __future__ import annotations

import hashlib
import secrets
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Literal

from sitrep import calendar, layout, load, render, resolve, revise, series, validate, write
from sitrep.config import Email, Smtp, Workspace
from sitrep.deliver import body, message, record, smtp
from sitrep.deliver.files import size
from sitrep.deliver.message import Envelope
from sitrep.errors import DeliveryError, InputError, SitrepError, display_path
from sitrep.load import CONFIG_NAME, read_text
from sitrep.models import Report
from sitrep.yamldoc import Loc, parse

Mode = Literal["eml", "send", "dry-run"]


@dataclass(frozen=True)
class Request:
    """What ``sitrep email`` was asked to do; the clock and environment come from the CLI."""

    mode: Mode
    day: date | None
    today: date
    now: datetime
    eml: Path | None = None
    force: bool = False
    environ: Mapping[str, str] = field(default_factory=dict)
    language: str | None = None  # the edition to send; default: the series' own language


@dataclass
class Delivery:
    """What was done, line by line, and the warnings to show first."""

    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Prepared:
    """A message ready to go, with what the report folder says about earlier sends."""

    ws: Workspace
    cfg: Email
    pdf: Path
    attachment: bytes
    message: EmailMessage
    envelope: Envelope
    sent: list[record.Sent]
    warnings: list[str]

    @property
    def folder(self) -> Path:
        return self.pdf.parent

    def shown(self, path: Path) -> str:
        return display_path(path, self.ws.root)


def deliver(root: Path, request: Request) -> Delivery:
    """Build the email for a built report, then write it, send it, or describe it."""
    prepared = prepare(root, request)
    if request.mode == "eml":
        assert request.eml is not None
        return _write_eml(prepared, request.eml)
    if request.mode == "send":
        return _send(prepared, request)
    return _dry_run(prepared)


def prepare(root: Path, request: Request) -> Prepared:
    """Resolve the issue, find its PDF and build the message (as a draft for an .eml)."""
    ws = load.workspace(root)
    facts, _ = validate.facts(ws, load.inputs(ws))
    cfg = _email_config(ws)
    day = request.day or calendar.latest(ws.config, request.today)
    language = _language(ws, request.language)
    rep = render.in_language(ws, facts, resolve.report(ws, facts, day), language)
    names = layout.issue(ws, day, language)
    pdf = _built_pdf(ws, rep, names)
    data = pdf.read_bytes()
    text, html = body.bodies(ws, rep, pdf.name, language)
    parts = message.Parts(body.subject(ws, cfg, rep, language), text, html, pdf.name, data)
    msg, envelope = message.build(cfg, parts, request.now, new_message_id(request.now, cfg),
                                  draft=request.mode == "eml")
    folder_shown = display_path(layout.sent_record(pdf.parent), ws.root)
    warnings = _size_warning(cfg, pdf.name, len(data)) + _stale_warning(ws, rep, pdf, names)
    return Prepared(ws, cfg, pdf, data, msg, envelope, record.read(pdf.parent, folder_shown),
                    warnings)


def new_message_id(now: datetime, cfg: Email) -> str:
    """A unique Message-ID in the sender's domain."""
    domain = message.addr_spec(cfg.sender).rsplit("@", 1)[1]
    return f"<{now.strftime('%Y%m%d%H%M%S')}.{secrets.token_hex(8)}.sitrep@{domain}>"


def _email_config(ws: Workspace) -> Email:
    if ws.config.email is None:
        raise config_problem(ws, ("email",), "is needed to email a report",
                             "add an email: section with sender: and to:; see README, "
                             "Delivery")
    return ws.config.email


def _language(ws: Workspace, language: str | None) -> str:
    """The edition ``--language`` asks for; it must be one the series publishes."""
    languages = ws.config.edition_languages
    if language is None:
        return ws.config.language
    if language not in languages:
        raise SitrepError(f'--language {language}: the series has no "{language}" edition '
                          f"(it has {', '.join(languages)}; add {language} to languages in "
                          "config.yaml and build)")
    return language


def _built_pdf(ws: Workspace, rep: Report, names: layout.IssueFiles) -> Path:
    day = rep.issue.date.isoformat()
    path = layout.issue_folder(ws, rep.issue.date) / names.pdf
    if not path.is_file():
        raise SitrepError(f"the report of {day} has not been built: "
                          f"{display_path(path, ws.root)} does not exist "
                          f"(build it first: sitrep build --date {day})")
    return path


def _size_warning(cfg: Email, name: str, length: int) -> list[str]:
    if length <= cfg.max_attachment_mb * 1_000_000:
        return []
    return [f"{name} is {size(length)}, more than the {cfg.max_attachment_mb:g} MB set in "
            "email.max_attachment_mb; mail servers may refuse it"]


def _stale_warning(ws: Workspace, rep: Report, pdf: Path, names: layout.IssueFiles
                   ) -> list[str]:
    """Warn when the PDF is not the one sitrep built, or the figures it shows have changed
    since: the manifest keeps both, so nothing is rendered again here."""
    out_root = ws.path("output")
    manifest = series.Manifest.read(out_root)
    entry = manifest.issues.get(names.key, {})
    day = rep.issue.date.isoformat()
    rebuild = f"(rebuild it: sitrep build --date {day})"
    if not manifest.intact(out_root, names):
        return [f"{display_path(pdf, ws.root)} is not the PDF sitrep built, or was changed "
                f"since {rebuild}"]
    if entry.get("says") != revise.says(rep):
        return [f"{display_path(pdf, ws.root)} was built from other facts than there are now; "
                f"the email summary may not match it {rebuild}"]
    return []


def _dry_run(p: Prepared) -> Delivery:
    msg = p.message
    lines = [f"{name}: {msg[name]}" for name in ("From", "To", "Cc", "Reply-To")
             if msg[name] is not None]
    bcc = p.cfg.bcc
    if bcc:
        lines.append(f"Bcc: {', '.join(message.addr_spec(a) for a in bcc)} "
                     "(not shown to the other recipients)")
    lines += [f"Subject: {msg['Subject']}",
              f"Attachment: {p.pdf.name} ({size(len(p.attachment))})"]
    if p.sent:
        lines.append(_already_sent(p) + "; --send would need --force")
    lines.append("dry run: nothing was sent (--send sends it, --eml PATH writes it for "
                 "your mail client)")
    return Delivery(lines, p.warnings)


def _write_eml(p: Prepared, path: Path) -> Delivery:
    data = p.message.as_bytes()
    write.atomic(path, data, str(path))
    lines = [f"wrote {path} ({size(len(data))}, {p.pdf.name} attached); open it in your "
             "mail client to send it"]
    if p.cfg.bcc:
        lines.append("Bcc is never written into a message: add "
                     f"{', '.join(message.addr_spec(a) for a in p.cfg.bcc)} in your mail "
                     "client")
    return Delivery(lines, p.warnings)


def _send(p: Prepared, request: Request) -> Delivery:
    cfg = _smtp_config(p.ws, p.cfg)
    shown = p.shown(layout.sent_record(p.folder))
    with write.locked(p.folder, shown):
        p.sent = record.read(p.folder, shown)  # again, now that no other send can run
        if p.sent and not request.force:
            raise SitrepError(_already_sent(p) + "; pass --force to send it again")
        password = _password(cfg, request.environ)
        context = _tls_context(p.ws, cfg)
        smtp.send(p.message.as_bytes(), p.envelope, cfg, password, context)
        entry = _entry(p, cfg, request.now)
        try:
            record.append(p.folder, shown, entry, p.sent)
        except SitrepError as exc:
            raise DeliveryError(f"the message was sent, but {exc}; do not send it "
                                "again") from exc
    server = f"{cfg.host}:{cfg.effective_port}"
    return Delivery([f"sent {p.pdf.name} to {entry.count} recipients through {server} "
                     f"(message {entry.message_id})", f"recorded in {shown}"], p.warnings)


def _entry(p: Prepared, cfg: Smtp, now: datetime) -> record.Sent:
    def specs(values: list[str]) -> list[str]:
        return [message.addr_spec(v) for v in values]

    return record.Sent(
        report=p.pdf.name, sha256=hashlib.sha256(p.attachment).hexdigest(),
        time=now.isoformat(timespec="seconds"), message_id=str(p.message["Message-ID"]),
        sender=p.envelope.sender, to=specs(p.cfg.to), cc=specs(p.cfg.cc),
        bcc=specs(p.cfg.bcc), server=f"{cfg.host}:{cfg.effective_port}")


def _already_sent(p: Prepared) -> str:
    last = p.sent[-1]
    when = last.time.replace("T", " ")
    return (f"{p.pdf.name} was already sent on {when} to {last.count} recipients "
            f"(message {last.message_id})")


def _smtp_config(ws: Workspace, cfg: Email) -> Smtp:
    if cfg.smtp is None:
        raise config_problem(ws, ("email", "smtp"), "is needed to send a report",
                             "add smtp: with host:, or write an .eml file with --eml PATH")
    return cfg.smtp


def _password(cfg: Smtp, environ: Mapping[str, str]) -> str | None:
    if cfg.username is None:
        return None
    name = cfg.password_env or ""
    password = environ.get(name, "")
    if not password:
        raise SitrepError(f"the SMTP password is read from the environment variable {name}, "
                          f"which is not set (set it before sending, e.g. export {name}=...)")
    return password


def _tls_context(ws: Workspace, cfg: Smtp) -> ssl.SSLContext:
    if cfg.ca_file is None:
        return ssl.create_default_context()
    path = ws.root / cfg.ca_file
    loc: Loc = ("email", "smtp", "ca_file")
    if not path.is_file():
        raise config_problem(ws, loc, f"{display_path(path, ws.root)} does not exist",
                             "give the PEM file of your certificate authority, relative to "
                             "config.yaml")
    try:
        return ssl.create_default_context(cafile=str(path))
    except ssl.SSLError:
        raise config_problem(ws, loc, f"{display_path(path, ws.root)} is not a PEM "
                             "certificate file", "") from None


def config_problem(ws: Workspace, loc: Loc, message_text: str, hint: str) -> InputError:
    """A problem in config.yaml found while delivering, located like any other."""
    text, _ = read_text(ws.root / CONFIG_NAME, CONFIG_NAME)
    doc, _ = parse(text or "", CONFIG_NAME)
    return InputError([doc.problem(loc, message_text, hint)])

