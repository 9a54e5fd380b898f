//go:build unix && !linux

package ollamatest

import (
	"os/exec"
	"syscall"
)

// setProcessGroup puts the server in its own process group, so killGroup
// reaches its runners.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}
