//go:build unix

package ollamatest

import (
	"os/exec"
	"syscall"
)

// terminate asks the server to shut down; ollama stops its runners on
// SIGTERM.
func terminate(cmd *exec.Cmd) { cmd.Process.Signal(syscall.SIGTERM) }

// killGroup kills the server and its runner subprocesses.
func killGroup(cmd *exec.Cmd) { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
