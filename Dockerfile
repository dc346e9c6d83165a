# gowasm-serve: build with Swift, run on slim Debian with only the C libraries it links.
#   docker build -t gowasm-serve .
#   docker run --rm -p 8080:8080 -v "$PWD/dist:/srv:ro" gowasm-serve
# Serves /srv on 0.0.0.0:8080 as an unprivileged user.

FROM swift:6.3-bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      zlib1g-dev libbrotli-dev libgumbo-dev libxml2-dev libjavascriptcoregtk-4.1-dev libcurl4-openssl-dev libssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Manifest first, so dependency resolution is cached across source edits.
COPY Package.swift ./
RUN swift package resolve
COPY . .
RUN swift build -c release --product gowasm-serve --static-swift-stdlib \
 && install -D -m 0755 "$(swift build -c release --show-bin-path)/gowasm-serve" /out/gowasm-serve

FROM debian:bookworm-slim
# The shared libraries `ldd gowasm-serve` lists once the Swift runtime is linked statically: brotli
# (enc/dec/common), zlib, gumbo, libxml2 (FoundationXML: DOMParser's XML documents), JavaScriptCore with GLib/GObject (libjavascriptcoregtk-4.1-0 brings ICU
# and its other dependencies), libssl3 (`--tls`, linked directly), libstdc++ and libgcc_s (libc, libm come
# with the base image). libcurl4 (`check`'s client; it brings nghttp2 and the rest) is not in that list:
# `check` loads it with dlopen on first use, so it is installed here by name.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libbrotli1 zlib1g libgumbo1 libxml2 libjavascriptcoregtk-4.1-0 libglib2.0-0 libcurl4 libssl3 libstdc++6 libgcc-s1 ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin gowasm \
 && mkdir -p /srv
COPY --from=build /out/gowasm-serve /usr/local/bin/gowasm-serve
USER 10001:10001
EXPOSE 8080
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/gowasm-serve"]
CMD ["serve", "/srv", "--host", "0.0.0.0", "--port", "8080"]
