# syntax=docker/dockerfile:1

# --- Stage 1: install all dependencies, compile TypeScript, drop dev dependencies ---
FROM node:24-bookworm-slim AS build
WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY seeds ./seeds
COPY views ./views
COPY public ./public
COPY scripts ./scripts

# tsc -p tsconfig.build.json -> dist/src, dist/migrations, dist/seeds
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# --- Stage 2: runtime image ---
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app

# package.json must sit at the app root: src/paths.ts walks up from dist/src to find it,
# and resolves views/, public/ and the default data/ folder next to it.
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/views ./views
COPY --from=build --chown=node:node /app/public ./public
# The demo seed reads the roadmap tables it copies in (seeds/roadmaps.ts).
COPY --from=build --chown=node:node /app/seeds/data ./seeds/data

# Writable folder for the embedded database, used only when DATABASE_URL is not set.
RUN mkdir -p /app/data && chown node:node /app/data

USER node
EXPOSE 3000

# Liveness (/healthz: the process answers; it does not ask the database, so a database outage does not
# get the container restarted for nothing). A load balancer asks /readyz instead (README). The slim
# image has no curl: ask Node itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

CMD ["node", "dist/src/server.js"]
