# One image for both halves of Bida; the command picks which runs:
#   web:     node dist/server.mjs            (the default; listens on $PORT, 3000)
#   worker:  node dist/worker.mjs
#   migrate: node dist/prepare.mjs           (create and migrate the database, seed the first admin; run once per release)
# Settings come from the environment at run time (lib/env.ts, .env.example). Secrets (AUTH_SECRET, SECRETS_KEY,
# DATABASE_URL's password) are never built in: .dockerignore keeps .env out, and nothing here sets them.
#
# BASE_IMAGE is any Debian-like image with Node.js >= 20.9 and npm (Next 16's floor); the default is the official one.
# `npm run test:docker` builds with a base made on the machine (debootstrap + the host's node), where no registry is.
ARG BASE_IMAGE=node:20-bookworm-slim

# All dependencies, for the build. Only the lock file is copied first, so a source change reuses this layer.
FROM ${BASE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=warn

# The Next.js build (.next) and the compiled server, worker and prepare script (dist/).
FROM deps AS build
COPY . .
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
RUN node scripts/build.mjs && rm -rf .next/cache

# Only what runs: the dev tools (TypeScript, eslint, vitest, Playwright, Tailwind) are pruned from the same install.
FROM deps AS prod-deps
RUN npm prune --omit=dev --no-audit --no-fund --loglevel=warn

FROM ${BASE_IMAGE} AS runtime
WORKDIR /app
# HOST: inside a container the web must listen beyond loopback (Bida's own default is 127.0.0.1).
# AUTH_TRUST_HOST: Auth.js behind the container's port mapping or a load balancer.
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOST=0.0.0.0 PORT=3000 AUTH_TRUST_HOST=true
# Not root: prepare's service helpers install MariaDB/Redis with apt-get only as root, which a container must not do.
RUN useradd --system --uid 10001 --no-create-home --home-dir /app bida
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
COPY --from=build /app/dist ./dist
COPY package.json next.config.mjs ./
COPY drizzle ./drizzle
USER bida
EXPOSE 3000
CMD ["node", "dist/server.mjs"]
