"""Pages of national reporting, under ``/reporting/``: meetings and reporting cycles, report
templates, national reports and their editor, comparisons."""

from django.urls import path

from .views import compare, editor, meetings, reports, templates

app_name = "reporting"

urlpatterns = [
    path("", meetings.CycleListView.as_view(), name="cycle_list"),
    path(
        "cycles/export.csv",
        meetings.CycleListView.as_view(export_format="csv"),
        name="cycle_export",
    ),
    path("cycles/add/", meetings.CycleCreateView.as_view(), name="cycle_create"),
    path("cycles/<str:code>/", meetings.CycleDetailView.as_view(), name="cycle_detail"),
    path("cycles/<str:code>/edit/", meetings.CycleUpdateView.as_view(), name="cycle_update"),
    path("meetings/", meetings.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/add/", meetings.MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/<str:code>/", meetings.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<str:code>/edit/", meetings.MeetingUpdateView.as_view(), name="meeting_update"),
    path("templates/", templates.TemplateListView.as_view(), name="template_list"),
    path("templates/import/", templates.TemplateImportView.as_view(), name="template_import"),
    path(
        "templates/<slug:code>/v<int:version>/",
        templates.TemplateDetailView.as_view(),
        name="template_detail",
    ),
    path(
        "templates/<slug:code>/v<int:version>/download/",
        templates.TemplateDownloadView.as_view(),
        name="template_download",
    ),
    path(
        "templates/<slug:code>/v<int:version>/copy/",
        templates.TemplateCopyView.as_view(),
        name="template_copy",
    ),
    path("reports/", reports.ReportListView.as_view(), name="report_list"),
    path(
        "reports/export.csv",
        reports.ReportListView.as_view(export_format="csv"),
        name="report_export",
    ),
    path("states/<str:iso3>/compare/", compare.StateComparisonView.as_view(), name="state_compare"),
    path(
        "cycles/<str:code>/questions/<str:question>/",
        compare.QuestionComparisonView.as_view(),
        name="question_compare",
    ),
    path(
        "cycles/<str:code>/questions/<str:question>/export.csv",
        compare.QuestionComparisonView.as_view(export_format="csv"),
        name="question_compare_export",
    ),
    path("reports/start/", reports.ReportStartView.as_view(), name="report_start"),
    path("reports/<uuid:pk>/", reports.ReportDetailView.as_view(), name="report_detail"),
    path(
        "reports/<uuid:pk>/download.<str:format>",
        reports.ReportExportView.as_view(),
        name="report_download",
    ),
    path(
        "reports/<uuid:pk>/attachments/<uuid:attachment>/",
        reports.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path("reports/<uuid:pk>/submit/", reports.ReportSubmitView.as_view(), name="report_submit"),
    path("reports/<uuid:pk>/return/", reports.ReportReturnView.as_view(), name="report_return"),
    path("reports/<uuid:pk>/publish/", reports.ReportPublishView.as_view(), name="report_publish"),
    path("reports/<uuid:pk>/revise/", reports.ReportReviseView.as_view(), name="report_revise"),
    path("reports/<uuid:pk>/edit/", editor.ReportEditView.as_view(), name="report_edit"),
    path(
        "reports/<uuid:pk>/answers/<str:code>/",
        editor.AnswerSaveView.as_view(),
        name="answer_save",
    ),
    path(
        "reports/<uuid:pk>/workbook.xlsx",
        editor.WorkbookDownloadView.as_view(),
        name="workbook_download",
    ),
    path(
        "reports/<uuid:pk>/workbook/",
        editor.WorkbookUploadView.as_view(),
        name="workbook_upload",
    ),
    path(
        "reports/<uuid:pk>/attachments/",
        editor.AttachmentUploadView.as_view(),
        name="attachment_upload",
    ),
    path(
        "reports/<uuid:pk>/attachments/<uuid:attachment>/remove/",
        editor.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
]
