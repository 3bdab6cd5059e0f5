"""URLs of the steering app, mounted under the language prefix. Filled by the steering issue."""

app_name = "steering"
urlpatterns = []
