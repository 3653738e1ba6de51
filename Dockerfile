FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 BTB_VAR_DIR=/app/var

RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 btb
WORKDIR /app

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# collectstatic needs settings that load; these placeholder values are used for that step only.
RUN DEBUG=false SECRET_KEY=collectstatic-only-placeholder-value-that-is-long-enough-0123456789 \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://localhost:6379/0 EMAIL_URL=consolemail:// \
    ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
 && mkdir -p /app/var/media && chown -R btb:btb /app/var

USER btb
EXPOSE 8000
# The same command as the compose file's web service; migrations are the migrate service's job, not the web's.
CMD ["gunicorn", "btb.wsgi:application", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000", "--workers", "3"]
