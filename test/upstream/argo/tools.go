//go:build tools

// Package tools pins the Argo Rollouts controller and kubectl plugin (see ../build.mjs).
package tools

import (
	_ "github.com/argoproj/argo-rollouts/cmd/kubectl-argo-rollouts"
	_ "github.com/argoproj/argo-rollouts/cmd/rollouts-controller"
)
