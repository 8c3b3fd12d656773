//go:build tools

// Package tools pins the helm CLI that the chart tests render with (see ../build.mjs).
package tools

import (
	_ "helm.sh/helm/v3/cmd/helm"
)
