//go:build tools

// Package tools pins kwok (fake nodes and pods) for the upstream test stage (see ../build.mjs).
package tools

import _ "sigs.k8s.io/kwok/cmd/kwok"
