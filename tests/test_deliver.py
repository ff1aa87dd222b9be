"""sitrep email: the message, the .eml file, and sending to a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import json
import re
import shutil
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.conftest import copy_workspace, run, snapshot

DAY = "2020-02-28"
PDF = f"nw-syria-{DAY}.pdf"
SECRET = "correct-Horse-battery-9"
USER = "im-unit@example.org"
RECIPIENTS = ["partners@example.org", "cluster-coordinators@example.org",
              "reporting-officer@example.org", "archive@example.org"]
SUBJECT = "North-west Syria Situation Report – 28 February 2020"


# --- a real SMTP server on 127.0.0.1: STARTTLS required, AUTH LOGIN, a certificate made here ---


@dataclass
class Received:
    """What the test server accepted."""

    messages: list[Any] = field(default_factory=list)
    #: What the server answers after the message itself (tests set a refusal).
    data_reply: str = "250 Message accepted for delivery"
    #: What the server answers to QUIT (tests set an error).
    quit_reply: str = "221 Bye"

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:
        return self.quit_reply

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: list[str]) -> str:
        if address.startswith("nobody@"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.data_reply.startswith("250"):
            self.messages.append(envelope)
        return self.data_reply


@dataclass
class Server:
    port: int
    tls_port: int
    ca_pem: bytes
    received: Received
    controllers: list[Controller]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _login(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and data.login == USER.encode() \
        and data.password == SECRET.encode()
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535


@pytest.fixture(scope="module")
def smtp_server() -> Iterator[Server]:
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    received = Received()
    common = {"hostname": "127.0.0.1", "authenticator": _login, "data_size_limit": 2_000_000,
              "auth_exclude_mechanism": ["PLAIN"]}
    starttls = Controller(received, port=free_port(), tls_context=context,
                          require_starttls=True, auth_require_tls=True, **common)
    implicit = Controller(received, port=free_port(), ssl_context=context,
                          auth_require_tls=False, **common)
    for controller in (starttls, implicit):
        controller.start()
    try:
        yield Server(starttls.port, implicit.port, ca.cert_pem.bytes(), received,
                     [starttls, implicit])
    finally:
        for controller in (starttls, implicit):
            controller.stop()


@pytest.fixture
def server(smtp_server: Server, monkeypatch: pytest.MonkeyPatch) -> Server:
    smtp_server.received.messages.clear()
    smtp_server.received.data_reply = "250 Message accepted for delivery"
    smtp_server.received.quit_reply = "221 Bye"
    monkeypatch.setenv("SITREP_SMTP_PASSWORD", SECRET)
    return smtp_server


# --- workspaces ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace with the 28 February issue built (PDF included), once."""
    ws = copy_workspace("example", tmp_path_factory.mktemp("built"))
    result = run("build", "-w", ws, "--date", DAY)
    assert result.exit_code == 0, result.output
    return ws


@pytest.fixture
def ws(built: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(built, tmp_path / "ws"))


def edit(ws: Path, old: str, new: str) -> None:
    config = ws / "config.yaml"
    text = config.read_text()
    assert text.count(old) == 1, old
    config.write_text(text.replace(old, new))


def use_server(ws: Path, server: Server, port: int | None = None, security: str = "starttls",
               trust: bool = True, timeout: int = 5) -> int:
    """Point the workspace's email.smtp at the test server; return the port used."""
    port = port or server.port
    (ws / "ca.pem").write_bytes(server.ca_pem)
    edit(ws, "host: smtp.example.org", "host: 127.0.0.1")
    edit(ws, "port: 587", f"port: {port}")
    edit(ws, "security: starttls ", f"security: {security} ")
    extra = f"\n    timeout: {timeout}" + ("\n    ca_file: ca.pem" if trust else "")
    edit(ws, "password_env: SITREP_SMTP_PASSWORD", "password_env: SITREP_SMTP_PASSWORD" + extra)
    return port


def report_pdf(ws: Path) -> bytes:
    return (ws / "reports" / DAY / PDF).read_bytes()


