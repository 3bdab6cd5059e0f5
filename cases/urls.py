"""URLs of the cases app, mounted under the language prefix. Filled by the cases issue."""

app_name = "cases"
urlpatterns = []
