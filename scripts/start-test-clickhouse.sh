#!/usr/bin/env bash
# Starts a throw-away ClickHouse server for the storage transport tests
# (storage/server-transport.test.ts) and prints its HTTP URL on stdout.
#
#   export CAUSEWAY_TEST_CLICKHOUSE_URL="$(scripts/start-test-clickhouse.sh)"
#   scripts/start-test-clickhouse.sh --stop
#
# It uses Debian's `clickhouse-server` package (18.16: far too old for the
# otel schema, but a real server speaking the same HTTP protocol), installing
# it when missing. The server listens on 127.0.0.1 only, keeps its config,
# data and logs in its own folder, and lets `default` in without a password.
# Running it again while the server answers only prints the URL.
#
# Environment (all optional):
#   CAUSEWAY_TEST_CLICKHOUSE_HTTP_PORT  HTTP port (default 18123)
#   CAUSEWAY_TEST_CLICKHOUSE_TCP_PORT   native port (default 19000)
#   CAUSEWAY_TEST_CLICKHOUSE_DIR        folder for config/data/logs
#                                       (default ${TMPDIR:-/tmp}/causeway-test-clickhouse)
#   CAUSEWAY_TEST_CLICKHOUSE_WAIT_SECONDS  how long to wait for /ping (default 60)
set -euo pipefail

HTTP_PORT="${CAUSEWAY_TEST_CLICKHOUSE_HTTP_PORT:-18123}"
TCP_PORT="${CAUSEWAY_TEST_CLICKHOUSE_TCP_PORT:-19000}"
BASE_DIR="${CAUSEWAY_TEST_CLICKHOUSE_DIR:-${TMPDIR:-/tmp}/causeway-test-clickhouse}"
WAIT_SECONDS="${CAUSEWAY_TEST_CLICKHOUSE_WAIT_SECONDS:-60}"
URL="http://127.0.0.1:${HTTP_PORT}"
PID_FILE="${BASE_DIR}/clickhouse-server.pid"

log() { echo "start-test-clickhouse: $*" >&2; }

# True when the HTTP endpoint answers /ping with "Ok.".
answers_ping() {
  curl --silent --max-time 2 "${URL}/ping" 2>/dev/null | grep -q '^Ok\.'
}

running_pid() {
  if [[ -f "${PID_FILE}" ]]; then
    local pid
    pid="$(cat "${PID_FILE}")"
    if [[ -n "${pid}" ]] && kill -0 "${pid}" 2>/dev/null; then
      echo "${pid}"
      return 0
    fi
  fi
  return 1
}

if [[ "${1:-}" == "--stop" ]]; then
  if pid="$(running_pid)"; then
    log "stopping pid ${pid}"
    kill "${pid}"
    for _ in $(seq 1 50); do kill -0 "${pid}" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "${PID_FILE}"
  exit 0
fi

if answers_ping; then
  echo "${URL}"
  exit 0
fi

# The Debian package puts clickhouse-server in /usr/sbin, which is not on
# every user's PATH.
server_bin() {
  command -v clickhouse-server 2>/dev/null && return 0
  [[ -x /usr/sbin/clickhouse-server ]] && { echo /usr/sbin/clickhouse-server; return 0; }
  [[ -x /usr/bin/clickhouse ]] && { echo /usr/bin/clickhouse server; return 0; }
  return 1
}

if ! server_bin >/dev/null; then
  as_root=()
  if [[ "$(id -u)" != "0" ]]; then
    command -v sudo >/dev/null || { log "clickhouse-server is missing and neither root nor sudo is available"; exit 1; }
    as_root=(sudo)
  fi
  log "installing clickhouse-server (Debian package)"
  "${as_root[@]}" apt-get update >&2
  # The package's post-install script may try to start a system service on
  # the default ports; that outcome does not matter here, the server below
  # uses its own ports and folders.
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y clickhouse-server clickhouse-client >&2
fi
read -r -a SERVER <<<"$(server_bin)"

mkdir -p "${BASE_DIR}"/{data,tmp,user_files,format_schemas,log}

# 18.16 reads <yandex> as the root element; keep the config to keys it knows.
cat >"${BASE_DIR}/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
    <logger>
        <level>warning</level>
        <log>${BASE_DIR}/log/clickhouse-server.log</log>
        <errorlog>${BASE_DIR}/log/clickhouse-server.err.log</errorlog>
        <size>10M</size>
        <count>2</count>
    </logger>
    <listen_host>127.0.0.1</listen_host>
    <http_port>${HTTP_PORT}</http_port>
    <tcp_port>${TCP_PORT}</tcp_port>
    <max_connections>128</max_connections>
    <keep_alive_timeout>3</keep_alive_timeout>
    <max_concurrent_queries>32</max_concurrent_queries>
    <uncompressed_cache_size>134217728</uncompressed_cache_size>
    <mark_cache_size>134217728</mark_cache_size>
    <path>${BASE_DIR}/data/</path>
    <tmp_path>${BASE_DIR}/tmp/</tmp_path>
    <user_files_path>${BASE_DIR}/user_files/</user_files_path>
    <format_schema_path>${BASE_DIR}/format_schemas/</format_schema_path>
    <users_config>${BASE_DIR}/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
    <mlock_executable>false</mlock_executable>
</yandex>
EOF

cat >"${BASE_DIR}/users.xml" <<'EOF'
<?xml version="1.0"?>
<yandex>
    <profiles>
        <default>
            <max_memory_usage>2000000000</max_memory_usage>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks>
                <ip>127.0.0.1</ip>
                <ip>::1</ip>
            </networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</yandex>
EOF

if pid="$(running_pid)"; then
  # Started earlier but not answering yet (or wedged): give it the same wait.
  log "server pid ${pid} exists; waiting for it"
else
  log "starting ${SERVER[*]} on ${URL} (folder ${BASE_DIR})"
  # Run from the server's folder: 18.16 resolves some relative paths from the
  # working directory. setsid detaches it from this shell's session so the
  # server outlives the script; 18.16 ignores --pid-file, so record $! here.
  cd "${BASE_DIR}"
  setsid "${SERVER[@]}" --config-file="${BASE_DIR}/config.xml" \
    >"${BASE_DIR}/log/stdout.log" 2>&1 </dev/null &
  echo "$!" >"${PID_FILE}"
  cd - >/dev/null
fi

deadline=$((SECONDS + WAIT_SECONDS))
until answers_ping; do
  if ((SECONDS >= deadline)); then
    log "no answer from ${URL}/ping after ${WAIT_SECONDS}s; last log lines:"
    tail -n 20 "${BASE_DIR}/log/clickhouse-server.err.log" "${BASE_DIR}/log/stdout.log" >&2 2>/dev/null || true
    exit 1
  fi
  sleep 0.5
done

echo "${URL}"
