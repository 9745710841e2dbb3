"""Hostile and broken .qdpx files are refused before anything is written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from app.cli import main
from app.core.project import Project
from app.exchange.errors import ExchangeError, Refused
from app.exchange.qdpx.importer import import_qdpx
from tests.exchange.conftest import Review
from tests.exchange.qdpx_files import archive

PLAIN = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="P">
  <CodeBook><Codes><Code guid="55555555-2222-4333-8444-000000000001" name="Injected"
    isCodable="true"/></Codes></CodeBook>
</Project>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Project [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&c;"/>"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&secret;"/>"""


def state(project: Project) -> tuple[object, ...]:
    return (
        [s.name for s in project.studies.list()],
        [(p.guid, p.quote) for p in project.passages.list()],
        [c.name for c in project.codebook.list()],
        project.memos.all(),
        [t.name for t in project.frameworks.themes()],
    )


def traversal(tmp_path: Path) -> Path:
    return archive(tmp_path / "escape.qdpx", {"project.qde": PLAIN, "../../evil.txt": "x"})


def absolute(tmp_path: Path) -> Path:
    return archive(tmp_path / "absolute.qdpx", {"project.qde": PLAIN, "/etc/evil.txt": "x"})


def windows_drive(tmp_path: Path) -> Path:
    return archive(tmp_path / "drive.qdpx", {"project.qde": PLAIN, "C:\\evil.txt": "x"})


def bomb(tmp_path: Path) -> Path:
    path = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("project.qde", PLAIN)
        out.writestr("sources/zeros.txt", b"\0" * (16 * 2**20))  # inflates about 1000 times
    return path


def symlink(tmp_path: Path) -> Path:
    path = tmp_path / "link.qdpx"
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("project.qde", PLAIN)
        info = zipfile.ZipInfo("sources/link.pdf")
        info.external_attr = 0o120777 << 16  # a symbolic link to /etc/passwd
        out.writestr(info, "/etc/passwd")
    return path


def entities(tmp_path: Path) -> Path:
    return archive(tmp_path / "laughs.qdpx", {"project.qde": BILLION_LAUGHS})


def external(tmp_path: Path) -> Path:
    return archive(tmp_path / "external.qdpx", {"project.qde": EXTERNAL})


HOSTILE = [traversal, absolute, windows_drive, bomb, symlink, entities, external]


@pytest.mark.parametrize("make", HOSTILE, ids=[f.__name__ for f in HOSTILE])
def test_a_hostile_archive_is_refused_and_changes_nothing(
    make: object, review: Review, tmp_path: Path
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    before = state(review.project)
    with pytest.raises(Refused) as refused:
        import_qdpx(review.project, path)
    assert "refused" in str(refused.value)
    assert state(review.project) == before
    assert not (tmp_path.parent / "evil.txt").exists()


def test_a_refused_archive_makes_no_project_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new.habitus"
    assert main(["import", str(target), str(bomb(tmp_path))]) == 1
    assert "zip bomb" in capsys.readouterr().err
    assert not target.exists()
    assert list(tmp_path.glob("new.habitus*")) == []


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        ({"readme.txt": "hello"}, "holds no project.qde"),
        ({"project.qde": "<Project"}, "not well-formed XML"),
        ({"project.qde": "<CodeBook xmlns='urn:QDA-XML:codebook:1.0'/>"}, "codebook"),
        ({"a.qde": PLAIN, "b.qde": PLAIN}, "holds 2 .qde files"),
    ],
)
def test_a_broken_project_file_is_explained(
    files: dict[str, bytes | str], reason: str, review: Review, tmp_path: Path
) -> None:
    before = state(review.project)
    with pytest.raises(ExchangeError) as error:
        import_qdpx(review.project, archive(tmp_path / "broken.qdpx", files))
    assert reason in str(error.value)
    assert state(review.project) == before


def test_not_a_zip_is_explained(review: Review, tmp_path: Path) -> None:
    path = tmp_path / "fake.qdpx"
    path.write_text("not a zip")
    with pytest.raises(ExchangeError, match="not a zip file"):
        import_qdpx(review.project, path)


def test_a_failure_halfway_leaves_the_project_as_it_was(
    review: Review, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.exchange.qdpx.writer import export_qdpx

    exported = export_qdpx(review.project, tmp_path / "r.qdpx")
    assert exported.passages == 4
    with Project.create(tmp_path / "other.habitus") as other:
        before = state(other)

        def full_disk(*_args: object, **_kwargs: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("app.core.passage_import.add_passages", full_disk)
        with pytest.raises(OSError):
            import_qdpx(other, tmp_path / "r.qdpx")
        assert state(other) == before
