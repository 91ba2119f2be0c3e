# OnePoint workers and CLI in one image. Used by docker-compose.yml; each service runs one
# executable (onepoint-provisioning, onepoint-fault, onepoint-cutover, onepoint-reporting, onepoint).
FROM swift:6.2-bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends librdkafka-dev libsqlite3-dev libjemalloc-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib \
 && mkdir -p /out \
 && cp .build/release/onepoint .build/release/onepoint-provisioning .build/release/onepoint-fault \
       .build/release/onepoint-cutover .build/release/onepoint-reporting /out/

FROM debian:bookworm-slim
# The onepoint user is uid 10001: scripts/make-certs.sh gives it the SCRAM password files.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends librdkafka1 libsqlite3-0 libjemalloc2 libcurl4 libxml2 tzdata ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /var/lib/onepoint --create-home onepoint
COPY --from=build /out/ /usr/local/bin/
COPY config /etc/onepoint/
USER onepoint
WORKDIR /var/lib/onepoint
ENV ONEPOINT_STATE_DIRECTORY=/var/lib/onepoint \
    ONEPOINT_HTTP_HOST=0.0.0.0
# Each service names its executable; this default prints the CLI's help.
CMD ["onepoint", "--help"]
