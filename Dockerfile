# Causeway image: Node.js 20 with production dependencies. Sources are
# TypeScript run through tsx's loader, so there is no build stage.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY . .
ENV CAUSEWAY_DATA_DIR=/var/lib/causeway
EXPOSE 4317 4318 8080
ENTRYPOINT ["node", "bin/causeway.js"]
CMD ["start"]
