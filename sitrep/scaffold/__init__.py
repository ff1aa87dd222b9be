"""``sitrep init``: a new workspace that builds straight away."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from string import Template

from sitrep import calendar
from sitrep.errors import WorkspaceError
from sitrep.i18n import DEFAULT_LOCALES, N_, translations

SKELETON = Path(__file__).resolve().parent / "workspace"
#: The skeleton's words, written in the language of the new workspace.
WORDS = {
    "title": N_("Situation Report"),
    "organisation": N_("Your organisation"),
    "crisis": N_("Name of the crisis"),
    "label_displaced": N_("People displaced"),
    "label_killed": N_("Civilians killed"),
    "highlight_1": N_("Replace these highlights with the week's main points."),
    "highlight_2": N_("Every number in the report comes from the fact sheets in facts/."),
    "overview": N_("Write the situation overview here, in Markdown."),
    "agency": N_("Example Agency"),
    "district": N_("Example District"),
    "article_title": N_("Example update"),
    "article_text": N_("About 1,200 people have left their homes in Example District."),
    "placeholder_figure": N_("A placeholder figure that shows the format; replace it with a "
                             "real one."),
    "placeholder_article": N_("A placeholder article that shows the format; replace it "
                              "with a real one."),
}


def create(folder: Path, today: date, language: str = "en") -> list[Path]:
    """Copy the skeleton into ``folder``, dated so that its first issue is the latest Friday,
    its words in ``language``."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise WorkspaceError(f"{folder} already exists and is not empty "
                             "(choose a new folder name)")
    friday = calendar.on_or_before(today, "friday")
    words = translations(language).gettext
    values = {"start": friday.isoformat(), "as_of": (friday - timedelta(days=2)).isoformat(),
              "published": (friday - timedelta(days=1)).isoformat(), "language": language,
              "locale": DEFAULT_LOCALES.get(language, language),
              **{key: words(text) for key, text in WORDS.items()}}
    written = []
    try:
        for source in sorted(SKELETON.rglob("*")):
            if source.is_dir() or source.name.startswith("__"):
                continue
            target = folder / source.relative_to(SKELETON)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = Template(source.read_text(encoding="utf-8")).safe_substitute(values)
            target.write_text(text, encoding="utf-8")
            written.append(target)
    except OSError as exc:
        raise WorkspaceError(f"cannot create the workspace in {folder}: {exc.strerror}") from exc
    return written
