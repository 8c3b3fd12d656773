//go:build tools

// Package tools pins Flagger and its load tester (see ../build.mjs).
package tools

import (
	_ "github.com/fluxcd/flagger/cmd/flagger"
	_ "github.com/fluxcd/flagger/cmd/loadtester"
)
