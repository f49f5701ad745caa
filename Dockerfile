# Base images pinned by exact tag (the toolchain the project is tested with, Debian 12 for both
# stages so the binary's glibc is the runtime's).
#   docker build -t vendor-emulator .
#   docker run --rm -p 8080:8080 vendor-emulator
FROM rust:1.95.0-slim-bookworm AS build
WORKDIR /src

# The dependencies alone, built against stub sources: this layer is reused until Cargo.toml or
# Cargo.lock changes, so a change to the emulator's code recompiles the emulator only, not the
# 213 crates beneath it. The stub's own build records are removed so the real sources rebuild.
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src bench/ceiling \
    && echo 'fn main() {}' > src/main.rs \
    && echo 'fn main() {}' > bench/ceiling/main.rs \
    && touch src/lib.rs \
    && cargo build --release --locked \
    && rm -rf src bench target/release/vendor-emulator* target/release/.fingerprint/vendor-emulator-* \
       target/release/deps/vendor_emulator-* target/release/deps/libvendor_emulator-*

COPY src src
COPY migrations migrations
COPY schema schema
COPY config config
COPY bench/ceiling/main.rs bench/ceiling/main.rs
RUN cargo build --release --locked

# Run: a slim non-root image with the binary alone (migrations, defaults and demo fixtures are
# compiled in). State is in memory unless EMULATOR__DATABASE__URL or --database-url says where.
FROM debian:12.12-slim
RUN useradd --system --uid 10001 --home-dir /data --create-home emulator
COPY --from=build /src/target/release/vendor-emulator /usr/local/bin/vendor-emulator
USER emulator
WORKDIR /data
ENV EMULATOR__SERVER__LISTEN=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=2s --retries=3 CMD ["vendor-emulator", "healthcheck"]
ENTRYPOINT ["vendor-emulator"]
CMD ["serve"]
