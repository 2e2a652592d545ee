# The production image: compiled JavaScript on Node 20, production dependencies only, as the unprivileged `node` user.
# Build: docker build -t portal-bot .   Run: see docker-compose.yml and docs/deploy.md.

# 1. Compile TypeScript with every dependency (tsc is a dev dependency); the demo data and the migrations go with the build.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
# The bundler's settings: the entry the image runs is one bundle with lazily loaded chunks (faster cold starts).
COPY scripts/bundle.mjs ./scripts/bundle.mjs
COPY src ./src
COPY adapters ./adapters
COPY data/demo.json ./data/demo.json
# The PostgreSQL store's migrations, run at start (dist/migrations).
COPY migrations ./migrations
RUN npm run build

# 2. Production dependencies only: no tsx, no TypeScript, no test tools.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# 3. What runs.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
ENV HOST=0.0.0.0
ENV PORT=3978
ENV DATA_FILE=/data/db.json
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
# The JSON store, its backup and its lock live here; with DATABASE_URL the store is PostgreSQL instead.
VOLUME ["/data"]
EXPOSE 3978
# Liveness: the process answers. Orchestrators should route traffic on GET /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM drains and releases the store within 10 s (Docker's default grace period).
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/app/main.js"]
