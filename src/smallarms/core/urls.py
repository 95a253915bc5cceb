"""URL patterns of a model's pages, declared once: ``model_urls("needs", "need", ...)`` gives

- ``needs/`` (``need_list``) and ``needs/export.csv`` (``need_export``, the same list as CSV);
- ``needs/new/`` (``need_create``);
- ``needs/<uuid:pk>/`` (``need_detail``) and ``needs/<uuid:pk>/edit/`` (``need_update``);
- ``needs/<uuid:pk>/<step>/`` (``need_<step>``) for each view of ``steps``.

Only the views given get a pattern; names follow ``<app>:<model>_<action>``.
"""

from django.urls import path


def model_urls(
    prefix: str,
    name: str,
    *,
    list=None,
    create=None,
    detail=None,
    update=None,
    steps=None,
    export=True,
    key="<uuid:pk>",
    create_path="new/",
) -> list:
    base = f"{prefix}/" if prefix else ""
    patterns = []
    if list is not None:
        patterns.append(path(base, list.as_view(), name=f"{name}_list"))
        if export:
            csv = list.as_view(export_format="csv")
            patterns.append(path(f"{base}export.csv", csv, name=f"{name}_export"))
    if create is not None:
        patterns.append(path(f"{base}{create_path}", create.as_view(), name=f"{name}_create"))
    if detail is not None:
        patterns.append(path(f"{base}{key}/", detail.as_view(), name=f"{name}_detail"))
    if update is not None:
        patterns.append(path(f"{base}{key}/edit/", update.as_view(), name=f"{name}_update"))
    for step, view in (steps or {}).items():
        url = step.replace("_", "-")
        patterns.append(path(f"{base}{key}/{url}/", view.as_view(), name=f"{name}_{step}"))
    return patterns
