"""Writing assistance, one module per sub-domain: needs and their objectives, offers, exchange
rates, matches and their conversation, projects and their progress, funding calls, proposals
and awards, needs from national reports, and the stored candidates (``matching``).

Each function is one transaction, checks who may do it (``accounts.permissions``), validates
the object whole and leaves its audit entries. After a need or an offer changes, its
candidates are refreshed (``matching.refresh_for_need/offer``) in the same transaction.
"""
