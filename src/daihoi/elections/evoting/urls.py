app_name = "evoting"
urlpatterns: list = []
