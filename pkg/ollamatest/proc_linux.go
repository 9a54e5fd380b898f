package ollamatest

import (
	"os/exec"
	"syscall"
)

// setProcessGroup puts the server in its own process group, so killGroup
// reaches its runners, and has the kernel send it SIGTERM if the test
// binary dies (a timeout panic, ^C) before its cleanup can run.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}
