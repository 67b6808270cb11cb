from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path("", views.PeriodListView.as_view(), name="period_list"),
    path("schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("plans/", views.PlanExcelView.as_view(), name="plan_excel"),
    path("schedule/projects/", views.PlanRowsView.as_view(), name="plan_rows"),
    path("<int:pk>/", views.PeriodView.as_view(), name="period"),
    path("<int:pk>/chase/", views.PeriodChaseView.as_view(), name="period_chase"),
    path("<int:pk>/reopen/", views.PeriodReopenView.as_view(), name="period_reopen"),
    path("<int:pk>/missing.xlsx", views.NonReporterExportView.as_view(), name="period_missing"),
    path("<int:pk>/due/", views.DueListView.as_view(), name="due_list"),
    path("<int:pk>/batch/", views.BatchView.as_view(), name="batch"),
    path("<int:pk>/batch/submit/", views.BatchSubmitView.as_view(), name="batch_submit"),
    path("<int:pk>/rows/<int:project_id>/", views.RowView.as_view(), name="row_save"),
    path("<int:pk>/rows/<int:project_id>/submit/", views.RowView.as_view(), {"action": "submit"}, name="row_submit"),
    path("<int:pk>/template.xlsx", views.TemplateDownloadView.as_view(), name="template"),
    path("<int:pk>/import/", views.ImportView.as_view(), name="import"),
    path("<int:pk>/import/<int:batch_id>/", views.ImportStatusView.as_view(), name="import_status"),
    path("<int:pk>/import/<int:batch_id>/file/", views.ImportFileView.as_view(), name="import_file"),
    path("<int:pk>/review/", views.ReviewView.as_view(), name="review"),
    path("<int:pk>/review/bulk/", views.ReviewBulkView.as_view(), name="review_bulk"),
    path("reports/<int:report_id>/accept/", views.ReviewActionView.as_view(), {"action": "accept"},
         name="report_accept"),
    path("reports/<int:report_id>/return/", views.ReviewActionView.as_view(), {"action": "return"},
         name="report_return"),
    path("reports/<int:report_id>/amend/", views.AmendView.as_view(), name="report_amend"),
    path("reports/<int:report_id>/photos/", views.ReportPhotosView.as_view(), name="report_photos"),
    path("reports/<int:report_id>/history/", views.ReportHistoryView.as_view(), name="report_history"),
    path("photos/<int:photo_id>/", views.PhotoFileView.as_view(), name="photo_file"),
    path("projects/<int:project_id>/", views.ProjectProgressView.as_view(), name="project_tab"),
]
