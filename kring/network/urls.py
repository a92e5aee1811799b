
app_name = "network"

urlpatterns: list = []