def parse(data: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    return message


def check_message(message: EmailMessage, pdf: bytes) -> None:
    """Headers, both bodies, and the PDF attached under its dated name."""
    assert message["Subject"] == SUBJECT
    assert message["From"] == "sitrep example <im-unit@example.org>"
    assert message["To"] == "partners@example.org, cluster-coordinators@example.org"
    assert message["Cc"] == "reporting-officer@example.org"
    assert message["Reply-To"] == "im-unit@example.org"
    assert message["Bcc"] is None
    assert re.fullmatch(r"<\d{14}\.[0-9a-f]{16}\.sitrep@example\.org>", message["Message-ID"])
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    assert "- People displaced since 1 December 2019: more than 948,000 — as of 23 February " \
           "2020, counted since 1 December 2019, ▲ 48,000 (from about 900,000 as of 20 February " \
           "2020)" in text.get_content()
    assert "<strong style=\"color:#1f4e79;\">at least 299 (sources differ: 299–372)</strong>" \
        in html.get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == PDF
    assert attachment.get_content() == pdf


def sent_record(ws: Path) -> list[dict[str, Any]]:
    return list(json.loads((ws / "reports" / DAY / "sent.json").read_text())["sent"])


def no_secret(*texts: str) -> None:
    for text in texts:
        assert SECRET not in text


# --- sending --------------------------------------------------------------------------------


def test_send_delivers_once_then_needs_force(ws: Path, server: Server,
                                             caplog: pytest.LogCaptureFixture) -> None:
    port = use_server(ws, server)
    result = run("email", "-w", ws, "--date", DAY, "--send")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    [envelope] = server.received.messages
    assert envelope.mail_from == USER
    assert envelope.rcpt_tos == RECIPIENTS  # Bcc is in the envelope only
    raw = envelope.original_content
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"archive@example.org" not in head and b"Bcc" not in head
    message = parse(raw)
    check_message(message, report_pdf(ws))
    [entry] = sent_record(ws)
    assert result.stdout == (f"sent {PDF} to 4 recipients through 127.0.0.1:{port} (message "
                             f"{entry['message_id']})\nrecorded in reports/{DAY}/sent.json\n")
    assert entry["message_id"] == message["Message-ID"]
    assert (entry["report"], entry["sender"], entry["to"] + entry["cc"] + entry["bcc"]) == (
        PDF, USER, RECIPIENTS)
    assert entry["server"] == f"127.0.0.1:{port}"
    again = run("email", "-w", ws, "--date", DAY, "--send")
    assert again.exit_code == 1
    when = entry["time"].replace("T", " ")
    assert again.stderr == (f"sitrep: {PDF} was already sent on {when} to 4 recipients "
                            f"(message {entry['message_id']}); pass --force to send it again\n")
    assert len(server.received.messages) == 1
    forced = run("email", "-w", ws, "--date", DAY, "--send", "--force")
    assert forced.exit_code == 0, forced.output
    assert len(server.received.messages) == 2 and len(sent_record(ws)) == 2
    no_secret(result.output, again.output, forced.output, caplog.text,
              (ws / "reports" / DAY / "sent.json").read_text())


def test_send_over_implicit_tls(ws: Path, server: Server) -> None:
    use_server(ws, server, port=server.tls_port, security="tls")
    result = run("email", "-w", ws, "--date", DAY, "--send")
    assert result.exit_code == 0, result.output
    [envelope] = server.received.messages
    check_message(parse(envelope.original_content), report_pdf(ws))


def failed(ws: Path, caplog: pytest.LogCaptureFixture) -> str:
    """Send, expect failure; check nothing was recorded and the password never shows."""
    before = snapshot(ws / "reports")
    result = run("email", "-w", ws, "--date", DAY, "--send")
    assert result.exit_code == 3  # delivery failed
    assert result.stdout == ""
    assert snapshot(ws / "reports") == before  # no sent.json: a failed send is not recorded
    no_secret(result.output, caplog.text)
    return result.stderr


def test_wrong_password(ws: Path, server: Server, monkeypatch: pytest.MonkeyPatch,
                        caplog: pytest.LogCaptureFixture) -> None:
    port = use_server(ws, server)
    monkeypatch.setenv("SITREP_SMTP_PASSWORD", "wrong-" + SECRET)
    assert failed(ws, caplog) == (
        f"sitrep: the mail server 127.0.0.1:{port} refused the login of {USER}: 535 5.7.8 "
        "Authentication credentials invalid (check email.smtp.username and the password in "
        "$SITREP_SMTP_PASSWORD)\n")
    assert server.received.messages == []


def test_password_is_scrubbed_from_server_replies(ws: Path, server: Server,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    """Even a reply that carries the password (here in a refused address) is shown without it."""
    port = use_server(ws, server)
    edit(ws, "bcc: archive@example.org", f"bcc: nobody@{SECRET}.example.org")
    assert failed(ws, caplog) == (
        f"sitrep: the mail server 127.0.0.1:{port} refused nobody@***.example.org (550 5.1.1 No "
        "such user here); nothing was sent (correct the address in config.yaml)\n")


def test_password_is_scrubbed_in_every_encoding() -> None:
    """A server that echoes the login (AUTH PLAIN or LOGIN, base64) never shows the password."""
    import base64
    import smtplib

    from sitrep.config import Smtp
    from sitrep.deliver.smtp import explain, scrub

    plain = base64.b64encode(f"\0{USER}\0{SECRET}".encode()).decode()
    login = base64.b64encode(SECRET.encode()).decode()
    cfg = Smtp(host="mail.example.org", username=USER, password_env="SITREP_SMTP_PASSWORD")
    for echoed in (plain, login, login.rstrip("="), SECRET):
        exc = smtplib.SMTPAuthenticationError(535, f"5.7.8 Bad credentials: {echoed}".encode())
        text = scrub(explain(exc, cfg, "mail.example.org:587", 0), SECRET, USER)
        assert text == (f"the mail server mail.example.org:587 refused the login of {USER}: 535 "
                        "5.7.8 Bad credentials: *** (check email.smtp.username and the password "
                        "in $SITREP_SMTP_PASSWORD)")


def test_a_password_that_is_not_ascii(ws: Path, server: Server, monkeypatch: pytest.MonkeyPatch,
                                      caplog: pytest.LogCaptureFixture) -> None:
    use_server(ws, server)
    monkeypatch.setenv("SITREP_SMTP_PASSWORD", "pässwörd-Ωmega")
    assert failed(ws, caplog) == (
        "sitrep: email.smtp.username or the password in $SITREP_SMTP_PASSWORD has characters "
        "other than ASCII, which the SMTP login cannot send; nothing was sent (use ASCII "
        "letters, digits and punctuation)\n")


@pytest.mark.parametrize("reply", ["451 4.3.0 Try again later",
                                   "552 5.3.4 Message too big for system",
                                   "554 5.7.1 Message rejected as spam"])
def test_message_refused_after_data_is_not_sent(ws: Path, server: Server, reply: str,
                                                caplog: pytest.LogCaptureFixture) -> None:
    port = use_server(ws, server)
    server.received.data_reply = reply
    stderr = failed(ws, caplog)
    if reply.startswith("552"):
        assert stderr.startswith(f"sitrep: the mail server 127.0.0.1:{port} refused the "
                                 "message (")
        assert stderr.endswith(f") as too large: {reply}\n")
    else:
        assert stderr == f"sitrep: the mail server 127.0.0.1:{port} refused the message: {reply}\n"
    assert server.received.messages == []
    server.received.data_reply = "250 OK"
    assert run("email", "-w", ws, "--date", DAY, "--send").exit_code == 0  # not "already sent"


def test_an_error_at_quit_after_delivery_is_still_a_delivery(ws: Path, server: Server) -> None:
    """250 to DATA means delivered: an error at QUIT must not make the next send resend."""
    use_server(ws, server)
    server.received.quit_reply = "421 4.4.2 Connection timed out"
    result = run("email", "-w", ws, "--date", DAY, "--send")
    assert result.exit_code == 0, result.output
    assert len(server.received.messages) == 1 and len(sent_record(ws)) == 1
    again = run("email", "-w", ws, "--date", DAY, "--send")
    assert again.exit_code == 1 and "was already sent" in again.stderr
    assert len(server.received.messages) == 1


def test_two_sends_at_once_deliver_once(ws: Path, server: Server) -> None:
    """Started together, one send delivers and records; the other finds it sent."""
    import subprocess
    import sys

    use_server(ws, server)
    command = [sys.executable, "-m", "sitrep", "email", "-w", str(ws), "--date", DAY, "--send"]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    results = sorted((p.wait(timeout=60), p.communicate()[1]) for p in procs)
    assert len(server.received.messages) == 1, results
    assert [code for code, _ in results] == [0, 1]
    assert "was already sent" in results[1][1]
    assert len(sent_record(ws)) == 1


def test_connection_refused(ws: Path, server: Server, caplog: pytest.LogCaptureFixture) -> None:
    port = use_server(ws, server, port=free_port())  # nothing listens there
    assert failed(ws, caplog) == (
        f"sitrep: cannot connect to the mail server 127.0.0.1:{port}: connection refused "
        "(check email.smtp.host and email.smtp.port)\n")


@pytest.fixture
def rude_server() -> Iterator[int]:
    """A server that accepts a connection and closes it at once."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)

    def serve() -> None:
        try:
            connection, _ = listener.accept()
            connection.close()
        except OSError:
            pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    listener.close()
    thread.join(5)


def test_server_closes_the_connection(ws: Path, server: Server, rude_server: int,
                                      caplog: pytest.LogCaptureFixture) -> None:
    port = use_server(ws, server, port=rude_server)
    assert failed(ws, caplog) == (
        f"sitrep: the mail server 127.0.0.1:{port} closed the connection "
        "(check email.smtp.port and email.smtp.security)\n")


def test_timeout(ws: Path, server: Server, caplog: pytest.LogCaptureFixture) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # listens, never says hello
        port = use_server(ws, server, port=silent.getsockname()[1], timeout=1)
        assert failed(ws, caplog) == (
            f"sitrep: the mail server 127.0.0.1:{port} did not answer within 1 seconds "
            "(check email.smtp.host and email.smtp.port)\n")


def test_tls_certificate_not_trusted(ws: Path, server: Server,
                                     caplog: pytest.LogCaptureFixture) -> None:
    port = use_server(ws, server, trust=False)
    assert failed(ws, caplog) == (
        f"sitrep: TLS with the mail server 127.0.0.1:{port} failed: its certificate was not "
        "accepted (unable to get local issuer certificate; for a private certificate "
        "authority set email.smtp.ca_file)\n")


def test_implicit_tls_against_a_starttls_port(ws: Path, server: Server,
                                              caplog: pytest.LogCaptureFixture) -> None:
    port = use_server(ws, server, security="tls")
    assert failed(ws, caplog) == (
        f"sitrep: TLS with the mail server 127.0.0.1:{port} failed: wrong version number "
        "(check email.smtp.port and email.smtp.security)\n")


def test_recipient_refused_sends_to_nobody(ws: Path, server: Server,
                                           caplog: pytest.LogCaptureFixture) -> None:
    port = use_server(ws, server)
    edit(ws, "bcc: archive@example.org", "bcc: nobody@example.org")
    assert failed(ws, caplog) == (
        f"sitrep: the mail server 127.0.0.1:{port} refused nobody@example.org (550 5.1.1 No "
        "such user here); nothing was sent (correct the address in config.yaml)\n")
    assert server.received.messages == []


def test_message_too_large(ws: Path, server: Server, monkeypatch: pytest.MonkeyPatch,
                           caplog: pytest.LogCaptureFixture) -> None:
    port = use_server(ws, server)
    for controller in server.controllers:
        monkeypatch.setitem(controller.SMTP_kwargs, "data_size_limit", 20_000)
    stderr = failed(ws, caplog)
    assert re.fullmatch(
        rf"sitrep: the message is \d+\.\d kB, more than the 20\.0 kB the mail server "
        rf"127\.0\.0\.1:{port} accepts; nothing was sent \(make the PDF smaller, or share it "
        r"as a link\)\n", stderr), stderr
    assert server.received.messages == []


def test_password_variable_not_set(ws: Path, server: Server,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    use_server(ws, server)
    monkeypatch.delenv("SITREP_SMTP_PASSWORD")
    result = run("email", "-w", ws, "--date", DAY, "--send")
    assert result.exit_code == 1
    assert result.stderr == (
        "sitrep: the SMTP password is read from the environment variable SITREP_SMTP_PASSWORD, "
        "which is not set (set it before sending, e.g. export SITREP_SMTP_PASSWORD=...)\n")


def test_ca_file_missing(ws: Path, server: Server) -> None:
    use_server(ws, server)
    (ws / "ca.pem").unlink()
    result = run("email", "-w", ws, "--date", DAY, "--send")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "config.yaml:72:14: email.smtp.ca_file: ca.pem does not exist (give the PEM file of "
        "your certificate authority, relative to config.yaml)",
        "sitrep: 1 problem in 1 file; nothing was written"]


# --- the .eml file and the dry run ----------------------------------------------------------


def test_eml_opens_with_the_pdf_attached(ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.eml"
    result = run("email", "-w", ws, "--date", DAY, "--eml", out)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    size = out.stat().st_size
    assert result.stdout == (
        f"wrote {out} ({size / 1000:.1f} kB, {PDF} attached); open it in your mail client to "
        "send it\nBcc is never written into a message: add archive@example.org in your mail "
        "client\n")
    message = parse(out.read_bytes())
    check_message(message, report_pdf(ws))
    assert message["X-Unsent"] == "1"
    assert not (ws / "reports" / DAY / "sent.json").exists()


def test_dry_run_shows_who_gets_what(ws: Path) -> None:
    result = run("email", "-w", ws, "--date", DAY)
    assert result.exit_code == 0, result.output
    size = len(report_pdf(ws)) / 1000
    assert result.stdout == (
        "From: sitrep example <im-unit@example.org>\n"
        "To: partners@example.org, cluster-coordinators@example.org\n"
        "Cc: reporting-officer@example.org\n"
        "Reply-To: im-unit@example.org\n"
        "Bcc: archive@example.org (not shown to the other recipients)\n"
        f"Subject: {SUBJECT}\n"
        f"Attachment: {PDF} ({size:.1f} kB)\n"
        "dry run: nothing was sent (--send sends it, --eml PATH writes it for your mail "
        "client)\n")
    assert run("email", "-w", ws, "--dry-run").stdout == result.stdout  # the latest issue


def test_dry_run_after_a_send_says_so(ws: Path) -> None:
    entry = {"report": PDF, "sha256": "0" * 64, "time": "2020-02-28T09:30:00+02:00",
             "message_id": "<1@example.org>", "sender": USER, "to": ["a@example.org"],
             "cc": [], "bcc": [], "server": "smtp.example.org:587"}
    (ws / "reports" / DAY / "sent.json").write_text(json.dumps({"sent": [entry]}))
    lines = run("email", "-w", ws, "--date", DAY, "--dry-run").stdout.splitlines()
    assert lines[-2] == (f"{PDF} was already sent on 2020-02-28 09:30:00+02:00 to 1 recipients "
                         "(message <1@example.org>); --send would need --force")


def test_broken_record_is_not_overwritten(ws: Path) -> None:
    (ws / "reports" / DAY / "sent.json").write_text("{not json")
    result = run("email", "-w", ws, "--date", DAY, "--send")
    assert result.exit_code == 1
    assert result.stderr == (f"sitrep: reports/{DAY}/sent.json cannot be read "
                             "(JSONDecodeError); it records what was sent: repair it, or move "
                             "it away to send again\n")


def test_size_warning(ws: Path) -> None:
    edit(ws, "max_attachment_mb: 10", "max_attachment_mb: 0.01")
    result = run("email", "-w", ws, "--date", DAY)
    assert result.exit_code == 0
    size = len(report_pdf(ws)) / 1000
    assert result.stderr == (f"warning: {PDF} is {size:.1f} kB, more than the 0.01 MB set in "
                             "email.max_attachment_mb; mail servers may refuse it\n")


def test_example_pdf_is_far_below_the_limit(ws: Path) -> None:
    assert len(report_pdf(ws)) < 1_000_000


def test_warns_when_facts_changed_since_the_build(ws: Path) -> None:
    sheet = ws / "facts" / "narrative.yaml"
    sheet.write_text(sheet.read_text().replace("Jabal al-Zawiya", "Jabal az-Zawiya", 1))
    result = run("email", "-w", ws, "--date", DAY)
    assert result.exit_code == 0
    assert result.stderr == (
        f"warning: reports/{DAY}/{PDF} was built from other facts than there are now; the "
        f"email summary may not match it (rebuild it: sitrep build --date {DAY})\n")


def test_warns_when_the_pdf_is_not_the_one_built(ws: Path) -> None:
    pdf = ws / "reports" / DAY / PDF
    pdf.write_bytes(pdf.read_bytes() + b"\n")
    result = run("email", "-w", ws, "--date", DAY)
    assert result.exit_code == 0
    assert result.stderr == (
        f"warning: reports/{DAY}/{PDF} is not the PDF sitrep built, or was changed since "
        f"(rebuild it: sitrep build --date {DAY})\n")
    rebuilt = run("build", "-w", ws, "--date", DAY)
    assert rebuilt.exit_code == 0 and rebuilt.output.endswith("built 1 issue\n")
    assert run("email", "-w", ws, "--date", DAY).stderr == ""


def test_deleted_pdf_is_built_again_by_a_plain_build(ws: Path) -> None:
    (ws / "reports" / DAY / PDF).unlink()
    result = run("email", "-w", ws, "--date", DAY)
    assert result.exit_code == 1 and f"sitrep build --date {DAY}" in result.stderr
    assert run("build", "-w", ws, "--date", DAY).output.endswith("built 1 issue\n")
    assert run("email", "-w", ws, "--date", DAY).exit_code == 0


def test_report_not_built(example: Path) -> None:
    result = run("email", "-w", example, "--date", "2020-02-21")
    assert result.exit_code == 1
    assert result.stderr == (
        "sitrep: the report of 2020-02-21 has not been built: "
        "reports/2020-02-21/nw-syria-2020-02-21.pdf does not exist "
        "(build it first: sitrep build --date 2020-02-21)\n")


def test_no_email_settings(minimal: Path) -> None:
    result = run("email", "-w", minimal, "--date", "2024-01-12")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "config.yaml:1:1: email: is needed to email a report (add an email: section with "
        "sender: and to:; see README, Delivery)",
        "sitrep: 1 problem in 1 file; nothing was written"]


def test_send_without_smtp_settings(ws: Path) -> None:
    config = ws / "config.yaml"
    text = config.read_text()
    config.write_text(text[:text.index("  smtp:")] + text[text.index("\n# The PDF"):])
    result = run("email", "-w", ws, "--date", DAY, "--send")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "config.yaml:56:3: email.smtp: is needed to send a report (add smtp: with host:, or "
        "write an .eml file with --eml PATH)")


@pytest.mark.parametrize(("args", "message"), [
    (["--send", "--dry-run"], "choose one of --eml PATH, --send and --dry-run"),
    (["--eml", "x.eml", "--send"], "choose one of --eml PATH, --send and --dry-run"),
    (["--force"], "--force goes with --send"),
])
def test_options_that_do_not_go_together(args: list[str], message: str) -> None:
    result = run("email", *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {message}"


# --- what data cannot do to a message ---------------------------------------------------------


def test_line_breaks_in_data_cannot_add_headers(ws: Path, tmp_path: Path) -> None:
    """A title that would start a new mail header is refused where it is written."""
    edit(ws, "title: North-west Syria Situation Report",
         'title: "North-west Syria\\r\\nBcc: victim@example.org"')
    out = tmp_path / "out.eml"
    result = run("email", "-w", ws, "--date", DAY, "--eml", out)
    assert result.exit_code == 1
    line = next(n for n, text in enumerate((ws / "config.yaml").read_text().splitlines(), 1)
                if text.startswith("title:"))
    assert result.stderr.splitlines()[0] == (
        f"config.yaml:{line}:8: title: contains a line break (write it on one line)")
    assert not out.exists()


def test_html_body_is_self_contained_and_escaped(ws: Path, tmp_path: Path) -> None:
    sheet = ws / "facts" / "narrative.yaml"
    text = sheet.read_text()
    marker = "Medical teams cannot reach Jabal al-Zawiya"
    assert text.count(marker) == 1
    sheet.write_text(text.replace(marker, "<script>alert(1)</script><img src=x onerror=alert(1)>"
                                          '<link rel="stylesheet" href="https://example.org/s.css">'
                                          " [ok](https://example.org/ok) " + marker))
    out = tmp_path / "out.eml"
    assert run("email", "-w", ws, "--date", DAY, "--eml", out).exit_code == 0
    message = parse(out.read_bytes())
    html_part, text_part = message.get_body(("html",)), message.get_body(("plain",))
    assert html_part is not None and text_part is not None
    html = html_part.get_content()
    for bad in ("<script", "<img", "<link", "<style", "src=", "url(", "@import", "onerror"):
        assert bad not in html, bad
    assert re.findall(r'(?:href|src)="([^"]*)"', html) == ["https://example.org/ok"]
    assert f'<a href="https://example.org/ok" rel="noopener noreferrer">ok</a> {marker}' in html
    assert f"- ok (https://example.org/ok) {marker}" in text_part.get_content()


# --- email settings in config.yaml ------------------------------------------------------------

EMAIL = """email:
  sender: IM Unit <im@example.org>
  to: [a@example.org]
  smtp:
    host: 127.0.0.1
    username: im@example.org
    password_env: SITREP_SMTP_PASSWORD
"""
KNOWN = "{title}, {crisis}, {organisation}, {date}, {issue}"

CONFIG_CASES = [
    ("not-an-address", "to: [a@example.org]", "to: [a@example.org, not-an-address]",
     ['config.yaml:20:23: email.to[1]: "not-an-address" is not an email address (write it like '
      'im-unit@example.org or "IM Unit <im-unit@example.org>")']),
    ("address-with-line-break", "sender: IM Unit <im@example.org>",
     'sender: "IM Unit\\nBcc: x@example.org <im@example.org>"',
     ["config.yaml:19:11: email.sender: contains a line break (write it on one line)"]),
    ("sender-of-60000-spaces", "sender: IM Unit <im@example.org>",
     'sender: "IM' + " " * 60_000 + 'Unit <im@example.org>"',
     ["config.yaml:19:11: email.sender: is 60,023 characters long (a setting may have at most "
      "1,000; shorten it)"]),
    ("sender-with-nul", "sender: IM Unit <im@example.org>", 'sender: "IM\\0Unit <im@example.org>"',
     ["config.yaml:19:11: email.sender: contains the control character U+0000 (remove it: it "
      "cannot be seen, and has no place in a setting)"]),
    ("subject-with-line-break", "to: [a@example.org]",
     'to: [a@example.org]\n  subject: "Report\\r\\nBcc: victim@example.org"',
     ["config.yaml:21:12: email.subject: contains a line break (write it on one line)"]),
    ("unknown-placeholder", "to: [a@example.org]", 'to: [a@example.org]\n  subject: "{week}"',
     [f'config.yaml:21:12: email.subject: "{{week}}" is not a known placeholder (use {KNOWN})']),
    ("placeholder-attribute", "to: [a@example.org]",
     'to: [a@example.org]\n  subject: "{title.__class__}"',
     ['config.yaml:21:12: email.subject: "{title.__class__}" is not a known placeholder '
      f"(use {KNOWN})"]),
    ("unpaired-brace", "to: [a@example.org]", 'to: [a@example.org]\n  subject: "{title"',
     ["config.yaml:21:12: email.subject: has a { or } without its pair "
      "(write {{ or }} for a brace)"]),
    ("no-recipients", "to: [a@example.org]", "cc: []",
     ["config.yaml:19:3: email: has no recipients "
      "(add to:, cc: or bcc: with at least one address)"]),
    ("password-in-config", "password_env: SITREP_SMTP_PASSWORD", "password: hunter2",
     ['config.yaml:22:5: email.smtp.password_env: is required when username is set (name the '
      "environment variable that holds the password, like password_env: SITREP_SMTP_PASSWORD)",
      'config.yaml:24:5: email.smtp.password: unknown field "password" '
      '(did you mean "password_env"?)']),
    ("bad-variable-name", "password_env: SITREP_SMTP_PASSWORD", "password_env: my password",
     ['config.yaml:24:19: email.smtp.password_env: "my password" is not an environment '
      "variable name (use letters, digits and _, like SITREP_SMTP_PASSWORD)"]),
    ("login-without-tls", "    username:", "    security: none\n    username:",
     ["config.yaml:24:15: email.smtp.username: cannot be used with security: none, which would "
      "send the password unencrypted (use security: starttls or tls)"]),
    ("unknown-security", "    username:", "    security: ssl\n    username:",
     ['config.yaml:23:15: email.smtp.security: "ssl" is not allowed here '
      "(use one of: starttls, tls or none)"]),
    ("archival-not-yes-or-no", "email:", "pdf:\n  archival: maybe\nemail:",
     ['config.yaml:19:13: pdf.archival: expected yes or no, got "maybe"']),
]


@pytest.mark.parametrize(("old", "new", "expected"), [c[1:] for c in CONFIG_CASES],
                         ids=[c[0] for c in CONFIG_CASES])
def test_bad_email_settings(minimal: Path, old: str, new: str, expected: list[str]) -> None:
    config = minimal / "config.yaml"
    text = config.read_text() + EMAIL
    assert text.count(old) == 1
    config.write_text(text.replace(old, new))
    result = run("check", "-w", minimal)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[:-1] == expected
    assert "hunter2" not in result.output
