package site

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

func TestZZDump(t *testing.T) {
	f := os.Getenv("DUMP_FILE")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	text, cs := Decode(b, "")
	p := Extract(os.Getenv("DUMP_URL"), text)
	p.Charset = cs
	if os.Getenv("DUMP_FULL") == "" {
		if len(p.Text) > 600 {
			p.Text = p.Text[:600] + "…"
		}
		p.Links = nil
		p.ScriptText = ""
	}
	out, _ := json.MarshalIndent(p, "", " ")
	fmt.Println(string(out))
}
