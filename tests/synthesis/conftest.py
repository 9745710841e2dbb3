"""The hand-built review, built once per session and copied for each test that uses it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.project import Project
from tests.synthesis.review import Review, build_review


@pytest.fixture(scope="session")
def review_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Review]:
    folder = tmp_path_factory.mktemp("review")
    review = build_review(folder / "review.habitus")
    review.project.close()
    return folder / "review.habitus", review


@pytest.fixture
def review(review_file: tuple[Path, Review], tmp_path: Path) -> Iterator[Review]:
    source, built = review_file
    copy = tmp_path / "review.habitus"
    shutil.copyfile(source, copy)
    with Project.open(copy) as project:
        yield Review(
            project, built.studies, built.codes, built.themes, built.passages, built.framework_id
        )
