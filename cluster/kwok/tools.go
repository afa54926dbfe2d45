//go:build tools

// Keeps kwok's command in the module graph for `go mod tidy`.
package kwok

import _ "sigs.k8s.io/kwok/cmd/kwok"
