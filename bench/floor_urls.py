"""The app's URLs plus the floor of bench/load.py: a bare view that takes the same CSRF-protected POST as the
survey and inserts one row into a table the benchmark created (``bench_floor``), then redirects like the survey."""

from django.db import connection
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_POST

from btb.urls import urlpatterns as app_urlpatterns


@require_POST
def floor(request):
    with connection.cursor() as cursor:
        cursor.execute("insert into bench_floor (created_at) values (now())")
    return redirect("feedback:survey_thanks")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *app_urlpatterns]
