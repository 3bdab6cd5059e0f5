"""URLs of the offers app, mounted under the language prefix. Filled by the offers issue."""

app_name = "offers"
urlpatterns = []
