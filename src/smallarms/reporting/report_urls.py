"""URLs of report templates and national reports, included by ``urls``."""

from django.urls import path

from . import compare_views, report_views, template_views

urlpatterns = [
    path("templates/", template_views.TemplateListView.as_view(), name="template_list"),
    path("templates/import/", template_views.TemplateImportView.as_view(), name="template_import"),
    path(
        "templates/<slug:code>/v<int:version>/",
        template_views.TemplateDetailView.as_view(),
        name="template_detail",
    ),
    path(
        "templates/<slug:code>/v<int:version>/download/",
        template_views.TemplateDownloadView.as_view(),
        name="template_download",
    ),
    path(
        "templates/<slug:code>/v<int:version>/copy/",
        template_views.TemplateCopyView.as_view(),
        name="template_copy",
    ),
    path("reports/", report_views.ReportListView.as_view(), name="report_list"),
    path(
        "states/<str:iso3>/compare/",
        compare_views.StateComparisonView.as_view(),
        name="state_compare",
    ),
    path(
        "cycles/<str:code>/questions/<str:question>/",
        compare_views.QuestionComparisonView.as_view(),
        name="question_compare",
    ),
    path(
        "cycles/<str:code>/questions/<str:question>/export.csv",
        compare_views.QuestionComparisonView.as_view(export_format="csv"),
        name="question_compare_export",
    ),
    path(
        "reports/export.csv",
        report_views.ReportListView.as_view(export_format="csv"),
        name="report_export",
    ),
    path("reports/start/", report_views.ReportStartView.as_view(), name="report_start"),
    path("reports/<uuid:pk>/", report_views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<uuid:pk>/edit/", report_views.ReportEditView.as_view(), name="report_edit"),
    path(
        "reports/<uuid:pk>/answers/<str:code>/",
        report_views.AnswerSaveView.as_view(),
        name="answer_save",
    ),
    path(
        "reports/<uuid:pk>/workbook.xlsx",
        report_views.WorkbookDownloadView.as_view(),
        name="workbook_download",
    ),
    path(
        "reports/<uuid:pk>/workbook/",
        report_views.WorkbookUploadView.as_view(),
        name="workbook_upload",
    ),
    path(
        "reports/<uuid:pk>/attachments/",
        report_views.AttachmentUploadView.as_view(),
        name="attachment_upload",
    ),
    path(
        "reports/<uuid:pk>/attachments/<uuid:attachment>/",
        report_views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path(
        "reports/<uuid:pk>/attachments/<uuid:attachment>/remove/",
        report_views.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
    path(
        "reports/<uuid:pk>/download.<str:format>",
        report_views.ReportExportView.as_view(),
        name="report_download",
    ),
    # Last: its <action> would otherwise swallow the fixed paths above.
    path(
        "reports/<uuid:pk>/<str:action>/",
        report_views.ReportActionView.as_view(),
        name="report_action",
    ),
]
