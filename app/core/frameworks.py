"""Frameworks: named sets of themes, and the many-to-many map from factors to themes."""

from __future__ import annotations

import builtins

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.core.errors import CoreError, NotFound
from app.core.palette import is_colour
from app.core.service import Service
from app.core.types import Framework, Theme
from app.store import models


def to_framework(row: models.Framework) -> Framework:
    return Framework(id=row.id, guid=row.guid, name=row.name, description=row.description)


def to_theme(row: models.Theme) -> Theme:
    return Theme(
        id=row.id,
        guid=row.guid,
        framework_id=row.framework_id,
        name=row.name,
        description=row.description,
        colour=row.colour,
        position=row.position,
    )


class Frameworks(Service):
    def list(self) -> builtins.list[Framework]:
        with self.database.reading() as session:
            rows = session.scalars(
                select(models.Framework).order_by(models.Framework.position, models.Framework.id)
            ).all()
            return [to_framework(row) for row in rows]

    def add(self, name: str, description: str = "", guid: str | None = None) -> Framework:
        self._writable()
        if not name.strip():
            raise CoreError("A framework needs a name.")
        with self.database.transaction() as session:
            position = session.scalar(select(func.count(models.Framework.id))) or 0
            row = models.Framework(name=name.strip(), description=description, position=position)
            if guid:
                row.guid = guid
            session.add(row)
            session.flush()
            framework = to_framework(row)
        self.emit("frameworks")
        return framework

    def themes(self, framework_id: int | None = None) -> builtins.list[Theme]:
        """Themes of one framework, or of all frameworks in order."""
        with self.database.reading() as session:
            query = select(models.Theme).join(models.Framework)
            if framework_id is not None:
                query = query.where(models.Theme.framework_id == framework_id)
            rows = session.scalars(
                query.order_by(models.Framework.position, models.Theme.position, models.Theme.id)
            ).all()
            return [to_theme(row) for row in rows]

    def add_theme(
        self,
        framework_id: int,
        name: str,
        description: str = "",
        colour: str = "#888888",
        guid: str | None = None,
    ) -> Theme:
        self._writable()
        if not name.strip():
            raise CoreError("A theme needs a name.")
        if not is_colour(colour):
            raise CoreError(f"{colour!r} is not a colour of the form #RRGGBB.")
        with self.database.transaction() as session:
            if session.get(models.Framework, framework_id) is None:
                raise NotFound(f"No framework with id {framework_id}.")
            position = session.scalar(
                select(func.count(models.Theme.id)).where(models.Theme.framework_id == framework_id)
            )
            row = models.Theme(
                framework_id=framework_id,
                name=name.strip(),
                description=description,
                colour=colour.lower(),
                position=position or 0,
            )
            if guid:
                row.guid = guid
            session.add(row)
            session.flush()
            theme = to_theme(row)
        self.emit("frameworks")
        return theme

    def map(self, code_id: int, theme_id: int) -> None:
        """Put a factor under a theme (it may already sit under others)."""
        self._writable()
        with self.database.transaction() as session:
            if session.get(models.CodeTheme, (code_id, theme_id)) is None:
                self._check(session, code_id, theme_id)
                session.add(models.CodeTheme(code_id=code_id, theme_id=theme_id))
        self.emit("frameworks")

    def unmap(self, code_id: int, theme_id: int) -> None:
        self._writable()
        with self.database.transaction() as session:
            session.execute(
                delete(models.CodeTheme).where(
                    models.CodeTheme.code_id == code_id, models.CodeTheme.theme_id == theme_id
                )
            )
        self.emit("frameworks")

    def mapping(self) -> dict[int, builtins.list[int]]:
        """Factor id to the ids of its themes, across all frameworks."""
        with self.database.reading() as session:
            rows = session.execute(
                select(models.CodeTheme.code_id, models.CodeTheme.theme_id)
                .join(models.Theme)
                .order_by(models.Theme.framework_id, models.Theme.position)
            ).all()
        result: dict[int, builtins.list[int]] = {}
        for code_id, theme_id in rows:
            result.setdefault(code_id, []).append(theme_id)
        return result

    def themes_of(self, code_id: int) -> builtins.list[Theme]:
        ids = set(self.mapping().get(code_id, []))
        return [theme for theme in self.themes() if theme.id in ids]

    def codes_of(self, theme_id: int) -> builtins.list[int]:
        with self.database.reading() as session:
            return list(
                session.scalars(
                    select(models.CodeTheme.code_id).where(models.CodeTheme.theme_id == theme_id)
                ).all()
            )

    @staticmethod
    def _check(session: Session, code_id: int, theme_id: int) -> None:
        if session.get(models.Code, code_id) is None:
            raise NotFound(f"No factor with id {code_id}.")
        if session.get(models.Theme, theme_id) is None:
            raise NotFound(f"No theme with id {theme_id}.")
