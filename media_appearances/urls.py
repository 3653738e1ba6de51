app_name = "media_appearances"

urlpatterns = []
