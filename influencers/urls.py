app_name = "influencers"

urlpatterns = []
