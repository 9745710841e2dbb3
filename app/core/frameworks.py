"""Frameworks: named sets of themes, and the many-to-many map from factors to themes."""

from __future__ import annotations

import builtins
from dataclasses import dataclass

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


@dataclass(frozen=True)
class ThemeSnapshot:
    """A deleted theme with its factor links and the order of its framework's themes."""

    theme: Theme
    code_ids: tuple[int, ...]
    order: tuple[tuple[int, int], ...]  # (theme id, position) in its framework, before


@dataclass(frozen=True)
class FrameworkSnapshot:
    framework: Framework
    position: int
    themes: tuple[ThemeSnapshot, ...]
    order: tuple[tuple[int, int], ...]  # (framework id, position), before


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
        self.emit("frameworks", frameworks=[framework.id])
        return framework

    def get(self, framework_id: int) -> Framework:
        with self.database.reading() as session:
            return to_framework(self._framework(session, framework_id))

    def update(
        self, framework_id: int, name: str | None = None, description: str | None = None
    ) -> Framework:
        """Rename or re-describe a framework."""
        self._writable()
        with self.database.transaction() as session:
            row = self._framework(session, framework_id)
            if name is not None:
                if not name.strip():
                    raise CoreError("A framework needs a name.")
                row.name = name.strip()
            if description is not None:
                row.description = description
            framework = to_framework(row)
        self.emit("frameworks", frameworks=[framework_id])
        return framework

    def delete(self, framework_id: int) -> FrameworkSnapshot:
        """Delete a framework, its themes and their factor links; the factors stay."""
        self._writable()
        with self.database.transaction() as session:
            row = self._framework(session, framework_id)
            order = _framework_order(session)
            themes = session.scalars(
                select(models.Theme)
                .where(models.Theme.framework_id == framework_id)
                .order_by(models.Theme.position, models.Theme.id)
            ).all()
            snapshot = FrameworkSnapshot(
                framework=to_framework(row),
                position=row.position,
                themes=tuple(_theme_snapshot(session, theme) for theme in themes),
                order=tuple(order),
            )
            session.delete(row)
            session.flush()
            for position, (other_id, _) in enumerate(f for f in order if f[0] != framework_id):
                other = session.get(models.Framework, other_id)
                if other is not None:
                    other.position = position
        self._emit_framework(snapshot)
        return snapshot

    def restore(self, snapshot: FrameworkSnapshot) -> Framework:
        self._writable()
        f = snapshot.framework
        with self.database.transaction() as session:
            session.add(
                models.Framework(
                    id=f.id,
                    guid=f.guid,
                    name=f.name,
                    description=f.description,
                    position=snapshot.position,
                )
            )
            session.flush()
            for theme in snapshot.themes:
                _restore_theme(session, theme)
            for framework_id, position in snapshot.order:
                other = session.get(models.Framework, framework_id)
                if other is not None:
                    other.position = position
        self._emit_framework(snapshot)
        return self.get(f.id)

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
        self.emit("frameworks", frameworks=[framework_id], themes=[theme.id])
        return theme

    def theme(self, theme_id: int) -> Theme:
        with self.database.reading() as session:
            return to_theme(self._theme(session, theme_id))

    def update_theme(
        self,
        theme_id: int,
        name: str | None = None,
        description: str | None = None,
        colour: str | None = None,
    ) -> Theme:
        """Rename, re-describe or recolour a theme."""
        self._writable()
        if colour is not None and not is_colour(colour):
            raise CoreError(f"{colour!r} is not a colour of the form #RRGGBB.")
        with self.database.transaction() as session:
            row = self._theme(session, theme_id)
            if name is not None:
                if not name.strip():
                    raise CoreError("A theme needs a name.")
                row.name = name.strip()
            if description is not None:
                row.description = description
            if colour is not None:
                row.colour = colour.lower()
            theme = to_theme(row)
        self.emit("frameworks", frameworks=[theme.framework_id], themes=[theme_id])
        return theme

    def move_theme(self, theme_id: int, position: int) -> int:
        """Put a theme at row `position` of its framework; returns the row it was at."""
        self._writable()
        with self.database.transaction() as session:
            row = self._theme(session, theme_id)
            siblings = _themes_of(session, row.framework_id)
            was = [t.id for t in siblings].index(theme_id)
            siblings.remove(row)
            siblings.insert(max(0, min(position, len(siblings))), row)
            for index, theme in enumerate(siblings):
                theme.position = index
            framework_id = row.framework_id
        self.emit("frameworks", frameworks=[framework_id], themes=[theme_id])
        return was

    def delete_theme(self, theme_id: int) -> ThemeSnapshot:
        """Delete a theme and its factor links; the factors stay."""
        self._writable()
        with self.database.transaction() as session:
            row = self._theme(session, theme_id)
            snapshot = _theme_snapshot(session, row)
            framework_id = row.framework_id
            session.delete(row)
            session.flush()
            for index, theme in enumerate(_themes_of(session, framework_id)):
                theme.position = index
        self._emit_theme(snapshot)
        return snapshot

    def restore_theme(self, snapshot: ThemeSnapshot) -> Theme:
        self._writable()
        with self.database.transaction() as session:
            _restore_theme(session, snapshot)
        self._emit_theme(snapshot)
        return self.theme(snapshot.theme.id)

    def map(self, code_id: int, theme_id: int) -> None:
        """Put a factor under a theme (it may already sit under others)."""
        self._writable()
        with self.database.transaction() as session:
            if session.get(models.CodeTheme, (code_id, theme_id)) is None:
                self._check(session, code_id, theme_id)
                session.add(models.CodeTheme(code_id=code_id, theme_id=theme_id))
        self.emit("frameworks", themes=[theme_id], codes=[code_id])

    def unmap(self, code_id: int, theme_id: int) -> None:
        self._writable()
        with self.database.transaction() as session:
            session.execute(
                delete(models.CodeTheme).where(
                    models.CodeTheme.code_id == code_id, models.CodeTheme.theme_id == theme_id
                )
            )
        self.emit("frameworks", themes=[theme_id], codes=[code_id])

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

    def _emit_framework(self, snapshot: FrameworkSnapshot) -> None:
        self.emit(
            "frameworks",
            frameworks=[snapshot.framework.id],
            themes=[t.theme.id for t in snapshot.themes],
            codes={code_id for t in snapshot.themes for code_id in t.code_ids},
        )

    def _emit_theme(self, snapshot: ThemeSnapshot) -> None:
        self.emit(
            "frameworks",
            frameworks=[snapshot.theme.framework_id],
            themes=[snapshot.theme.id],
            codes=snapshot.code_ids,
        )

    @staticmethod
    def _framework(session: Session, framework_id: int) -> models.Framework:
        row = session.get(models.Framework, framework_id)
        if row is None:
            raise NotFound(f"No framework with id {framework_id}.")
        return row

    @staticmethod
    def _theme(session: Session, theme_id: int) -> models.Theme:
        row = session.get(models.Theme, theme_id)
        if row is None:
            raise NotFound(f"No theme with id {theme_id}.")
        return row

    @staticmethod
    def _check(session: Session, code_id: int, theme_id: int) -> None:
        if session.get(models.Code, code_id) is None:
            raise NotFound(f"No factor with id {code_id}.")
        if session.get(models.Theme, theme_id) is None:
            raise NotFound(f"No theme with id {theme_id}.")


