"""Pages of international cooperation and assistance (docs/assistance.md), one module per
sub-domain, built on the generic views of ``core.views.generic``.

Every read goes through a model's ``visible_to``; what a person may not see is 404. Every
write calls a function of ``services``; forms only check input.
"""
