"""Pages of national reporting, under ``/reporting/``: meetings and reporting cycles, report
templates, national reports and their editor, comparisons."""

from django.urls import path

from smallarms.core.urls import model_urls

from .views import compare, editor, meetings, reports, templates

app_name = "reporting"

urlpatterns = [
    path("", meetings.CycleListView.as_view(), name="cycle_list"),
    path(
        "cycles/export.csv",
        meetings.CycleListView.as_view(export_format="csv"),
        name="cycle_export",
    ),
    *model_urls(
        "cycles",
        "cycle",
        create=meetings.CycleCreateView,
        detail=meetings.CycleDetailView,
        update=meetings.CycleUpdateView,
        key="<str:code>",
        create_path="add/",
    ),
    *model_urls(
        "meetings",
        "meeting",
        list=meetings.MeetingListView,
        export=False,
        create=meetings.MeetingCreateView,
        detail=meetings.MeetingDetailView,
        update=meetings.MeetingUpdateView,
        key="<str:code>",
        create_path="add/",
    ),
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
    path("reports/start/", reports.ReportStartView.as_view(), name="report_start"),
    *model_urls(
        "reports",
        "report",
        list=reports.ReportListView,
        detail=reports.ReportDetailView,
        steps={
            "submit": reports.ReportSubmitView,
            "return": reports.ReportReturnView,
            "publish": reports.ReportPublishView,
            "revise": reports.ReportReviseView,
        },
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