def _themes_of(session: Session, framework_id: int) -> builtins.list[models.Theme]:
    return list(
        session.scalars(
            select(models.Theme)
            .where(models.Theme.framework_id == framework_id)
            .order_by(models.Theme.position, models.Theme.id)
        ).all()
    )


def _framework_order(session: Session) -> builtins.list[tuple[int, int]]:
    rows = session.execute(
        select(models.Framework.id, models.Framework.position).order_by(
            models.Framework.position, models.Framework.id
        )
    ).all()
    return [(int(framework_id), int(position)) for framework_id, position in rows]


def _theme_snapshot(session: Session, row: models.Theme) -> ThemeSnapshot:
    code_ids = session.scalars(
        select(models.CodeTheme.code_id).where(models.CodeTheme.theme_id == row.id)
    ).all()
    order = tuple((t.id, t.position) for t in _themes_of(session, row.framework_id))
    return ThemeSnapshot(to_theme(row), tuple(code_ids), order)


def _restore_theme(session: Session, snapshot: ThemeSnapshot) -> None:
    t = snapshot.theme
    session.add(
        models.Theme(
            id=t.id,
            guid=t.guid,
            framework_id=t.framework_id,
            name=t.name,
            description=t.description,
            colour=t.colour,
            position=t.position,
        )
    )
    session.flush()
    codes = set(session.scalars(select(models.Code.id)).all())
    for code_id in snapshot.code_ids:
        # A factor deleted since cannot take its link back.
        if code_id in codes:
            session.add(models.CodeTheme(code_id=code_id, theme_id=t.id))
    for theme_id, position in snapshot.order:
        theme = session.get(models.Theme, theme_id)
        if theme is not None:
            theme.position = position
    session.flush()
