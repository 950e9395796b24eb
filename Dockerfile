# One image for both roles: `npm run worker` or `npm run api` (see docker-compose.yml).
# Two stages: the first installs the production dependencies only; the final image gets those and
# the runtime sources, nothing of dev/, testing/, test/, bench/ or cli/ (test/unit/config checks it).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci's postinstall applies these to the installed packages (docs/dependencies.md)
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
# two malloc arenas: the mail threads' freed buffers go back to the system (config/worker-malloc.ts)
ENV MALLOC_ARENA_MAX=2
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json worker.ts ./
COPY activities ./activities
COPY api ./api
COPY config ./config
COPY contracts ./contracts
COPY db/client.ts db/migrate.ts ./db/
COPY db/migrations ./db/migrations
COPY domain ./domain
COPY gmail ./gmail
COPY metrics ./metrics
COPY security ./security
COPY temporal ./temporal
COPY web ./web
COPY workflows ./workflows
USER node
CMD ["npm", "run", "api"]
