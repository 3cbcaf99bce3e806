from django.urls import path

from lien.improvements import views

urlpatterns = [
    path("", views.improvement_list, name="improvement_list"),
    path("nouvelle/", views.improvement_create_view, name="improvement_create"),
    path("<int:pk>/", views.improvement_detail, name="improvement_detail"),
    path("<int:pk>/modifier/", views.improvement_edit, name="improvement_edit"),
]
