# The register as a container: Node.js 20, dependencies installed with `npm ci` (which also builds the
# web pages), then node itself as the container's process (what `npm start` runs), so that `docker stop`
# signals the register and it shuts down cleanly. Configuration comes from the environment (see
# docker-compose.yml).
FROM node:20-bookworm-slim

# better-sqlite3 (local read models and idempotency records) compiles from source when no prebuilt
# binary fits the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
 && mkdir -p /data dist \
 && chown -R node:node /data dist

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data

USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["sh", "-c", "exec node --max-old-space-size=${REGISTER_HEAP_MB:-384} --import tsx src/main.ts"]
