# casewatch and casesim in one small image: static binaries (CGO off;
# modernc.org/sqlite is pure Go) on distroless/static (CA certificates,
# tzdata, /etc/passwd; no shell), running as the non-root user 65532.
#
#   docker build -t casewatch .
#   docker run -d --name casewatch -p 2222:2222 \
#     -v /srv/casewatch/etc:/etc/casewatch:ro -v casewatch-state:/var/lib/casewatch \
#     casewatch serve-ssh --api http://cases.example.internal:8470
#   docker run --rm casewatch --version
#   docker run -d -p 8470:8470 -v casesim-state:/var/lib/casewatch \
#     --entrypoint /usr/bin/casesim casewatch serve --addr 0.0.0.0:8470
#
# Settings: /etc/casewatch/config.toml (mount it); state (host key, outbox,
# casesim.db): /var/lib/casewatch, a volume. docs/DEPLOY.md.

ARG GO_VERSION=1.26
FROM golang:${GO_VERSION} AS build
WORKDIR /src
COPY go.mod go.sum ./
COPY third_party/ third_party/
RUN go mod download
COPY . .
# VERSION, COMMIT and DATE: what --version says (the tag, the commit, its
# time); without them the image says (devel).
ARG VERSION="" COMMIT="" DATE=""
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X github.com/casewatch/casewatch/version.tag=${VERSION} -X github.com/casewatch/casewatch/version.commit=${COMMIT} -X github.com/casewatch/casewatch/version.date=${DATE}" \
      -o /out/ ./cmd/casewatch ./cmd/casesim

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/casewatch /out/casesim /usr/bin/
COPY LICENSE /usr/share/doc/casewatch/LICENSE
COPY --chown=65532:65532 packaging/container/state/ /var/lib/casewatch/
COPY packaging/container/config.toml /etc/casewatch/config.toml
# package paths: the state and config directories, as systemd would set them.
ENV STATE_DIRECTORY=/var/lib/casewatch \
    CONFIGURATION_DIRECTORY=/etc/casewatch \
    LANG=zh_CN.UTF-8
USER 65532:65532
VOLUME ["/var/lib/casewatch"]
# SSH (serve-ssh), metrics (--metrics-addr 0.0.0.0:9464 --metrics-allow-remote).
EXPOSE 2222 9464
ENTRYPOINT ["/usr/bin/casewatch"]
CMD ["serve-ssh"]
