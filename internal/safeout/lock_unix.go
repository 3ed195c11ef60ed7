//go:build unix

package safeout

import (
	"os"
	"syscall"
)

// lockDir takes an exclusive lock on a folder, so that two runs writing
// into it do not each miss the other's manifest entries. It waits for the
// other run's commit, which is short: renames only.
func lockDir(dir string) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// syncDir makes the folder's renames durable.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}
