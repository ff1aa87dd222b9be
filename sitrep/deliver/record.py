"""The record of what was sent, kept beside the report so it is not sent twice by accident."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from sitrep import layout, write
from sitrep.errors import SitrepError


@dataclass(frozen=True)
class Sent:
    """One message that the mail server accepted."""

    report: str
    sha256: str
    time: str
    message_id: str
    sender: str
    to: list[str]
    cc: list[str]
    bcc: list[str]
    server: str

    @property
    def count(self) -> int:
        return len(self.to) + len(self.cc) + len(self.bcc)


def read(folder: Path, shown: str) -> list[Sent]:
    """Every send recorded in ``folder``; none when there is no record yet."""
    path = layout.sent_record(folder)
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        names = {f.name for f in fields(Sent)}
        return [Sent(**{k: v for k, v in item.items() if k in names}) for item in data["sent"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise SitrepError(f"{shown} cannot be read ({exc.__class__.__name__}); it records what "
                          "was sent: repair it, or move it away to send again") from exc


def append(folder: Path, shown: str, entry: Sent, earlier: list[Sent]) -> None:
    """Add ``entry`` to the record, replacing the file in one step."""
    data = {"sent": [asdict(item) for item in [*earlier, entry]]}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write.atomic(layout.sent_record(folder), text.encode("utf-8"), shown)
