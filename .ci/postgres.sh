#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, on a free loopback port, in a temporary directory.
#
#   eval "$(.ci/postgres.sh start)"   # prints the exports: LIFECYCLE_TEST_POSTGRES (connection string),
#                                     # LIFECYCLE_TEST_POSTGRES_DIR (the cluster's directory)
#   .ci/postgres.sh stop [DIR]        # stops the cluster and removes its directory (DIR defaults to
#                                     # $LIFECYCLE_TEST_POSTGRES_DIR)
#
# The server runs as the `postgres` user (initdb refuses root); authentication is `trust` on loopback only,
# and fsync is off: the cluster holds test data and is thrown away. LIFECYCLE_POSTGRES_FSYNC=on keeps every
# commit durable (the benchmarks measure that). Progress goes to stderr, so that stdout
# carries only the exports.
set -euo pipefail

say() { echo "postgres.sh: $*" >&2; }

find_bin() {
    local bin
    for bin in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; then echo "$bin"; return 0; fi
    done
    return 1
}

ensure_installed() {
    if find_bin >/dev/null; then return 0; fi
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        say "installing PostgreSQL 15 (Debian package postgresql-15)"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15) >&2 || true
    fi
    find_bin >/dev/null
}

free_port() {
    local port
    for port in $(shuf -i 20000-60000 -n 50); do
        # A refused connection means nobody listens there.
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
    done
    return 1
}

as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

start() {
    ensure_installed || { say "no PostgreSQL binaries (looked in /usr/lib/postgresql/*/bin)"; exit 1; }
    id postgres >/dev/null 2>&1 || { say "no 'postgres' user to run the server as"; exit 1; }
    local bin dir port
    bin=$(find_bin)
    dir=$(mktemp -d /tmp/lifecycle-postgres.XXXXXX)
    chown postgres "$dir"
    chmod 700 "$dir"
    as_postgres "$bin/initdb" --pgdata="$dir/data" --username=postgres --auth=trust --encoding=UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    for attempt in 1 2 3; do
        port=$(free_port) || { say "no free port"; exit 1; }
        if as_postgres "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=60 \
            -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=${LIFECYCLE_POSTGRES_FSYNC:-off} -c max_connections=300" \
            start >&2; then
            echo "export LIFECYCLE_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres'"
            echo "export LIFECYCLE_TEST_POSTGRES_DIR='$dir'"
            say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir"
            return 0
        fi
        say "start on port $port failed (attempt $attempt)"; tail -n 5 "$dir/server.log" >&2 || true
    done
    exit 1
}

stop() {
    local dir=${1:-${LIFECYCLE_TEST_POSTGRES_DIR:-}}
    [ -n "$dir" ] && [ -d "$dir/data" ] || { say "nothing to stop"; return 0; }
    as_postgres "$(find_bin)/pg_ctl" --pgdata="$dir/data" --mode=fast --wait stop >&2 || true
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: $0 start | stop [DIR]" >&2; exit 2 ;;
esac
