# syntax=docker/dockerfile:1
# Vigil API server (REST API v1 + the web UI). Build from the repository root:
#   docker build -f deploy/docker/api.Dockerfile -t vigil/api .

# Node 20 for the ui module (ui/pom.xml runs the machine's node and npm); only its files are copied.
FROM node:20-bookworm-slim AS node

FROM maven:3.9-eclipse-temurin-17 AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 --mount=type=cache,target=/root/.npm \
    mvn -B -pl api-server -am package -DskipTests

FROM eclipse-temurin:17-jre
# A fixed non-root uid/gid (10001) that Kubernetes' runAsNonRoot can check.
RUN groupadd --system --gid 10001 vigil \
 && useradd --system --uid 10001 --gid vigil --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin vigil \
 && mkdir -p /var/lib/vigil/files && chown -R 10001:10001 /var/lib/vigil
WORKDIR /app
COPY --from=build /src/api-server/target/api-server-0.1.0-SNAPSHOT-exec.jar /app/vigil-api.jar
USER 10001:10001
ENV VIGIL_PORT=8080
EXPOSE 8080
# curl is part of the eclipse-temurin (Ubuntu) images.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${VIGIL_PORT}/actuator/health/readiness" || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-jar", "/app/vigil-api.jar"]
