# Build
FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY migrations migrations
COPY schema schema
COPY config config
RUN cargo build --release --locked

# Run: a slim non-root image with the binary alone (migrations, defaults and demo fixtures are
# compiled in).
FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home-dir /data --create-home emulator
COPY --from=build /src/target/release/vendor-emulator /usr/local/bin/vendor-emulator
USER emulator
WORKDIR /data
ENV EMULATOR__SERVER__LISTEN=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=2s --retries=3 CMD ["vendor-emulator", "healthcheck"]
ENTRYPOINT ["vendor-emulator"]
CMD ["serve"]
