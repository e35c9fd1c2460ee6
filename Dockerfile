# syntax=docker/dockerfile:1
# intercom-messages-gateway: a production image. The build stage compiles the TypeScript; the
# runtime stage holds production dependencies and dist/ only, and runs as a non-root user.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
# Compiles the gateway and bundles the self-hosted explorer (GraphiQL) into dist/.
RUN npm run build

FROM node:24-bookworm-slim AS runtime
# /metrics on a port of its own (production requires one), for a scraper on the container's
# network; publish PORT only: it refuses /metrics.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    GATEWAY_METRICS_PORT=9464 \
    GATEWAY_METRICS_HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The embedded ledger's folder (one container without DATABASE_URL): mount a volume here.
ENV LEDGER_DATA_DIR=/var/lib/intercom-messages-gateway/ledger
RUN mkdir -p /var/lib/intercom-messages-gateway && chown node:node /var/lib/intercom-messages-gateway
VOLUME ["/var/lib/intercom-messages-gateway"]
USER node
EXPOSE 4000
# Secrets as files (Docker/Kubernetes secrets): INTERCOM_ACCESS_TOKEN_FILE, DATABASE_PASSWORD_FILE, ...
# readable by this user. /metrics apart from port 4000: GATEWAY_METRICS_PORT (left unpublished).
# Liveness: the process answers. (Readiness, for a load balancer, is GET /readyz.)
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: SIGTERM reaches node itself, which drains requests and exits.
CMD ["node", "dist/main.js"]
