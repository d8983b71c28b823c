// Command gongkai checks a Chinese government disclosure website against the
// national inspection indicators and writes its rectification list.
package main

import (
	"fmt"
	"os"
)

func main() {
	err := newRootCmd().Execute()
	code := exitCode(err)
	if err != nil && code != exitInterrupted {
		fmt.Fprintln(os.Stderr, "gongkai: "+err.Error())
	}
	os.Exit(code)
}
