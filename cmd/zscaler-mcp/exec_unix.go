//go:build unix

package main

import (
	"fmt"
	"syscall"
)

// runCompanion replaces this process with the command: the standard streams,
// signals (Ctrl-C, SIGTERM) and the exit status are then the command's own,
// with nothing in between.
func runCompanion(path string, argv, env []string) error {
	err := syscall.Exec(path, argv, env)
	return fmt.Errorf("running %s: %w", path, err)
}
