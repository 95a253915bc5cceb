"""International cooperation and assistance: needs, offers, their candidates and matches,
funded projects and their results, funding calls and proposals (docs/assistance.md); one
module per sub-domain.

Who sees what is decided in ``accounts.permissions`` (the one module of rules); every model
here is read through its ``visible_to(user, action)``.
"""

from .calls import CallCriterion, FundingCall, Proposal, ProposalScore
from .matches import Match, MatchMessage
from .matching import Candidate
from .money import ExchangeRate, currency_code
from .needs import Need, NeedObjective
from .offers import Offer

# Named in a landed migration as the default of ``working_languages``.
from .postings import _languages_default  # noqa: F401
from .projects import ProgressReport, Project, ProjectFunder, ProjectIndicator

__all__ = [
    "CallCriterion",
    "Candidate",
    "ExchangeRate",
    "FundingCall",
    "Match",
    "MatchMessage",
    "Need",
    "NeedObjective",
    "Offer",
    "ProgressReport",
    "Project",
    "ProjectFunder",
    "ProjectIndicator",
    "Proposal",
    "ProposalScore",
    "currency_code",
]
