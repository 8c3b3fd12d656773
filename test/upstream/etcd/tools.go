//go:build tools

// Package tools pins the etcd server built for the upstream test stage (see ../build.mjs).
package tools

import _ "go.etcd.io/etcd/server/v3"
