# syntax=docker/dockerfile:1
#
# The zscaler-mcp server image, for those who build with Docker:
#
#   docker buildx build --platform linux/arm64,linux/amd64 \
#     --build-arg VERSION=v1.2.3 \
#     --build-arg REVISION="$(git rev-parse HEAD)" \
#     --build-arg CREATED="$(git log -1 --format=%cI)" \
#     -t <account>.dkr.ecr.<region>.amazonaws.com/zscaler/zscaler-mcp-server:<tag> --push .
#
# Without VERSION the binary reports the version the Go toolchain stamps from
# the checkout (the .git folder must then be in the build context), but the
# version label stays empty: `zscaler-mcp agentcore image build` fills both
# from the binary's own build information.
#
# Without Docker, `zscaler-mcp agentcore image build` / `image push` assemble
# the same contents in Go (internal/agentcore/image): the static binary at
# /zscaler-mcp built with the same flags (and the build tag nosandbox: the image's
# binary carries no embedded demo tenant), the same /etc/passwd, /etc/group and
# CA roots (written by the same code, ./internal/agentcore/image/rootfs), owned
# by root, run as 65532:65532, with the same environment, entrypoint and labels.
#
# This file is not built by the project's tests or CI: there is no Docker
# engine there. internal/agentcore/image/dockerfile_test.go parses it and
# checks its ENV, USER, WORKDIR, EXPOSE, ENTRYPOINT, CMD, LABEL keys and go build
# flags against what the Go build produces; change both together.

FROM --platform=$BUILDPLATFORM golang:1.26 AS build
ARG TARGETOS=linux
ARG TARGETARCH
ARG VERSION=
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
# passwd, group and the CA roots (the pinned golang.org/x/crypto/x509roots
# bundle, not this build machine's), exactly as the Go-built image has them.
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    go run ./internal/agentcore/image/rootfs /rootfs
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH GOAMD64=v1 GOARM64=v8.0 \
    go build -trimpath -buildvcs=auto -tags nosandbox -gcflags=github.com/...=-l -gcflags=net=-l -gcflags=net/http/...=-l -gcflags=crypto/tls=-l -gcflags=fmt=-l -gcflags=math/big=-l -gcflags=encoding/gob=-l -gcflags=log/slog/...=-l -gcflags=github.com/segmentio/...= -ldflags "-s -w -X github.com/zscaler-mcp/zscaler-mcp/internal/buildinfo.version=${VERSION}" -o /rootfs/zscaler-mcp ./cmd/zscaler-mcp

FROM scratch
ARG VERSION=
ARG REVISION=
ARG CREATED=
COPY --from=build --chown=0:0 /rootfs/ /
ENV ZSCALER_MCP_TRANSPORT=streamable-http \
    ZSCALER_MCP_HOST=0.0.0.0 \
    ZSCALER_MCP_PORT=8000 \
    ZSCALER_MCP_ALLOW_HTTP=true \
    ZSCALER_MCP_DISABLE_HOST_VALIDATION=true \
    ZSCALER_MCP_LOG_TOOL_CALLS=true \
    ZSCALER_MCP_PLATFORM=agentcore
LABEL org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/zscaler-mcp/zscaler-mcp" \
      org.opencontainers.image.title="zscaler-mcp" \
      org.opencontainers.image.created="${CREATED}"
USER 65532:65532
WORKDIR /
EXPOSE 8000/tcp
ENTRYPOINT ["/zscaler-mcp"]
CMD ["serve"]
