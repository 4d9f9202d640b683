"""SSDA903 episodes, derived from a period of care's legal-status and placement spans.

A 903 episode is an unbroken span with the same legal status and the same placement. Its reason
for new episode (RNE) says what changed from the previous one: S for the first in a period; L
legal status only; P placement and carer; T placement with the same carer; B legal status and
placement and carer; U legal status and placement with the same carer. An episode followed by
another in the same period ends with REC X1; the last ends with the period's reason.

A temporary placement (T0–T4) is an episode of its own: P (or B) into it and P back, with no
reason for placement change on either side, as the period actions ensure.
"""

import datetime as dt
from dataclasses import dataclass

from opencsc.core.calendar import open_on

from .codes import ReasonEpisodeCeased, ReasonNewEpisode
from .models import LegalStatusSpan, LookedAfterPeriod, Placement


@dataclass(frozen=True)
class Episode:
    period: LookedAfterPeriod
    legal_status: LegalStatusSpan
    placement: Placement
    start: dt.date
    end: dt.date | None
    rne: str
    rec: str

    @property
    def ls(self) -> str:
        return self.legal_status.code

    @property
    def reason_place_change(self) -> str:
        """903 REASON_PLACE_CHANGE: only where this episode's placement ends with it (and the
        child moves on within the period, or leaves care from it)."""
        if self.end is not None and self.placement.ended_on == self.end:
            return self.placement.change_reason
        return ""


def _rne(prev: Episode, status: LegalStatusSpan, placement: Placement) -> str:
    status_changed = status.pk != prev.legal_status.pk
    placement_changed = placement.pk != prev.placement.pk
    same_carer = placement.same_carer_as_previous
    if status_changed and placement_changed:
        return ReasonNewEpisode.U if same_carer else ReasonNewEpisode.B
    if status_changed:
        return ReasonNewEpisode.L
    return ReasonNewEpisode.T if same_carer else ReasonNewEpisode.P


def episodes_for_period(
    period: LookedAfterPeriod,
    statuses: list[LegalStatusSpan] | None = None,
    placements: list[Placement] | None = None,
) -> list[Episode]:
    """Every 903 episode of ``period``, in date order. Pass prefetched spans to save queries.

    Only the models' fields are read, so rows carrying the same names do as well as model
    objects (the 903 export passes plain rows: ``returns.ssda903.export.PeriodRow``)."""
    statuses = sorted(
        statuses if statuses is not None else period.legal_statuses.all(),
        key=lambda s: (s.started_on, s.pk),
    )
    placements = sorted(
        placements if placements is not None else period.placements.all(),
        key=lambda p: (p.started_on, p.pk),
    )
    boundaries = sorted({s.started_on for s in statuses} | {p.started_on for p in placements})
    episodes: list[Episode] = []
    for i, start in enumerate(boundaries):
        end = boundaries[i + 1] if i + 1 < len(boundaries) else period.ended_on
        status = next(s for s in statuses if open_on(s.started_on, s.ended_on, start))
        placement = next(p for p in placements if open_on(p.started_on, p.ended_on, start))
        rne = period.first_episode_reason if not episodes else _rne(episodes[-1], status, placement)
        if i + 1 < len(boundaries):
            rec = ReasonEpisodeCeased.X1
        else:
            rec = period.reason_ceased if period.ended_on else ""
        episodes.append(Episode(period, status, placement, start, end, rne, rec))
    return episodes
