# Loss Lab as a container (docs/deploy.md has the details):
#   docker build -t loss-lab .            # or: podman build --format docker -t loss-lab .
#   docker run --rm -p 127.0.0.1:8501:8501 loss-lab
#
# BASE names the Python image: a registry mirror, or a local Debian image with python3 and
# python3-venv (`make docker-test` builds one with debootstrap when Docker Hub is out of reach).
# Behind a TLS-intercepting proxy or a private index, pass build secrets instead of editing this file:
#   --secret id=pip_ca,src=<CA bundle PEM>    pip trusts this bundle
#   --secret id=pip_conf,src=<pip.conf>       pip reads this config (index-url, extra-index-url, ...)
# Secrets are mounted for the one RUN that needs them and never stored in a layer.
ARG BASE=python:3.12-slim

# ---- Stage 1: the dependencies, in a virtualenv that the runtime stage copies as is ------------
FROM ${BASE} AS deps
SHELL ["/bin/bash", "-o", "pipefail", "-c"]

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

COPY requirements.txt /tmp/requirements.txt
# Wheels only (no compiler in either stage); then pip, and the test suites and C++ headers that
# numpy, pandas and pyarrow ship, are removed from the venv.
RUN --mount=type=secret,id=pip_ca,required=false \
    --mount=type=secret,id=pip_conf,required=false \
    set -eu; \
    if [ -s /run/secrets/pip_ca ]; then export PIP_CERT=/run/secrets/pip_ca; fi; \
    if [ -s /run/secrets/pip_conf ]; then export PIP_CONFIG_FILE=/run/secrets/pip_conf; fi; \
    python3 -m venv /opt/venv; \
    /opt/venv/bin/python -m pip install --no-cache-dir --only-binary=:all: -r /tmp/requirements.txt; \
    /opt/venv/bin/python -m pip uninstall --yes --quiet pip setuptools wheel; \
    find /opt/venv/lib -type d -name tests \( -path '*/site-packages/numpy/*' -o -path '*/site-packages/pandas/*' \
        -o -path '*/site-packages/pyarrow/*' \) -prune -exec rm -rf {} +; \
    rm -rf /opt/venv/lib/python3*/site-packages/pyarrow/include; \
    rm -f /tmp/requirements.txt

# ---- Stage 2: the runtime ------------------------------------------------------------------------
FROM ${BASE}

LABEL org.opencontainers.image.title="Loss Lab" \
      org.opencontainers.image.description="Interactive explainer of classification losses (Streamlit)"

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/home/losslab
# Production settings; each can be overridden with `-e NAME=value` at run time (docs/deploy.md).
ENV STREAMLIT_CLIENT_SHOW_ERROR_DETAILS=none \
    STREAMLIT_CLIENT_TOOLBAR_MODE=viewer \
    STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION=true \
    STREAMLIT_SERVER_ENABLE_CORS=true \
    STREAMLIT_SERVER_ENABLE_STATIC_SERVING=false \
    STREAMLIT_SERVER_MAX_UPLOAD_SIZE=5 \
    STREAMLIT_SERVER_RUN_ON_SAVE=false \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false \
    STREAMLIT_GLOBAL_DEVELOPMENT_MODE=false

# A fixed, non-root UID/GID (Kubernetes' runAsNonRoot checks a number) with a writable home.
RUN groupadd --gid 10001 losslab \
    && useradd --uid 10001 --gid 10001 --create-home --home-dir /home/losslab \
        --shell /usr/sbin/nologin losslab

COPY --from=deps /opt/venv /opt/venv

# The code is owned by root and read-only to the app user; .dockerignore keeps the context small.
WORKDIR /app
COPY . .
RUN python -m compileall -q /app

USER 10001:10001
EXPOSE 8501

# No curl in the image: the venv's Python asks Streamlit's own health endpoint.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2)"]

CMD ["python", "-m", "streamlit", "run", "app.py", \
     "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true", \
     "--server.fileWatcherType=none", "--browser.gatherUsageStats=false"]
