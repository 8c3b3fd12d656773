# Sourced: start/stop a throw-away code-server on 127.0.0.1 in its own process group.
#   start_code_server RUN_DIR PORT WORKSPACE [extra code-server args...]
#       env VSIX=file.vsix installs it first (--install-extension, as a user would);
#       env SETTINGS_JSON=file uses that user settings.json (default: test/vscode/settings.json);
#       env WORKSPACE_TRUST=1 leaves workspace trust on (no --disable-workspace-trust; the settings must
#       enable it too), for the untrusted-workspace run.
#   stop_code_server RUN_DIR
# The agent host and its children outlive a plain kill of code-server's pid: we start it with setsid
# and kill the whole process group. All state (user data, extensions, XDG dirs) lives in RUN_DIR.
HARNESS_DIR=${HARNESS_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
. "$HARNESS_DIR/env.sh"

start_code_server() {
  local run port ws
  run=$(realpath -m "$1"); port=$2; ws=$(realpath "$3"); shift 3
  mkdir -p "$run"/{user-data/User,extensions,xdg-config,xdg-data,xdg-cache}
  cp "${SETTINGS_JSON:-$HARNESS_DIR/settings.json}" "$run/user-data/User/settings.json"
  local common=(--user-data-dir "$run/user-data" --extensions-dir "$run/extensions")
  local trust=(--disable-workspace-trust); [ -n "${WORKSPACE_TRUST:-}" ] && trust=()
  if [ -n "${VSIX:-}" ]; then
    XDG_CONFIG_HOME="$run/xdg-config" XDG_DATA_HOME="$run/xdg-data" XDG_CACHE_HOME="$run/xdg-cache" \
      EXTENSIONS_GALLERY='{}' code_server "${common[@]}" --install-extension "$VSIX" --force >"$run/install-extension.log" 2>&1 \
      || { echo "code-server --install-extension failed:" >&2; cat "$run/install-extension.log" >&2; return 1; }
  fi
  local t0; t0=$(date +%s%N)
  # EXTENSIONS_GALLERY='{}': no marketplace look-ups (open-vsx is unreachable here).
  PATH="$NODE24_DIR/bin:$PATH" XDG_CONFIG_HOME="$run/xdg-config" XDG_DATA_HOME="$run/xdg-data" XDG_CACHE_HOME="$run/xdg-cache" \
    EXTENSIONS_GALLERY='{}' setsid "$NODE24_DIR/bin/node" "$CODE_SERVER_DIR/out/node/entry.js" "${common[@]}" \
    --bind-addr "127.0.0.1:$port" --auth none \
    --disable-telemetry --disable-update-check "${trust[@]}" \
    --disable-getting-started-override --ignore-last-opened \
    "$@" "$ws" >"$run/code-server.log" 2>&1 </dev/null &
  echo $! >"$run/code-server.pid"
  local i
  for i in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
      echo "code-server up on http://127.0.0.1:$port/ after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
      return 0
    fi
    kill -0 "$(cat "$run/code-server.pid")" 2>/dev/null || break
    sleep 0.1
  done
  echo "code-server did not come up on port $port; log:" >&2; cat "$run/code-server.log" >&2
  return 1
}

stop_code_server() {
  local run pid i
  run=$(realpath -m "$1")
  pid=$(cat "$run/code-server.pid" 2>/dev/null) || return 0
  stop_process_group "$pid"
  rm -f "$run/code-server.pid"
}

# TERM a process group, wait up to GRACE_S seconds (default 5), then KILL it.
stop_process_group() {
  local pid=$1 grace=${2:-5} i
  kill -TERM -- "-$pid" 2>/dev/null || true
  for i in $(seq 1 $((grace * 10))); do
    pgrep -g "$pid" >/dev/null 2>&1 || return 0
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
}

# A free TCP port on loopback (the kernel picks it).
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
