# The story map as a container: a slim Python base, the npm-pinned map assets, the app as a non-root user.
# Build: docker build -t idlib-story-map .   Run: docker run -p 8501:8501 idlib-story-map
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# Node.js and npm only to install the pinned front-end packages; removed again in the same layer.
WORKDIR /app
COPY package.json package-lock.json ./
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && npm ci --ignore-scripts --no-audit --no-fund \
 && apt-get purge -y nodejs npm && apt-get autoremove -y && rm -rf /var/lib/apt/lists/* /root/.npm

# The shared picture's fonts (geo/render/fonts.py): Noto Sans Arabic for Arabic text; kept in the image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-core \
 && rm -rf /var/lib/apt/lists/*

# The Python dependencies, read from pyproject.toml (the project's one dependency file).
COPY pyproject.toml ./
RUN pip install uv && uv pip install --system -r pyproject.toml && pip uninstall -y uv

COPY app.py ./
COPY app_pages ./app_pages
COPY geo ./geo
COPY stories ./stories
COPY .streamlit ./.streamlit
# The drafting tool's GeoNames index is built once here, not on a reader's or an editor's first call.
RUN python -m geo assets && python -m geo validate && python -m geo draft-index && rm -rf node_modules

# static/story: the app publishes the story's map data there (geo/render/payload.py), once per story and process.
RUN useradd --create-home --uid 10001 storymap && mkdir -p static/story && chown storymap static/story
USER storymap

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]
CMD ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0"]
