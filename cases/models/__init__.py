"""Case management along the DGCC cycle. Client data (GDPR Art. 9) lives in the
``ClientDataModel`` subclasses, whose ``objects`` manager is closed: read them through
``cases.selectors``, write them through ``cases.services``."""

from .base import ClientDataModel, ClosedManager, UnscopedQueryError
from .casework import Case, CaseHandover, CasePhaseChange, CaseShare
from .clients import Client, HouseholdMember, birth_year_group
from .records import (
    NOTE_MAX_LENGTH,
    Appointment,
    Assessment,
    AssessmentEntry,
    Consent,
    ContactLogEntry,
    Goal,
    Referral,
)
from .support import BarrierReport, CaseNumberCounter

# Every model holding client data; the query guard test and anonymisation rely on it.
CLIENT_DATA_MODELS = (
    Client,
    HouseholdMember,
    Case,
    CasePhaseChange,
    CaseShare,
    CaseHandover,
    Consent,
    Assessment,
    AssessmentEntry,
    Goal,
    Referral,
    ContactLogEntry,
    Appointment,
)

__all__ = [
    "CLIENT_DATA_MODELS",
    "NOTE_MAX_LENGTH",
    "Appointment",
    "Assessment",
    "AssessmentEntry",
    "BarrierReport",
    "Case",
    "CaseHandover",
    "CaseNumberCounter",
    "CasePhaseChange",
    "CaseShare",
    "Client",
    "ClientDataModel",
    "ClosedManager",
    "Consent",
    "ContactLogEntry",
    "Goal",
    "HouseholdMember",
    "Referral",
    "UnscopedQueryError",
    "birth_year_group",
]
