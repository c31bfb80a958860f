# syntax=docker/dockerfile:1
# The dpgcheck GitHub Action image: a static binary on an empty base.
# Built and pushed for linux/amd64 and linux/arm64 by .github/workflows/release.yml.

FROM --platform=$BUILDPLATFORM golang:1.26-bookworm AS build
ARG TARGETOS=linux
ARG TARGETARCH=amd64
ARG VERSION=dev
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath \
      -ldflags="-s -w -X github.com/dpgcheck/dpgcheck/internal/cli.version=${VERSION}" \
      -o /out/dpgcheck ./cmd/dpgcheck

FROM scratch
LABEL org.opencontainers.image.source="https://github.com/dpgcheck/dpgcheck" \
      org.opencontainers.image.description="Checks a repository against the Digital Public Goods Standard" \
      org.opencontainers.image.licenses="Apache-2.0"
# CA certificates: scratch has none, and the action talks to api.github.com over TLS.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/dpgcheck /dpgcheck
# No USER: GitHub runs Docker actions as root and mounts the workspace for root.
# The entrypoint is the binary and the default command is "action": GitHub runs
# the action's image without arguments (action.yml gives no args), so CMD
# applies; any other command is named after the image:
#   docker run IMAGE check /src        docker run -p 8080:8080 IMAGE serve
ENTRYPOINT ["/dpgcheck"]
CMD ["action"]
# dpgcheck serve listens here by default (--addr :8080).
EXPOSE 8080
