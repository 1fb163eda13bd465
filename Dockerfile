# Build: a release binary with the web client embedded.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p roundtable

# Run: a small image with only the binary and the example consultation.
FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home /data roundtable \
 && mkdir -p /data && chown roundtable /data
COPY --from=build /src/target/release/roundtable /usr/local/bin/roundtable
COPY consultations /consultations
USER roundtable
ENV ROUNDTABLE_BIND=0.0.0.0:8080 \
    ROUNDTABLE_DATA=/data
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/roundtable"]
CMD ["serve"]
